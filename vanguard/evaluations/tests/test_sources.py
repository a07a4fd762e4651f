"""The automatic sources on the tiny demo (clock: 2026-06-15, rounds over 2026): each figure equals a
recomputation from the records, written here the plain way (a loop over the rows, one subject at a time); its
link opens for the office on those records; the queries do not grow with the subjects; a round of a kind a
source does not serve, and a bad parameter, are refused with a message."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from vanguard.campaigns.models import Target
from vanguard.core.dates import month_end, month_number, month_of, workdays
from vanguard.indicators.aggregation import better
from vanguard.indicators.models import CompetitionResult, CompetitionStanding, IndicatorValue
from vanguard.indicators.selectors.values import month_targets
from vanguard.org.choices import SECTION_AND_ABOVE, PartyOrgKind, UnitKind
from vanguard.org.models import PartyMembership, PartyOrg, Person, Unit
from vanguard.orglife.choices import ATTENDED, HELD_STATUSES, MONTHS_IN, Subject
from vanguard.orglife.models import (
    Attendance,
    ComplianceExemption,
    ComplianceRule,
    FieldDay,
    Meeting,
    Review,
    TrainingRecord,
)
from vanguard.projects.choices import COMPLETED_STATUSES
from vanguard.projects.models import Project
from vanguard.voices.choices import ADOPTED_STATES, FindingStatus
from vanguard.voices.models import Finding, Suggestion

from ..choices import SubjectKind
from ..models import EvaluationRound, EvaluationScheme, RoundSubject
from ..sources import source, sources

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
TODAY = datetime.date(2026, 6, 15)
NUMBERS = itertools.count(1)
FIELD = {
    SubjectKind.MEMBER: "person",
    SubjectKind.CADRE: "person",
    SubjectKind.WORKER: "person",
    SubjectKind.BRANCH: "party_org",
    SubjectKind.LEADERSHIP: "party_org",
    SubjectKind.TEAM: "unit",
}


def make_round(company, kind, things):
    """A 2026 round of a scheme of ``kind`` over ``things`` (people, party orgs or units), written directly."""
    scheme = EvaluationScheme.objects.create(code=f"src-{next(NUMBERS)}", name=f"来源 {kind}", subject_kind=kind)
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"来源测试 {kind}", org=company.committee, period_start=START, period_end=END,
        created_by=company.users["dangwei"],
    )  # fmt: skip
    RoundSubject.objects.bulk_create(RoundSubject(round=round_, **{FIELD[kind]: thing}) for thing in things)
    return round_


def subjects_of(round_):
    return list(round_.subjects.order_by("pk"))


def branch_members(company):
    ids = PartyMembership.objects.filter(party_org__path__startswith=company.branch.path).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def cadres():
    return list(Person.objects.filter(cadre_level__in=SECTION_AND_ABOVE).order_by("pk"))


def branches():
    return list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("path"))


def teams():
    return list(Unit.objects.filter(kind=UnitKind.TEAM).order_by("path"))


def run(code, round_, params=None):
    return source(code).compute(round_, subjects_of(round_), params or {})


def close(score, expected):
    assert abs(float(score) - expected) < 0.006, (score, expected)


def by_thing(round_, result):
    """{person/org/unit: SourceValue} of a result keyed by subject."""
    return {
        getattr(s, f"{FIELD[round_.scheme.subject_kind]}_id"): result[s.pk]
        for s in subjects_of(round_)
        if s.pk in result
    }


def covered_unit_paths(org):
    return [u.path for u in Unit.objects.filter(party_orgs__path__startswith=org.path)]


# ---------------------------------------------------------------- recomputations


def test_study_hours_add_meetings_attended_and_training(company):
    round_ = make_round(company, SubjectKind.MEMBER, branch_members(company))
    values = by_thing(round_, run("study-hours", round_))
    assert len(values) == round_.subjects.count()
    for person_id, value in values.items():
        hours = Decimal(0)
        for a in Attendance.objects.filter(person_id=person_id).select_related("meeting"):
            if a.status in ATTENDED and a.meeting.status in HELD_STATUSES and START <= a.meeting.date <= END:
                hours += a.meeting.class_hours
        for t in TrainingRecord.objects.filter(person_id=person_id):
            if START <= t.date <= END:
                hours += t.hours
        assert value.value == hours
        close(value.score, min(float(hours) / 40, 1) * 100)
        assert value.detail.startswith("2026 年学时 ") and "/ 40" in value.detail


def test_study_hours_goal_is_a_parameter(company):
    round_ = make_round(company, SubjectKind.MEMBER, branch_members(company)[:3])
    for value in run("study-hours", round_, {"hours": 10}).values():
        close(value.score, min(float(value.value) / 10, 1) * 100)
        assert "/ 10" in value.detail


def test_review_ratings_average_the_grades(company):
    round_ = make_round(company, SubjectKind.MEMBER, branch_members(company))
    values = by_thing(round_, run("review-ratings", round_))
    points = {"praise": 100, "affirm": 85, "remind": 60, "spur": 30}
    reviewed = 0
    for person in branch_members(company):
        mine = [r for r in Review.objects.filter(person=person).select_related("grade") if START <= r.month <= END]
        if not mine:
            assert person.pk not in values
            continue
        reviewed += 1
        close(values[person.pk].score, sum(points[r.grade.code] for r in mine) / len(mine))
        assert f"讲评 {len(mine)} 次" in values[person.pk].detail
    assert reviewed


def test_field_days_count_working_days_on_site(company):
    round_ = make_round(company, SubjectKind.CADRE, cadres())
    values = by_thing(round_, run("field-days", round_))
    due = workdays(START, TODAY)
    for person in cadres():
        days = {d.date for d in FieldDay.objects.filter(person=person) if START <= d.date <= TODAY and d.date in due}
        close(values[person.pk].score, min(len(days) / len(due), 1) * 100)
        assert values[person.pk].value == len(days)


def _held(org, kind, first, last):
    return sum(
        1 for m in Meeting.objects.filter(org=org, kind=kind) if m.status in HELD_STATUSES and first <= m.date <= last
    )


def _compliance(branch):
    """(due, held) of a branch and its party groups: every rule but the reviews, every period of it inside
    2026 and over by today, met when enough meetings were held in it, left out when exempt."""
    due = held = 0
    orgs = PartyOrg.objects.filter(path__startswith=branch.path, kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP])
    for org in orgs:
        for rule in ComplianceRule.objects.filter(is_active=True, org_kind=org.kind).exclude(subject=Subject.REVIEW):
            size = MONTHS_IN[rule.period]
            for last in range(size, 13, size):
                first_day, last_day = month_of(2026, last - size + 1), month_end(month_of(2026, last))
                if last_day > TODAY:
                    continue
                met = _held(org, rule.subject, first_day, last_day) >= rule.minimum
                exempt = (org.founded_on and org.founded_on > first_day) or any(
                    e.rule_id in (None, rule.pk) and e.starts_on <= last_day and e.ends_on >= first_day
                    for e in ComplianceExemption.objects.filter(org=org)
                )
                if exempt and not met:
                    continue
                due += 1
                held += met
    return due, held


def test_meeting_compliance_is_the_share_of_due_meetings_held(company):
    round_ = make_round(company, SubjectKind.BRANCH, branches())
    values = by_thing(round_, run("meeting-compliance", round_))
    for branch in branches():
        due, held = _compliance(branch)
        assert f"应开组织生活 {due} 次,按期召开 {held} 次" in values[branch.pk].detail
        close(values[branch.pk].score, held / due * 100 if due else 100)


def test_meeting_compliance_of_a_leadership_covers_its_branches(company):
    round_ = make_round(company, SubjectKind.LEADERSHIP, [company.committee])
    (value,) = run("meeting-compliance", round_).values()
    due = held = 0
    for branch in branches():
        d, h = _compliance(branch)
        due, held = due + d, held + h
    close(value.score, held / due * 100)


def test_target_progress_weighs_the_targets_due_in_the_period(company):
    people = branch_members(company)
    round_ = make_round(company, SubjectKind.MEMBER, people)
    values = by_thing(round_, run("target-progress", round_))
    for person in people:
        mine = [t for t in Target.objects.filter(owner_person=person) if START <= t.due_date <= END]
        if not mine:
            assert person.pk not in values
            continue
        weights = sum(t.weight for t in mine)
        close(values[person.pk].score, float(sum(t.weight * min(t.progress_pct, 100) for t in mine) / weights))
    assert values


def test_target_progress_of_teams_and_branches(company):
    for kind, things, owned in (
        (SubjectKind.TEAM, teams(), lambda t: Target.objects.filter(owner_person__unit=t)),
        (SubjectKind.BRANCH, branches(), lambda b: Target.objects.filter(owner_org=b)),
    ):
        round_ = make_round(company, kind, things)
        values = by_thing(round_, run("target-progress", round_))
        for thing in things:
            mine = [t for t in owned(thing) if START <= t.due_date <= END]
            if mine:
                weights = sum(t.weight for t in mine)
                close(values[thing.pk].score, float(sum(t.weight * min(t.progress_pct, 100) for t in mine) / weights))
            else:
                assert thing.pk not in values
        assert values


def _accepted_in_2026(project):
    if project.status not in COMPLETED_STATUSES:
        return False
    day = project.accepted_at.date() if project.accepted_at else project.end_date
    return START <= day <= END


def _project_score(projects, goal_projects, goal_benefit):
    benefit = sum((p.measured_benefit or 0) for p in projects)
    return min(len(projects) / goal_projects, 1) * 50 + min(float(benefit) / goal_benefit, 1) * 50


def test_project_benefits_count_accepted_projects_and_their_benefit(company):
    people = branch_members(company)
    round_ = make_round(company, SubjectKind.MEMBER, people)
    values = by_thing(round_, run("project-benefits", round_, {"projects": 2, "benefit": 2_000_000}))
    for person in people:
        mine = [p for p in Project.objects.filter(members__person=person).distinct() if _accepted_in_2026(p)]
        if not mine:
            assert person.pk not in values
            continue
        close(values[person.pk].score, _project_score(mine, 2, 2_000_000))
    assert values
    round_ = make_round(company, SubjectKind.BRANCH, branches())
    values = by_thing(round_, run("project-benefits", round_))
    for branch in branches():
        mine = [p for p in Project.objects.filter(branch__path__startswith=branch.path) if _accepted_in_2026(p)]
        if mine:
            close(values[branch.pk].score, _project_score(mine, 3, 500_000))


def test_suggestions_adopted_of_people_and_teams(company):
    people = branch_members(company)
    round_ = make_round(company, SubjectKind.MEMBER, people)
    values = by_thing(round_, run("suggestions-adopted", round_, {"goal": 2}))
    for person in people:
        n = sum(
            1
            for s in Suggestion.objects.filter(proposer=person)
            if s.status in ADOPTED_STATES and START <= s.submitted_on <= END
        )
        assert values[person.pk].value == n
        close(values[person.pk].score, min(n / 2, 1) * 100)
    round_ = make_round(company, SubjectKind.TEAM, teams())
    values = by_thing(round_, run("suggestions-adopted", round_))
    for team in teams():
        n = sum(
            1
            for s in Suggestion.objects.filter(unit__path__startswith=team.path)
            if s.status in ADOPTED_STATES and START <= s.submitted_on <= END
        )
        assert values[team.pk].value == n
        close(values[team.pk].score, min(n / 3, 1) * 100)


def test_suggestions_adopted_of_branches_count_their_units(company):
    round_ = make_round(company, SubjectKind.BRANCH, branches())
    values = by_thing(round_, run("suggestions-adopted", round_))
    for branch in branches():
        paths = covered_unit_paths(branch)
        n = sum(
            1
            for s in Suggestion.objects.select_related("unit")
            if any(s.unit.path.startswith(p) for p in paths)
            and s.status in ADOPTED_STATES
            and START <= s.submitted_on <= END
        )
        assert values[branch.pk].value == n


def _findings(paths):
    due = [f for f in Finding.objects.select_related("responsible_unit") if any(
        f.responsible_unit.path.startswith(p) for p in paths) and START <= f.deadline <= TODAY]  # fmt: skip
    closed = [f for f in due if f.status == FindingStatus.CLOSED and f.resolved_on and f.resolved_on <= f.deadline]
    return due, closed


def test_findings_closed_on_time(company):
    for kind, things, paths in (
        (SubjectKind.TEAM, teams(), lambda t: [t.path]),
        (SubjectKind.BRANCH, branches(), covered_unit_paths),
    ):
        round_ = make_round(company, kind, things)
        values = by_thing(round_, run("findings-closed", round_))
        for thing in things:
            due, closed = _findings(paths(thing))
            close(values[thing.pk].score, len(closed) / len(due) * 100 if due else 100)
    assert any(_findings([t.path])[0] for t in teams())


def _indicator_months(team_ids, breakthrough=0.2):
    """(indicator-months, met, breakthrough reached) of teams, by the indicators app's own ``month_targets``."""
    n = met = beyond = 0
    last = month_number(TODAY)
    for value in IndicatorValue.objects.filter(unit_id__in=team_ids).select_related("unit", "indicator"):
        if not month_number(START) <= value.month <= last:
            continue
        target = month_targets(value.unit, value.month).get(value.indicator_id)
        if target is None or target.target is None:
            continue
        n += 1
        met += better(value.indicator.direction, float(value.value), target.target)
        beyond += target.breakthrough is not None and better(
            value.indicator.direction, float(value.value), target.breakthrough
        )
    return n, met, beyond


