"""Events of the org app: the trees, people, memberships, logins and roles.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and subscribers.
"""

from vanguard.core.events import declare

PARTY_ORG_CREATE = declare("party_org.create", "新建党组织")
PARTY_ORG_UPDATE = declare("partyorg.update", "修改党组织")
PARTY_ORG_MOVE = declare("partyorg.move", "移动党组织")
UNIT_CREATE = declare("unit.create", "新建单位")
UNIT_UPDATE = declare("unit.update", "修改单位")
UNIT_MOVE = declare("unit.move", "移动单位")
PERSON_CREATE = declare("person.create", "新增人员")
PERSON_UPDATE = declare("person.update", "修改人员信息")
MEMBERSHIP_SET = declare("membership.set", "确定组织关系")
MEMBERSHIP_END = declare("membership.end", "转出组织关系")
USER_CREATE = declare("user.create", "开通账号")
LOGIN = declare("user.login", "登录")
LOGIN_FAILED = declare("user.login_failed", "登录失败")
LOGIN_LOCKOUT = declare("user.lockout", "登录锁定")
LOGIN_UNMATCHED = declare("user.login_unmatched", "目录账号无对应人员")
ROLE_ASSIGN = declare("role.assign", "授予角色")
ROLE_REVOKE = declare("role.revoke", "撤销角色")
