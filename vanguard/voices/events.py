"""Events of the voices app; each is also the audit action of the change (``core.events``).

Grep a constant for its emitters and subscribers.
"""

from dataclasses import dataclass

from vanguard.core.events import declare


# ---- suggestion verification (emitted by the suggestion workflow; ``contributions`` counts the verified
# benefit into the campaign targets the suggestion is linked to, and releases it when the verification is undone)
@dataclass(frozen=True)
class SuggestionChange:
    """Who took a step on which suggestion (the suggestion as saved by the step)."""

    actor: object
    suggestion: object


SUGGESTION_VERIFIED = declare("suggestion.verify", "效益核定", payload=SuggestionChange)
# ---- end suggestion verification

# ---- participation
# A verified benefit taken back (the finance sign-off withdrawn): the counted value leaves the targets.
SUGGESTION_UNVERIFIED = declare("suggestion.unverify", "撤销效益核定", payload=SuggestionChange)
PARTICIPATION_TARGET_SET = declare("suggestion.participation_target_set", "设置建议参与目标")
PARTICIPATION_TARGET_DELETE = declare("suggestion.participation_target_delete", "删除建议参与目标")
# ---- end participation
