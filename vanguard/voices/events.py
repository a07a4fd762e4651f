"""Events of the voices app. Each is also the audit action of the change (``core.events``).

Visits and findings: a visit recorded, a finding raised, each step of its loop, extension requests and decisions.
"""

from dataclasses import dataclass

from vanguard.core.events import declare

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
