"""Competition pages: the list, a competition's board by category and period with its red flags, the
workshop screen (no login: the board's own token), a team's breakdown, a judge's score sheet on a phone,
vetoes, the results in Excel, and making them final."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.downloads import file_response
from vanguard.core.excel import AMOUNT, INTEGER, NUMBER, Column, report_title, write_table
from vanguard.core.forms import StyledFormMixin
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import UnitKind
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import Person, Unit

from ..choices import CompetitionKind, Granularity, IncidentLevel, Normalisation, ScoringMethod
from ..models import Competition, CompetitionCategory, CompetitionEntry, Indicator, VetoRule
from ..selectors import competitions as selectors
from ..services import competitions as services

BOARD_PAGE = 50
SCREEN_ROWS = 15


class CompetitionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="竞赛名称或组织单位")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2999)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *CompetitionKind.choices])


def filtered_competitions(request):
    form = CompetitionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.competition_list(user=request.user, year=data.get("year"), kind=data.get("kind", ""),
                                      search=data.get("q", ""))  # fmt: skip
    return form, rows


def competition_list(request):
    form, rows = filtered_competitions(request)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {"filter_form": form, "page_obj": page, "may_create": may(request.user, Action.ADD, Competition)}
    return render(request, "indicators/competition_list.html", context)


LIST_COLUMNS = [
    Column("竞赛", 30), Column("类型", 12), Column("年度", 8, kind=INTEGER), Column("组织单位", 20),
    Column("评比周期", 10), Column("计分方式", 12), Column("流动红旗分数线", 12, kind=NUMBER),
]  # fmt: skip


def competition_list_export(request):
    """The competitions listed (the same filters), in Excel that prints; a handful a year, built at once."""
    _form, rows = filtered_competitions(request)
    data = write_table(
        columns=LIST_COLUMNS, sheet_name="竞赛", title=report_title("劳动竞赛一览"),
        rows=([c.name, c.get_kind_display(), c.year, c.unit.name, c.get_granularity_display(), c.get_method_display(),
               c.red_flag_threshold] for c in rows[:5000]),
    )  # fmt: skip
    return file_response(data, f"劳动竞赛一览-{timezone.localdate():%Y%m%d}.xlsx", "xlsx")


def _board_context(request, competition):
    period = selectors.parse_period(competition, request.GET.get("period")) or selectors.shown_period(competition)
    categories = list(competition.categories.all())
    if not categories:
        raise Http404
    category = next((c for c in categories if str(c.pk) == request.GET.get("category")), categories[0])
    return period, categories, category


def competition_detail(request, pk):
    """The board: one category's standings in one period, a page at a time; the red flags beside it."""
    competition = get_scoped_object(request, Competition.objects.select_related("unit"), pk=pk)
    period, categories, category = _board_context(request, competition)
    page = Paginator(selectors.board_rows(category=category, period=period), BOARD_PAGE).get_page(
        request.GET.get("page")
    )
    shown = [s.entry_id for s in page]
    readable = set(selectors.entries_for(user=request.user, competition=competition).filter(pk__in=shown)
                   .values_list("pk", flat=True))  # fmt: skip
    scope = get_scope(request.user)
    history = selectors.red_flag_history(competition=competition, category=category)[:12]
    context = {
        "competition": competition, "period": period, "periods": competition.periods(), "categories": categories,
        "category": category, "page_obj": page, "history": history,
        "flag": next((f for f in history if f.first_month == period.first), None),
        "organiser": may(request.user, Action.CHANGE, competition), "readable": readable,
        "own_unit": scope.unit_path, "own_person": scope.person_id,
        "judge": services.judge_seat(request.user, competition) is not None if competition.judged else False,
        "final": selectors.is_final(competition=competition, period=period),
    }  # fmt: skip
    return render(request, "indicators/competition_detail.html", context)


