"""Events of the indicators app. Each is also the audit action of the change (``core.events``); grep a
constant for its emitters and subscribers.

``INDICATOR_VALUES_CHANGED`` carries the months, units and indicators a write touched (``ValuesChange``),
in the write's transaction: what is computed from the values (roll-ups, competition standings) refreshes
on it.
"""

from dataclasses import dataclass

from vanguard.core.events import declare


@dataclass(frozen=True)
class ValuesChange:
    """What a write of values touched (ids), and who wrote."""

    actor: object
    indicator_ids: frozenset
    unit_ids: frozenset
    months: frozenset


@dataclass(frozen=True)
class MonthClosed:
    """A month closed (关账), and by whom: what is judged on closed months (red flags, pledges) is decided."""

    actor: object
    month: int


# ---------------------------------------------------------------- indicators
INDICATOR_SAVE = declare("indicator.save", "保存指标定义")
INDICATOR_VALUES = declare("indicator.values", "录入指标数值")
INDICATOR_VALUES_CHANGED = declare("indicator.values_changed", "指标数值变化", payload=ValuesChange)
INDICATOR_CORRECT = declare("indicator.correct", "更正已关账月份的指标数值")
INDICATOR_CLOSE = declare("indicator.close", "指标数值关账", payload=MonthClosed)
INDICATOR_REOPEN = declare("indicator.reopen", "指标数值取消关账")
INDICATOR_IMPORT = declare("indicator.import", "导入指标数值")
TARGET_SAVE = declare("indicator.target_save", "设定指标目标")
TARGET_DELETE = declare("indicator.target_delete", "删除指标目标")
PLEDGE_SAVE = declare("indicator.pledge_save", "作出指标承诺")
PLEDGE_FOLLOW = declare("indicator.pledge_follow", "跟踪指标承诺")

# ---- competitions
COMPETITION_SAVE = declare("competition.save", "保存竞赛")
COMPETITION_RULES = declare("competition.rules", "修改竞赛计分规则")
COMPETITION_ENTRIES = declare("competition.entries", "修改参赛单位")
COMPETITION_JUDGES = declare("competition.judges", "修改评委")
COMPETITION_SCREEN_TOKEN = declare("competition.screen_token", "更换竞赛大屏令牌")
COMPETITION_JUDGE_SCORE = declare("competition.judge_score", "评委签名评分")
COMPETITION_VETO = declare("competition.veto", "记录一票否决")
COMPETITION_VETO_DELETE = declare("competition.veto_delete", "撤销一票否决")
COMPETITION_BONUS = declare("competition.bonus", "记录竞赛加分")
COMPETITION_RECOMPUTE = declare("competition.recompute", "重算竞赛排名")
COMPETITION_RED_FLAG = declare("competition.red_flag", "评定流动红旗")
# The results of a period made final: what notices (公示) and honours (表彰) read, through ``selectors.
# competitions.results``; the payload is the ``CompetitionResult``.
COMPETITION_RESULTS_FINAL = declare("competition.results_final", "公布竞赛结果")
# ---- end competitions

# ---- talent


@dataclass(frozen=True)
class TalentChange:
    """A step of a talent title's life (nomination, assessment, award, revocation): who did it, to which row."""

    actor: object
    obj: object


TALENT_TITLE_SAVE = declare("talent.title_save", "保存人才称号")
TALENT_NOMINATE = declare("talent.nominate", "推荐人才", payload=TalentChange)
TALENT_WITHDRAW = declare("talent.withdraw", "撤回人才推荐", payload=TalentChange)
TALENT_PANEL = declare("talent.panel", "组建人才评审组", payload=TalentChange)
TALENT_SCORE = declare("talent.score", "人才评审评分", payload=TalentChange)
TALENT_CONCLUDE = declare("talent.conclude", "人才评审结论", payload=TalentChange)
TALENT_AWARD = declare("talent.award", "授予人才称号", payload=TalentChange)
TALENT_REVOKE = declare("talent.revoke", "撤销人才称号", payload=TalentChange)
TALENT_PLAN_SAVE = declare("talent.plan_save", "保存人才培养使用规划")
TALENT_PLAN_RECORD = declare("talent.plan_record", "登记规划执行记录")
STUDIO_SAVE = declare("studio.save", "登记职工创新工作室")
STUDIO_PROJECT_SAVE = declare("studio.project_save", "登记工作室年度项目")
STUDIO_REVIEW = declare("studio.review", "职工创新工作室复核")
# ---- end talent
