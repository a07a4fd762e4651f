"""Events of the campaigns app: activities, targets, progress, letters, commitments, results counted.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and subscribers.
"""

from vanguard.core.events import declare

CAMPAIGN_CREATE = declare("campaign.create", "新建活动")
CAMPAIGN_UPDATE = declare("campaign.update", "修改活动")
CAMPAIGN_ACTIVATE = declare("campaign.activate", "启动活动")
CAMPAIGN_CLOSE = declare("campaign.close", "结束活动")
CAMPAIGN_REFRESH = declare("campaign.refresh", "刷新目标状态")
TARGET_CREATE = declare("target.create", "新建目标")
TARGET_UPDATE = declare("target.update", "修改目标")
TARGET_STAGE_SET = declare("target_stage.set", "设定阶段性目标")
PROGRESS_REPORT_SUBMIT = declare("progress_report.submit", "填报进度")
PROGRESS_REPORT_ACCEPT = declare("progress_report.accept", "审核通过")
PROGRESS_REPORT_RETURN = declare("progress_report.return", "退回填报")
PROGRESS_REPORT_IMPORT = declare("progress_report.import", "导入进度")
LETTER_ISSUE = declare("letter.issue", "签发责任书")
LETTER_ACKNOWLEDGE = declare("letter.acknowledge", "确认责任书")
COMMITMENT_CREATE = declare("commitment.create", "新增承诺事项")
COMMITMENT_CHECK_CREATE = declare("commitment_check.create", "登记推动检查")
COMMITMENT_CHECK_UPDATE = declare("commitment_check.update", "修改推动检查")
TARGET_CONTRIBUTION_LINK = declare("target_contribution.link", "关联目标")
TARGET_CONTRIBUTION_UNLINK = declare("target_contribution.unlink", "取消关联目标")
TARGET_CONTRIBUTION_COUNT = declare("target_contribution.count", "成果计入目标")
TARGET_CONTRIBUTION_IMPORT = declare("target_contribution.import", "批量计入成果")
TARGET_CONTRIBUTION_UNCOUNT = declare("target_contribution.uncount", "撤销计入目标")
