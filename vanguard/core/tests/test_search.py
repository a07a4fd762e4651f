"""The search index (``core.search``): people, meetings and projects found through it, on either engine.

Every search is checked against the plain reading of the rule (the name holds the text, the 工号
or a pinyin key starts with it) computed in Python over the same rows, so the index finds exactly
what a scan would, whether it answers from its trigrams or leaves a common word to the scan.
"""

import pytest
from django.db import connection

from vanguard.core import search as kit
from vanguard.org.models import PERSON_SEARCH, Person
from vanguard.org.search import search_keys
from vanguard.org.services.people import person_update
from vanguard.orglife.models import MEETING_SEARCH, Meeting
from vanguard.orglife.services.meetings import meeting_update
from vanguard.projects.models import Project

SPECIAL = ['"', "*", "%", "_", "(", ")", "'", "\\", '""', '王"', "(王", "%王%", "_军", "NEAR(", "a OR b", "-", "^", ":"]


def _rename(person, name):
    Person.objects.filter(pk=person.pk).update(name=name, **search_keys(name))
    person.refresh_from_db()
    return person


def _found(queryset, text):
    return set(queryset.search(text).values_list("pk", flat=True))


def _expected_people(text):
    """The rule read plainly, over every person."""
    text = text.strip()
    key = "".join(text.lower().split())
    keyed = key.isascii() and key.isalnum()
    return {
        p.pk
        for p in Person.objects.all()
        if text in p.name
        or p.employee_no.lower().startswith(text.lower())
        or (keyed and (p.name_initials.startswith(key) or p.name_pinyin.startswith(key)))
    }


@pytest.fixture
def wang(company):
    """Three people whose names share 王 and 军 in every position a search can meet them."""
    people = list(Person.objects.order_by("pk")[:3])
    for person, name in zip(people, ["王军", "王军伟", "李王军"], strict=True):
        _rename(person, name)
    return people


def test_people_are_found_by_chinese_name_whole_or_in_part(wang):
    wangjun, wangjunwei, liwangjun = (p.pk for p in wang)
    assert {wangjun, wangjunwei, liwangjun} <= _found(Person.objects, "王军")
    assert _found(Person.objects, "王军伟") == {wangjunwei}
    assert _found(Person.objects, "李王军") == {liwangjun}
    assert {wangjunwei} <= _found(Person.objects, "军伟")  # the given name alone, two characters
    assert {wangjun, wangjunwei, liwangjun} <= _found(Person.objects, "王")
    for text in ["王", "王军", "军", "军伟", "王军伟", "李王"]:
        assert _found(Person.objects, text) == _expected_people(text), text


def test_people_are_found_by_the_start_of_their_number_in_any_case(company):
    person = company.users["zhigong"].person
    number = person.employee_no
    assert person.pk in _found(Person.objects, number)
    assert person.pk in _found(Person.objects, number[:3])
    assert person.pk in _found(Person.objects, number[:4].lower())
    assert person.pk not in _found(Person.objects, number[2:])  # the 工号 matches from its start only
    for text in [number[:1], number[:2], number[:3].lower(), number[1:4]]:
        assert _found(Person.objects, text) == _expected_people(text), text


def test_people_are_found_by_pinyin_initials_and_full_pinyin(wang):
    wangjunwei = wang[1]
    assert wangjunwei.name_initials == "wjw" and wangjunwei.name_pinyin == "wangjunwei"
    for text in ["wjw", "wj", "WJ", "wangjun", "wang jun w", "Wang"]:
        assert wangjunwei.pk in _found(Person.objects, text), text
        assert _found(Person.objects, text) == _expected_people(text), text
    assert wangjunwei.pk not in _found(Person.objects, "junwei")  # keys match from their start