def test_indicator_results_share_of_months_on_target(company):
    chosen = teams()[:3]
    round_ = make_round(company, SubjectKind.TEAM, chosen)
    values = by_thing(round_, run("indicator-results", round_))
    for team in chosen:
        n, met, beyond = _indicator_months([team.pk])
        assert f"指标月 {n} 个,达到目标 {met} 个,其中达到突破性目标 {beyond} 个" in values[team.pk].detail
        close(values[team.pk].score, min(100, (met + beyond * 0.2) / n * 100))


def test_indicator_results_of_a_branch_read_the_teams_of_its_units(company):
    round_ = make_round(company, SubjectKind.BRANCH, [company.branch])
    (value,) = run("indicator-results", round_, {"breakthrough": 0}).values()
    paths = covered_unit_paths(company.branch)
    team_ids = [t.pk for t in teams() if any(t.path.startswith(p) for p in paths)]
    n, met, _beyond = _indicator_months(team_ids)
    close(value.score, met / n * 100)


def test_indicator_results_of_one_indicator(company):
    round_ = make_round(company, SubjectKind.TEAM, [company.team])
    code = IndicatorValue.objects.filter(unit=company.team).select_related("indicator").first().indicator.code
    (value,) = run("indicator-results", round_, {"indicator": code}).values()
    assert "“" in value.detail
    with pytest.raises(ValidationError, match="不存在"):
        run("indicator-results", round_, {"indicator": "no-such-thing"})