def competition_screen(request, token):
    """The workshop screen: read-only, large, dark, refreshing itself; opened by the board's token only."""
    competition = Competition.objects.filter(screen_token=token).select_related("unit").first()
    if competition is None or len(token) < 20:
        raise Http404
    period = selectors.shown_period(competition)
    flags = selectors.red_flags(competition=competition, period=period)
    boards = [
        (category, list(selectors.board_rows(category=category, period=period)[:SCREEN_ROWS]), flags.get(category.pk))
        for category in competition.categories.all()[:4]
    ]
    context = {"competition": competition, "period": period, "boards": boards, "now": timezone.localtime()}
    response = render(request, "indicators/competition_screen.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def entry_breakdown(request, pk):
    """A team's breakdown for a period: every point with the value, target, judge score or veto behind it."""
    entry = get_scoped_object(request, CompetitionEntry.objects.select_related("competition", "category", "unit"),
                              action=Action.REVIEW, pk=pk)  # fmt: skip
    competition = entry.competition
    period = selectors.parse_period(competition, request.GET.get("period")) or selectors.current_period(competition)
    standing = selectors.breakdown(entry=entry, period=period)
    history = selectors.entry_history(entry=entry)
    context = {"entry": entry, "competition": competition, "period": period, "periods": competition.periods(),
               "standing": standing, "history": history, "chart": _history_chart(history, competition)}  # fmt: skip
    return render(request, "indicators/competition_breakdown.html", context)


def _history_chart(history, competition):
    """The team's points period by period against the red-flag line (a vetoed period has no point)."""
    if len(history) < 2:
        return None
    points = [None if s.vetoed or s.points is None else float(s.points) for s in history]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 16, "bottom": 32, "top": 24},
        "xAxis": {"type": "category", "data": [s.period.label for s in history]},
        "yAxis": {"type": "value", "name": "分"},
        "series": [
            {"name": "得分", "type": "line", "data": points, "connectNulls": False, "showSymbol": True, "symbolSize": 8,
             "markLine": {"symbol": "none", "data": [{"yAxis": float(competition.red_flag_threshold), "name": "红旗线"}]}},
        ],
    }  # fmt: skip


def judge_sheet(request, pk):
    """A judge's score sheet for a period (on a phone): each entry, his signed score or a box to sign one."""
    competition = get_scoped_object(request, Competition, pk=pk)
    period = selectors.parse_period(competition, request.GET.get("period")) or selectors.current_period(competition)
    seat, rows = selectors.judge_sheet(user=request.user, competition=competition, period=period)
    if seat is None:
        raise Http404
    error, failed = "", None
    if request.method == "POST":
        entry = competition.entries.filter(pk=request.POST.get("entry") or 0).first()
        try:
            if entry is None:
                raise ValidationError("请选择参赛单位。")
            services.judge_score_sign(actor=request.user, entry=entry, first_month=period.first,
                                      last_month=period.last, score=request.POST.get("score", ""),
                                      note=request.POST.get("note", ""))  # fmt: skip
            success(request, f"已签名评分:{entry.name}")
            return redirect(f"{request.path}?period={period.first}-{period.last}")
        except ValidationError as exc:
            error, failed = "".join(exc.messages), getattr(entry, "pk", None)
    context = {"competition": competition, "period": period, "periods": competition.periods(), "rows": rows,
               "error": error, "failed": failed}  # fmt: skip
    return render(request, "indicators/competition_judge_sheet.html", context)


class VetoForm(StyledFormMixin, forms.Form):
    entry = forms.ModelChoiceField(label="参赛单位", queryset=CompetitionEntry.objects.none())
    period = forms.ChoiceField(label="评比周期")
    rule = forms.ModelChoiceField(label="否决规则", queryset=VetoRule.objects.none(), required=False)
    level = forms.TypedChoiceField(label="事故等级", choices=[("", "—"), *IncidentLevel.choices], coerce=int,
                                   required=False, empty_value=None)  # fmt: skip
    reason = forms.CharField(label="否决原因", max_length=300)
    evidence = forms.CharField(label="证据", widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="事故报告编号、通报文号或检查记录")  # fmt: skip

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.fields["entry"].queryset = competition.entries.order_by("name")
        self.fields["rule"].queryset = competition.veto_rules.all()
        self.fields["period"].choices = [(f"{p.first}-{p.last}", p.label) for p in competition.periods()]

    def clean_period(self):
        period = selectors.parse_period(self.competition, self.cleaned_data["period"])
        if period is None:
            raise ValidationError("请选择评比周期。")
        return period