def test_a_common_character_is_checked_on_the_rows_not_the_index(wang, monkeypatch):
    """Past the index's limits the plain scan answers: the same rows either way."""
    texts = ["王", "王军", "军伟", "wj", "wangjun"]
    through_index = {t: _found(Person.objects, t) for t in texts}
    monkeypatch.setattr(kit, "MAX_ROWS", 0)
    monkeypatch.setattr(kit, "MAX_SHARE", 0)
    monkeypatch.setattr(kit, "MAX_TERMS", 0)
    assert {t: _found(Person.objects, t) for t in texts} == through_index


def test_an_edited_person_is_found_by_the_new_name_at_once(company, wang):
    person = wang[1]
    person_update(actor=company.users["admin"], person=person, data={"name": "欧阳晓峰"})
    assert person.pk in _found(Person.objects, "欧阳晓峰")
    assert person.pk in _found(Person.objects, "晓峰")
    assert person.pk in _found(Person.objects, "oyxf")
    assert person.pk not in _found(Person.objects, "王军伟")


def test_a_deleted_person_is_not_found(company):
    person = Person.objects.create(
        name="司马长风", employee_no="Z990001", gender="M", unit=company.team, **search_keys("司马长风")
    )
    assert _found(Person.objects, "司马长风") == {person.pk}
    assert _found(Person.objects, "z9900") == {person.pk}
    person.delete()
    assert _found(Person.objects, "司马长风") == set()
    assert _found(Person.objects, "长风") == set()
    assert _found(Person.objects, "z9900") == set()


def test_a_person_is_found_through_a_relation_by_the_same_rule(company):
    """A project's leader, an assignment's person: the people's index answers through a subquery."""
    project = Project.objects.select_related("leader").first()
    leader = _rename(project.leader, "诸葛明远")
    assert project.pk in _found(Project.objects, "诸葛明远")
    assert project.pk in _found(Project.objects, "zgmy")
    assert project.pk in _found(Project.objects, leader.employee_no[:4])


def test_meetings_are_found_by_theme_topics_and_place(company):
    meeting, other = Meeting.objects.order_by("pk")[:2]
    Meeting.objects.filter(pk=meeting.pk).update(title="学习贯彻安全生产法", topics="一、隐患排查", place="炼钢厂三楼")
    assert _found(Meeting.objects, "安全生产") == {meeting.pk}
    assert meeting.pk in _found(Meeting.objects, "贯彻")
    assert _found(Meeting.objects, "隐患排查") == {meeting.pk}
    assert _found(Meeting.objects, "三楼") == {meeting.pk}
    assert _found(Meeting.objects, "安全生产法学习") == set()
    for text in ["学习", "学", "安全生产", "楼", "党课"]:
        expected = {m.pk for m in Meeting.objects.all() if text in m.title or text in m.topics or text in m.place}
        assert _found(Meeting.objects, text) == expected, text


def test_an_edited_meeting_is_found_by_its_new_theme_and_a_deleted_one_is_not(company):
    meeting = Meeting.objects.filter(org=company.branch, status="recorded").first()
    meeting_update(actor=company.users["shuji"], meeting=meeting, data={"title": "专题学习新安全生产法"})
    assert meeting.pk in _found(Meeting.objects, "新安全生产")
    meeting_update(actor=company.users["shuji"], meeting=meeting, data={"title": "支部季度工作会"})
    assert meeting.pk not in _found(Meeting.objects, "新安全生产")
    assert meeting.pk in _found(Meeting.objects, "季度工作")
    meeting.delete()
    assert meeting.pk not in _found(Meeting.objects, "季度工作")


def test_projects_are_found_by_title_and_number(company):
    project = Project.objects.order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(title="穿孔机顶头寿命攻关", number="2026-GG-9901")
    assert project.pk in _found(Project.objects, "顶头寿命")
    assert project.pk in _found(Project.objects, "穿孔机")
    assert _found(Project.objects, "GG-9901") == {project.pk}
    assert _found(Project.objects, "gg-99") == {project.pk}  # ASCII case does not matter on SQLite nor here