def test_competition_placings_take_the_best_published_rank(company):
    round_ = make_round(company, SubjectKind.TEAM, teams())
    values = by_thing(round_, run("competition-placings", round_))
    published = {
        (r.competition_id, r.first_month, r.last_month) for r in CompetitionResult.objects.filter(published=True)
    }
    points = {1: 100, 2: 90, 3: 80}
    for team in teams():
        ranks = [
            s.rank
            for s in CompetitionStanding.objects.filter(entry__unit=team)
            if (s.competition_id, s.first_month, s.last_month) in published
            and s.rank and not s.vetoed and s.stands and s.first_month >= 2026 * 12 and s.last_month <= 2026 * 12 + 11
        ]  # fmt: skip
        if ranks:
            close(values[team.pk].score, points.get(min(ranks), 70))
            assert f"第 {min(ranks)} 名" in values[team.pk].detail
        else:
            assert team.pk not in values
    assert values


# ---------------------------------------------------------------- every source, its links, its queries

KINDS = {
    SubjectKind.MEMBER: lambda c: branch_members(c),
    SubjectKind.WORKER: lambda c: list(Person.objects.filter(unit=c.team).order_by("pk")),
    SubjectKind.CADRE: lambda c: cadres(),
    SubjectKind.BRANCH: lambda c: branches(),
    SubjectKind.LEADERSHIP: lambda c: list(PartyOrg.objects.filter(depth__lte=2).exclude(kind=PartyOrgKind.GROUP)),
    SubjectKind.TEAM: lambda c: teams(),
}
AGREED = (
    "meeting-compliance", "study-hours", "review-ratings", "target-progress", "project-benefits",
    "suggestions-adopted", "findings-closed", "indicator-results", "competition-placings", "field-days",
)  # fmt: skip
# The app's own sources (other tests register stand-ins of their own).
PAIRS = [(code, kind) for code in AGREED for kind in SubjectKind.values if kind in source(code).subject_kinds]