def veto_create(request, pk):
    """记录一票否决 (the office, the union over the competition)."""
    competition = get_scoped_object(request, Competition, action=Action.CHANGE, pk=pk)
    current = selectors.current_period(competition)
    initial = {"period": f"{current.first}-{current.last}", "entry": request.GET.get("entry")}
    form = VetoForm(request.POST or None, competition=competition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.veto_record(actor=request.user, entry=data["entry"], first_month=data["period"].first,
                                 last_month=data["period"].last, reason=data["reason"], evidence=data["evidence"],
                                 rule=data["rule"], level=data["level"])  # fmt: skip
            success(request, f"已记录一票否决:{data['entry'].name}")
            return redirect(board_url(competition, data["period"]))
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "indicators/competition_veto_form.html", {"competition": competition, "form": form})


class CompetitionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="竞赛名称", max_length=100)
    kind = forms.ChoiceField(label="竞赛类型", choices=CompetitionKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2999)
    unit = TreeNodeChoiceField(Unit.objects.none(), label="组织单位", help_text="参赛班组须在该单位范围内")
    granularity = forms.ChoiceField(label="评比周期", choices=Granularity.choices)
    method = forms.ChoiceField(label="计分方式", choices=ScoringMethod.choices)
    min_judges = forms.IntegerField(label="最少评委人数", min_value=1, max_value=50, initial=3)
    red_flag_threshold = forms.DecimalField(label="流动红旗分数线", min_value=0, max_value=1000, initial=90)
    categories = forms.CharField(label="评比类别", initial="生产班组、辅助班组", help_text="多个类别用顿号或逗号分开")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = choices(user, Competition, "unit", Action.ADD)

    def clean_categories(self):
        names = [n.strip() for n in re.split(r"[、,,;;\s]+", self.cleaned_data["categories"]) if n.strip()]
        if not names or len(names) > 10 or len(set(names)) < len(names):
            raise ValidationError("请填写 1 至 10 个不重复的类别。")
        return names


def competition_create(request):
    """新建竞赛 (the office, the union for her plant)."""
    if not may(request.user, Action.ADD, Competition):
        raise Http404
    form = CompetitionForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            competition = services.competition_create(actor=request.user, **data)
            success(request, f"已建立竞赛:{competition.name},请添加参赛班组和计分规则")
            return redirect("competition-setup", pk=competition.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "indicators/competition_form.html", {"form": form})


class EntriesForm(StyledFormMixin, forms.Form):
    category = forms.ModelChoiceField(label="类别", queryset=CompetitionCategory.objects.none())
    under = TreeNodeChoiceField(Unit.objects.none(), label="加入该单位下的全部班组")

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = competition.categories.all()
        self.fields["under"].queryset = Unit.objects.filter(path__startswith=competition.unit.path)


class RuleForm(StyledFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label="指标", queryset=Indicator.objects.filter(active=True))
    weight = forms.DecimalField(label="分值", min_value=0, max_value=1000)
    normalisation = forms.ChoiceField(label="折算方式", choices=Normalisation.choices)
    target = forms.DecimalField(label="目标值(折算后)", required=False, help_text="不填则取班组本期的指标目标")
    tiers = forms.CharField(
        label="超额档次", required=False, help_text="如“5:2, 10:4”:超目标 5% 加 2 分,超 10% 加 4 分"
    )

    def clean_tiers(self):
        tiers = []
        for part in re.split(r"[,,;;\s]+", self.cleaned_data["tiers"] or ""):
            if not part:
                continue
            beyond, _, points = part.replace(":", ":").partition(":")
            try:
                tiers.append((Decimal(beyond.rstrip("%")), Decimal(points)))
            except (InvalidOperation, ValueError):
                raise ValidationError(f"“{part}”不是“超出%:加分”的格式。") from None
        return tiers


class JudgesForm(StyledFormMixin, forms.Form):
    numbers = forms.CharField(label="评委工号", help_text="多个工号用空格或逗号分开", widget=forms.TextInput())

    def clean_numbers(self):
        numbers = [n for n in re.split(r"[,,;;\s]+", self.cleaned_data["numbers"]) if n]
        people = list(Person.objects.filter(employee_no__in=numbers, is_active=True))
        missing = set(numbers) - {p.employee_no for p in people}
        if missing:
            raise ValidationError(f"找不到工号:{'、'.join(sorted(missing)[:10])}")
        return people


