"""The core app's own events.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and subscribers.
"""

from .events import declare

USER_PASSWORD_CHANGE = declare("user.password_change", "修改密码")
TOKEN_CREATE = declare("user.token_create", "签发接口令牌")
TOKEN_REVOKE = declare("user.token_revoke", "作废接口令牌")
CALENDAR_DAY_CREATE = declare("calendar_day.create", "新增日历调整")
CALENDAR_DAY_UPDATE = declare("calendar_day.update", "修改日历调整")
CALENDAR_DAY_DELETE = declare("calendar_day.delete", "删除日历调整")
DOCUMENT_TEMPLATE_UPLOAD = declare("document_template.upload", "上传文书模板")
DOCUMENT_TEMPLATE_ACTIVATE = declare("document_template.activate", "启用文书模板")
DOCUMENT_TEMPLATE_DEACTIVATE = declare("document_template.deactivate", "停用文书模板")
DOCUMENT_TEMPLATE_UPDATE = declare("document_template.update", "修改文书模板说明")
DOCUMENT_TEMPLATE_DELETE = declare("document_template.delete", "删除文书模板")