@pytest.mark.parametrize("text", SPECIAL)
def test_special_characters_are_taken_literally_and_never_fail(company, text):
    """Nothing is an operator: whatever is found holds the text itself."""
    literal = text.strip().lower()
    for queryset, fields in (
        (Person.objects, ("name", "employee_no")),
        (Meeting.objects, ("title", "topics", "place")),
    ):
        for row in queryset.search(text).values(*fields):
            assert any(literal in value.lower() for value in row.values()), (text, row)
    assert Project.objects.search(text).count() >= 0


def test_a_title_with_special_characters_is_found_by_them(company):
    meeting = Meeting.objects.order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(title='学习"两会"精神(第1_次)50%*')
    for text in ['"两会"', "(第1_次)", "50%", "1_次", "%*", '"']:
        assert meeting.pk in _found(Meeting.objects, text), text
    assert _found(Meeting.objects, "%") == {meeting.pk}  # a literal %, not "anything"
    assert _found(Meeting.objects, "_次") == {meeting.pk}
    assert _found(Meeting.objects, "50%x") == set()


def test_blank_text_finds_everything(company):
    assert PERSON_SEARCH and kit.matching(PERSON_SEARCH, "  ") is None
    assert Meeting.objects.search("").count() == Meeting.objects.count()


# ---------------------------------------------------------------- the index is what answers


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " / ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny demo is small enough for a scan
        cursor.execute(f"EXPLAIN {sql}", params)
        return " / ".join(row[0] for row in cursor.fetchall())


def test_the_index_answers_names_numbers_and_keys(company, wang):
    plan = _plan(Person.objects.search("王军伟").order_by())
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE" in plan and "SCAN org_person " not in plan + " ", plan
        for field in ("employee_no", "name_initials", "name_pinyin"):
            assert f"org_person_search_{field}" in _plan(Person.objects.search("wjw").order_by())
    else:
        assert "org_person_search_name" in plan and "org_person_search_employee_no" in plan, plan
        assert "org_person_search_name_pinyin" in _plan(Person.objects.search("wangjun").order_by())


def test_the_index_answers_meeting_and_project_titles(company):
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk").first().pk).update(title="学习贯彻安全生产法")
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(title="穿孔机顶头寿命攻关")
    meetings = _plan(Meeting.objects.search("安全生产").order_by())
    projects = _plan(Project.objects.search("穿孔机顶头").order_by())
    if connection.vendor == "sqlite":
        assert "orglife_meeting_search VIRTUAL TABLE" in meetings, meetings
        assert "projects_project_search VIRTUAL TABLE" in projects, projects
    else:
        assert "orglife_meeting_search_title" in meetings, meetings
        assert "projects_project_search_title" in projects, projects


# ---------------------------------------------------------------- SQLite: kept in step, repaired


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the triggers are SQLite's; PostgreSQL indexes the columns")
def test_an_index_whose_triggers_a_migration_dropped_is_rebuilt(company, wang):
    assert kit.missing_parts(MEETING_SEARCH) == []
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "orglife_meeting_search_update"')
    assert kit.missing_parts(MEETING_SEARCH) == ["orglife_meeting_search_update"]
    assert kit.repair_text_indexes() == ["orglife_meeting"]
    assert kit.missing_parts(MEETING_SEARCH) == []
    meeting = Meeting.objects.order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(title="重建后的主题会议")
    assert _found(Meeting.objects, "重建后") == {meeting.pk}
    assert kit.repair_text_indexes() == []  # nothing missing: nothing done


def test_a_long_text_is_planned_from_a_few_of_its_trigrams(company):
    meeting = Meeting.objects.order_by("pk").first()
    title = "学习贯彻" + "安全生产法实施条例" * 8
    Meeting.objects.filter(pk=meeting.pk).update(title=title[:200])
    assert _found(Meeting.objects, title[:150]) == {meeting.pk}
    assert _found(Meeting.objects, title[:150] + "无此后缀") == set()
