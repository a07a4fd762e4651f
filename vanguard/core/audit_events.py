"""The core app's own events.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and subscribers.
"""

from .events import declare

USER_PASSWORD_CHANGE = declare("user.password_change", "修改密码")