def competition_setup(request, pk):
    """设置竞赛 (organisers): teams into categories, the rules of indicator scoring, the panel of judges."""
    competition = get_scoped_object(request, Competition.objects.select_related("unit"), action=Action.CHANGE, pk=pk)
    part = request.POST.get("part", "")
    forms_ = {
        "entries": EntriesForm(request.POST if part == "entries" else None, competition=competition, prefix="e"),
        "rule": RuleForm(request.POST if part == "rule" else None, prefix="r"),
        "judges": JudgesForm(request.POST if part == "judges" else None, prefix="j"),
    }
    form = forms_.get(part)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            _setup(request.user, competition, part, data)
            success(request, "已保存竞赛设置")
            return redirect("competition-setup", pk=competition.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context = {"competition": competition, "forms": forms_,
               "rules": competition.rules.select_related("indicator").prefetch_related("tiers"),
               "entry_counts": competition.categories.annotate(n=Count("entries")),
               "judges": competition.judges.select_related("person")}  # fmt: skip
    return render(request, "indicators/competition_setup.html", context)


def _setup(user, competition, part, data):
    if part == "entries":
        teams = Unit.objects.filter(kind=UnitKind.TEAM, path__startswith=data["under"].path)
        services.competition_entries_add(actor=user, competition=competition, category=data["category"],
                                         units=list(teams))  # fmt: skip
    elif part == "rule":
        services.competition_rule_save(actor=user, competition=competition, **data)
    else:
        current = list(Person.objects.filter(judge_seats__competition=competition))
        services.competition_judges_set(actor=user, competition=competition, people=[*current, *data["numbers"]])


RESULT_COLUMNS = [
    Column("类别", 16), Column("名次", 6, kind=INTEGER), Column("参赛单位", 24), Column("得分", 10, kind=NUMBER),
    Column("奖项", 10), Column("奖金(元)", 12, kind=AMOUNT), Column("说明", 40),
]  # fmt: skip


def results_export(request, pk):
    """The period's results in Excel (prints: title row, repeated header, fit to width)."""
    competition = get_scoped_object(request, Competition, pk=pk)
    period = selectors.parse_period(competition, request.GET.get("period")) or selectors.current_period(competition)
    table, final = selectors.results(competition=competition, period=period)
    rows = [[c.name, r, e.name, p, t, a, s.note] for c, r, e, p, t, a, s in table]
    title = f"{competition.name} {period.label}竞赛结果{'' if final else '(未公布)'}"
    data = write_table(columns=RESULT_COLUMNS, rows=rows, sheet_name="竞赛结果", title=report_title(title))
    return file_response(data, f"{competition.name}-{period.label}-结果.xlsx", "xlsx")


@require_POST
def results_publish(request, pk):
    competition = get_scoped_object(request, Competition, action=Action.CHANGE, pk=pk)
    period = selectors.parse_period(competition, request.POST.get("period"))
    if period is None:
        raise Http404
    try:
        services.competition_results_publish(actor=request.user, competition=competition, first_month=period.first,
                                             last_month=period.last)  # fmt: skip
        success(request, f"已公布{period.label}竞赛结果")
    except ValidationError as exc:
        messages.error(request, "".join(exc.messages))
    return redirect(board_url(competition, period))


@require_POST
def competition_recompute(request, pk):
    """重新计算: after targets were set, headcounts changed on the roster or months were closed."""
    competition = get_scoped_object(request, Competition, action=Action.CHANGE, pk=pk)
    services.competition_recompute(actor=request.user, competition=competition)
    success(request, "已按最新数值、目标和人数重新计算排名")
    period = selectors.parse_period(competition, request.POST.get("period")) or selectors.current_period(competition)
    return redirect(board_url(competition, period))


@require_POST
def screen_token_regenerate(request, pk):
    """A new screen token: every screen showing the old link goes dark."""
    competition = get_scoped_object(request, Competition, action=Action.CHANGE, pk=pk)
    services.competition_screen_token_regenerate(actor=request.user, competition=competition)
    success(request, "已更换大屏链接,原链接立即失效")
    return redirect("competition-detail", pk=competition.pk)


def board_url(competition, period):
    return f"{reverse('competition-detail', args=[competition.pk])}?period={period.first}-{period.last}"
