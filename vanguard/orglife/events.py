"""Events of the orglife app: meetings, attendance, reviews, training, field days, rules.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and subscribers.
"""

from vanguard.core.events import declare

MEETING_CREATE = declare("meeting.create", "新建会议")
MEETING_UPDATE = declare("meeting.update", "修改会议")
MEETING_HOLD = declare("meeting.hold", "会议已召开")
MEETING_CANCEL = declare("meeting.cancel", "取消会议")
MEETING_MINUTES = declare("meeting.minutes", "记录会议纪要")
MEETING_ATTACHMENT = declare("meeting.attachment", "上传会议附件")
MEETING_ATTENDANCE = declare("meeting.attendance", "登记出勤")
MEETING_IMPORT = declare("meeting.import", "导入会议")
MEETING_DELETE = declare("meeting.delete", "删除会议")
ATTENDANCE_REMOVE = declare("attendance.remove", "删除出勤记录")
REVIEW_CREATE = declare("review.create", "登记讲评")
REVIEW_UPDATE = declare("review.update", "修改讲评")
REVIEW_IMPORT = declare("review.import", "导入讲评")
REVIEW_DELETE = declare("review.delete", "删除讲评")
TRAINING_CREATE = declare("training.create", "登记培训")
TRAINING_UPDATE = declare("training.update", "修改培训")
TRAINING_IMPORT = declare("training.import", "导入培训")
FIELD_DAY_CREATE = declare("field_day.create", "登记深入现场")
FIELD_DAY_IMPORT = declare("field_day.import", "导入深入现场")
RULE_CREATE = declare("rule.create", "新增规则")
RULE_UPDATE = declare("rule.update", "修改规则")
EXEMPTION_CREATE = declare("exemption.create", "登记豁免")
CENTRAL_GROUP_ADD = declare("central_group.add", "加入中心组")
CENTRAL_GROUP_LEAVE = declare("central_group.leave", "退出中心组")
STAR_TITLE_AWARD = declare("star_title.award", "命名明星班组长")
STAR_TITLE_REVOKE = declare("star_title.revoke", "撤销明星班组长")
