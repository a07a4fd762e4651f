"""Events of the voices app. Each is also the audit action of the change (``core.events``); grep a
constant for its emitters and subscribers.

The suggestion workflow: every step emits its event with a ``SuggestionChange`` (the suggestion as
saved by the step, and who took it), in the step's transaction. ``SUGGESTION_VERIFIED`` is the one a
verified benefit is counted on (into the campaign targets the suggestion's unit serves);
``SUGGESTION_REWARDED`` the one a paid reward is counted on.
"""

from dataclasses import dataclass

from vanguard.core.events import declare

from .choices import SuggestionStep


@dataclass(frozen=True)
class SuggestionChange:
    """Who took a step on which suggestion (the suggestion as saved by the step)."""

    actor: object
    suggestion: object


# ---------------------------------------------------------------- the suggestion workflow
SUGGESTION_SUBMITTED = declare("suggestion.submit", "提交合理化建议", payload=SuggestionChange)
SUGGESTION_RESUBMITTED = declare("suggestion.resubmit", "修改后重新提交建议", payload=SuggestionChange)
SUGGESTION_UNIT_PASSED = declare("suggestion.unit_pass", "建议单位初审通过", payload=SuggestionChange)
SUGGESTION_ADOPTED = declare("suggestion.recommend", "建议推荐实施(采纳)", payload=SuggestionChange)
SUGGESTION_RETURNED = declare("suggestion.return", "建议退回完善", payload=SuggestionChange)
SUGGESTION_REJECTED = declare("suggestion.reject", "建议不予采纳", payload=SuggestionChange)
SUGGESTION_DUPLICATE = declare("suggestion.duplicate", "认定为重复建议", payload=SuggestionChange)
SUGGESTION_JOINED = declare("suggestion.join", "并入原建议为共同建议人", payload=SuggestionChange)
SUGGESTION_IMPLEMENTED = declare("suggestion.implement", "建议实施完成", payload=SuggestionChange)
SUGGESTION_VERIFIED = declare("suggestion.verify", "建议效益核定", payload=SuggestionChange)
SUGGESTION_REWARDED = declare("suggestion.reward", "建议兑现奖励", payload=SuggestionChange)
SUGGESTION_IMPORT = declare("suggestion.import", "导入历史建议")
SUGGESTION_ATTACH = declare("suggestion.attach", "上传建议附件")
SUGGESTION_PROJECT = declare("suggestion.project", "建议转为项目", payload=SuggestionChange)
SUGGESTION_RULE_CHANGE = declare("suggestion.rule_change", "修改建议答复期限或奖励标准")

# The event of each step (``services.suggestions`` emits the one of the step it took).
STEP_EVENTS = {
    SuggestionStep.SUBMIT: SUGGESTION_SUBMITTED,
    SuggestionStep.RESUBMIT: SUGGESTION_RESUBMITTED,
    SuggestionStep.UNIT_PASS: SUGGESTION_UNIT_PASSED,
    SuggestionStep.RECOMMEND: SUGGESTION_ADOPTED,
    SuggestionStep.RETURN: SUGGESTION_RETURNED,
    SuggestionStep.REJECT: SUGGESTION_REJECTED,
    SuggestionStep.DUPLICATE: SUGGESTION_DUPLICATE,
    SuggestionStep.JOIN: SUGGESTION_JOINED,
    SuggestionStep.IMPLEMENT: SUGGESTION_IMPLEMENTED,
    SuggestionStep.VERIFY: SUGGESTION_VERIFIED,
    SuggestionStep.REWARD: SUGGESTION_REWARDED,
}


# ---------------------------------------------------------------- visits and findings


@dataclass(frozen=True)
class FindingChange:
    """Who took a step on which finding (the finding as saved by the step)."""

    actor: object
    finding: object


VISIT_CREATE = declare("visit.create", "登记交流走访")
VISIT_UPDATE = declare("visit.update", "修改交流走访")
FINDING_CREATE = declare("finding.create", "提出问题", payload=FindingChange)
FINDING_IMPORT = declare("finding.import", "批量登记问题")
FINDING_ACCEPTED = declare("finding.accept", "接收问题", payload=FindingChange)
FINDING_STARTED = declare("finding.start", "开始整改", payload=FindingChange)
FINDING_RESOLVED = declare("finding.resolve", "整改完成", payload=FindingChange)
FINDING_VERIFIED = declare("finding.verify", "验证销号", payload=FindingChange)
FINDING_REOPENED = declare("finding.reopen", "退回重改", payload=FindingChange)
FINDING_EXTENSION_REQUEST = declare("finding.extension_request", "申请延期", payload=FindingChange)
FINDING_EXTENSION_APPROVED = declare("finding.extension_approve", "批准延期", payload=FindingChange)
FINDING_EXTENSION_REFUSED = declare("finding.extension_refuse", "不批准延期", payload=FindingChange)

# The event of each step (``finding_transition`` emits the one of its action).
FINDING_TRANSITION_EVENTS = {
    "accept": FINDING_ACCEPTED,
    "start": FINDING_STARTED,
    "resolve": FINDING_RESOLVED,
    "verify": FINDING_VERIFIED,
    "reopen": FINDING_REOPENED,
}

# ---- participation
# A verified benefit taken back (the finance sign-off withdrawn): the counted value leaves the targets.
SUGGESTION_UNVERIFIED = declare("suggestion.unverify", "撤销效益核定", payload=SuggestionChange)
PARTICIPATION_TARGET_SET = declare("suggestion.participation_target_set", "设置建议参与目标")
PARTICIPATION_TARGET_DELETE = declare("suggestion.participation_target_delete", "删除建议参与目标")
# ---- end participation
