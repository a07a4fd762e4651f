"""The one status badge: each app's colours as data, the labels from the choices."""

import pytest
from django.db import models
from django.template import Context, Template

from vanguard.core.badges import register_colours
from vanguard.core.choices import TaskStatus
from vanguard.core.models import TaskRun
from vanguard.org.choices import PoliticalStatus
from vanguard.org.models import PartyMembership, Person


def render(text, **context):
    return Template("{% load vanguard %}" + text).render(Context(context))


def test_a_status_field_shows_its_label_in_the_colour_its_app_declares():
    assert render("{% status_badge run %}", run=TaskRun(status="running")) == (
        '<span class="badge bg-blue-lt vg-badge" data-status="running">进行中</span>'
    )


def test_another_field_by_name_and_a_member_computed_in_python():
    person = Person(political_status=PoliticalStatus.PROBATIONARY)
    assert render('{% status_badge p "political_status" %}', p=person) == (
        '<span class="badge bg-orange-lt vg-badge" data-status="probationary">中共预备党员</span>'
    )
    assert render("{% status_badge s %}", s=TaskStatus.FAILED) == (
        '<span class="badge bg-red-lt vg-badge" data-status="failed">失败</span>'
    )


def test_a_value_without_a_colour_is_secondary_and_nothing_shows_nothing():
    assert render('{% status_badge p "gender" %}', p=Person(gender="F")) == (
        '<span class="badge bg-secondary-lt vg-badge" data-status="F">女</span>'
    )
    assert render("{% status_badge m %}", m=PartyMembership(status="")) == ""
    assert render("{% status_badge person.membership %}", person=Person()) == ""


def test_the_same_value_takes_the_colour_of_its_own_choices():
    class Light(models.TextChoices):
        RUNNING = "running", "运行"

    register_colours({Light.RUNNING: "pink"})
    assert 'bg-pink-lt vg-badge" data-status="running">运行<' in render("{% status_badge s %}", s=Light.RUNNING)
    assert "bg-blue-lt" in render("{% status_badge run %}", run=TaskRun(status="running"))


def test_colours_are_keyed_by_choices_members_and_the_tag_wants_a_record_or_a_member():
    with pytest.raises(TypeError, match="Choices"):
        register_colours({"running": "blue"})
    with pytest.raises(TypeError, match="status_badge"):
        render("{% status_badge s %}", s="running")
