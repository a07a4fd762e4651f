"""Who may read core's own records (the kit itself is ``core.access``).

- The global audit trail is the system administrator's alone: no role reaches it. An object's
  history page shows its events to whoever may view the object itself (``core.views.object_history``).
- A background task is read by the user who started it (its progress bar and result).

Kept apart from the kit so that ``core.access`` holds no model: it is imported while the
models load (``org.scope``), and a reader looking for core's rules finds them here.
"""

from .access import Own, Policy, declare
from .choices import Action
from .models import AuditEvent, TaskRun

AUDIT_EVENTS = Policy(AuditEvent, {}, doc="审计日志:只有系统管理员查看全局日志。")
TASK_RUNS = Policy(TaskRun, {Action.VIEW: (Own("owner", user=True),)}, doc="后台任务:发起人查看进度和结果。")

declare(AUDIT_EVENTS, TASK_RUNS)