def test_the_agreed_sources_are_registered():
    assert {s.code for s in sources()} >= set(AGREED)
    for s in map(source, AGREED):
        assert s.doc and s.label and s.subject_kinds


@pytest.mark.parametrize("code,kind", PAIRS, ids=[f"{c}-{k}" for c, k in PAIRS])
def test_every_source_scores_links_and_keeps_its_queries(company, client_as, code, kind):
    things = KINDS[kind](company)
    assert len(things) >= 2
    round_ = make_round(company, kind, things)
    subjects = subjects_of(round_)
    half = subjects[: max(1, len(subjects) // 2)]
    round_ = EvaluationRound.objects.select_related("scheme").get(pk=round_.pk)
    with CaptureQueriesContext(connection) as few:
        source(code).compute(round_, half, {})
    with CaptureQueriesContext(connection) as many:
        result = source(code).compute(round_, subjects, {})
    assert len(many) == len(few), (len(few), len(many))
    assert len(many) <= 8
    assert set(result) <= {s.pk for s in subjects}
    for value in result.values():
        assert Decimal(0) <= value.score <= Decimal(100)
        assert value.detail and value.url
        resolve(value.url.split("?")[0])
    if result:
        client = client_as("dangwei")
        value = max(result.values(), key=lambda v: v.value or 0)
        assert client.get(value.url).status_code == 200, value.url


def test_a_kind_not_served_is_refused_with_a_message(company):
    for s in map(source, AGREED):
        kind = next(k for k in SubjectKind.values if k not in s.subject_kinds)
        round_ = make_round(company, kind, KINDS[kind](company)[:1])
        with pytest.raises(ValidationError) as refused:
            s.compute(round_, subjects_of(round_), {})
        message = refused.value.messages[0]
        assert s.label in message and dict(SubjectKind.choices)[kind] in message


def test_a_bad_parameter_is_refused_with_a_message(company):
    round_ = make_round(company, SubjectKind.MEMBER, branch_members(company)[:2])
    with pytest.raises(ValidationError, match="要求学时"):
        run("study-hours", round_, {"hours": "四十"})
    with pytest.raises(ValidationError, match="不小于"):
        run("study-hours", round_, {"hours": -1})
    with pytest.raises(ValidationError, match="等级分值"):
        run("review-ratings", round_, {"points": {"praise": 500}})
    with pytest.raises(ValidationError, match="对照表"):
        run("review-ratings", round_, ["praise"])


# ---------------------------------------------------------------- the links list the records counted


def _person_with(model, **filters):
    return model.objects.filter(**filters).values_list("person_id", flat=True).order_by("person_id").first()


def test_study_hours_link_shows_the_person_year(company, client_as):
    person_id = _person_with(TrainingRecord, date__gte=START, date__lte=TODAY)
    round_ = make_round(company, SubjectKind.MEMBER, [Person.objects.get(pk=person_id)])
    (value,) = run("study-hours", round_).values()
    response = client_as("dangwei").get(value.url)
    assert response.status_code == 200
    hours = response.context["hours"]
    assert hours.total == value.value


def test_target_progress_link_lists_the_targets_counted(company, client_as):
    round_ = make_round(company, SubjectKind.BRANCH, [company.branch])
    (value,) = run("target-progress", round_).values()
    response = client_as("dangwei").get(value.url)
    listed = {t.pk for t in response.context["page_obj"]}
    assert listed == {t.pk for t in Target.objects.filter(owner_org=company.branch, due_date__year=2026)}


def test_project_link_lists_the_projects_counted(company, client_as):
    person_id = (
        Project.objects.filter(status__in=COMPLETED_STATUSES, end_date__year=2026)
        .values_list("members__person_id", flat=True)
        .first()
    )
    round_ = make_round(company, SubjectKind.MEMBER, [Person.objects.get(pk=person_id)])
    (value,) = run("project-benefits", round_).values()
    response = client_as("dangwei").get(value.url)
    listed = {p.pk for p in response.context["projects"]}
    counted = {p.pk for p in Project.objects.filter(members__person_id=person_id) if _accepted_in_2026(p)}
    assert counted and counted <= listed
    assert all(p.status in COMPLETED_STATUSES for p in response.context["projects"])


def test_suggestion_link_lists_the_adopted_ones(company, client_as):
    adopted = Suggestion.objects.filter(status__in=ADOPTED_STATES, submitted_on__year=2026).first()
    round_ = make_round(company, SubjectKind.WORKER, [adopted.proposer])
    (value,) = run("suggestions-adopted", round_).values()
    response = client_as("dangwei").get(value.url)
    listed = {s.pk for s in response.context["suggestions"]}
    assert listed == set(
        Suggestion.objects.filter(
            proposer=adopted.proposer, status__in=ADOPTED_STATES, submitted_on__year=2026
        ).values_list("pk", flat=True)
    )


def test_findings_link_shows_the_findings_due(company, client_as):
    team = max(teams(), key=lambda t: len(_findings([t.path])[0]))
    round_ = make_round(company, SubjectKind.TEAM, [team])
    (value,) = run("findings-closed", round_).values()
    response = client_as("dangwei").get(value.url)
    assert sum(column.count for column in response.context["columns"]) == len(_findings([team.path])[0])


def test_indicator_link_lists_the_values(company, client_as):
    round_ = make_round(company, SubjectKind.TEAM, [company.team])
    (value,) = run("indicator-results", round_).values()
    response = client_as("dangwei").get(value.url)
    assert response.context["page_obj"].paginator.count >= int(value.detail.split("指标月 ")[1].split(" ")[0])


def test_field_days_link_shows_the_cadre(company, client_as):
    person_id = _person_with(FieldDay)
    round_ = make_round(company, SubjectKind.CADRE, [Person.objects.get(pk=person_id)])
    (value,) = run("field-days", round_).values()
    response = client_as("dangwei").get(value.url)
    assert [row["person"].pk for row in response.context["table"]] == [person_id]


def test_compliance_link_opens_on_the_branch(company, client_as):
    round_ = make_round(company, SubjectKind.BRANCH, [company.branch])
    (value,) = run("meeting-compliance", round_).values()
    response = client_as("dangwei").get(value.url)
    assert response.context["root"] == company.branch


def test_review_link_lists_the_reviews(company, client_as):
    person_id = _person_with(Review, month__gte=START)
    round_ = make_round(company, SubjectKind.MEMBER, [Person.objects.get(pk=person_id)])
    (value,) = run("review-ratings", round_).values()
    response = client_as("dangwei").get(value.url)
    reviews = [r for r in response.context["reviews"] if r.month >= START]
    assert f"讲评 {len(reviews)} 次" in value.detail


def test_competition_link_opens_the_breakdown(company, client_as):
    round_ = make_round(company, SubjectKind.TEAM, teams())
    value = next(iter(run("competition-placings", round_).values()))
    response = client_as("dangwei").get(value.url)
    assert response.status_code == 200
    assert response.context["standing"] is not None


# ---------------------------------------------------------------- the page of sources


def test_sources_page_lists_rules_kinds_and_params(client_as, company):
    from vanguard.core.testing import page_queries

    client = client_as("dangwei")
    n, response = page_queries(client, "/evaluations/sources/")
    assert len(response.context["rows"]) == len(sources())
    assert n <= 12
    text = response.content.decode()
    assert "min(学时 ÷ 要求学时, 1) × 100" in text and "indicator" in text
    # The office finds it in the navigation (on any page: here its home); a member does not.
    assert 'href="/evaluations/sources/"' in client.get("/").content.decode()
    assert 'href="/evaluations/sources/"' not in client_as("dangyuan").get("/").content.decode()
    _n, response = page_queries(client, "/evaluations/sources/?kind=cadre")
    codes = {r.code for r in response.context["rows"]}
    assert codes == {s.code for s in sources() if SubjectKind.CADRE in s.subject_kinds}
    _n, response = page_queries(client, "/evaluations/sources/?q=突破")
    assert [r.code for r in response.context["rows"]] == ["indicator-results"]
    _n, response = page_queries(client, "/evaluations/sources/export/?kind=team")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_sources_page_counts_only_the_figures_not_the_data(client_as, company):
    """The page reads the registry, not the data: a member and the office cost the same few queries."""
    from vanguard.core.testing import page_queries

    a, _ = page_queries(client_as("dangyuan"), "/evaluations/sources/")
    b, _ = page_queries(client_as("dangwei"), "/evaluations/sources/?kind=team")
    assert abs(a - b) <= 3


@pytest.mark.parametrize("code", ["suggestions-adopted", "findings-closed", "indicator-results", "project-benefits"])
def test_branches_covering_several_units_cost_no_more_queries(company, code):
    """A branch that covers two units links to the unit above both; found for all the branches at once."""
    for branch in branches():
        unit = Unit.objects.filter(party_orgs=branch).first()
        sibling = Unit.objects.filter(depth=unit.depth, path__startswith=unit.path[: -Unit.steplen]).exclude(pk=unit.pk)
        if sibling.exists():
            branch.units.add(sibling.first())
    round_ = EvaluationRound.objects.select_related("scheme").get(
        pk=make_round(company, SubjectKind.BRANCH, branches()).pk
    )
    subjects = subjects_of(round_)
    with CaptureQueriesContext(connection) as one:
        source(code).compute(round_, subjects[:1], {})
    with CaptureQueriesContext(connection) as every:
        result = source(code).compute(round_, subjects, {})
    assert len(every) == len(one)
    assert all("unit=" in v.url or "branch=" in v.url for v in result.values())


def test_the_check_command_runs_every_source_on_the_company(company):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("evaluation_sources_check", stdout=out)
    text = out.getvalue()
    for code, kind in PAIRS:
        assert f"{code:22} {kind:11}" in text
    assert "→ /" in text
    assert not EvaluationRound.objects.filter(name__startswith="自动来源检查").exists()


@pytest.mark.parametrize("code,kind", PAIRS, ids=[f"{c}-{k}" for c, k in PAIRS])
def test_many_subjects_read_the_period_and_give_the_same_figures(company, monkeypatch, code, kind):
    """Past ``FEW`` subjects a source reads every row of the period instead of naming the subjects: the same
    figures either way (here with a threshold of one subject)."""
    from ..providers import base

    round_ = make_round(company, kind, KINDS[kind](company))
    named = run(code, round_)
    monkeypatch.setattr(base, "FEW", 1)
    assert run(code, round_) == named
