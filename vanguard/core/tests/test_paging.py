"""A long list searched by a common text counts to its cap and says there are more."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from vanguard.core.paging import CappedPaginator
from vanguard.org.models import Person

pytestmark = pytest.mark.django_db


def test_the_count_stops_at_the_cap_and_the_pages_run_to_it():
    people = Person.objects.order_by("pk")
    assert people.count() > 7
    paginator = CappedPaginator(people, 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.total_label, paginator.num_pages) == (5, True, "5+", 3)
    assert list(paginator.page(3).object_list) == list(people[4:5])


def test_a_list_under_the_cap_is_counted_exactly():
    people = Person.objects.order_by("pk")[:4]
    paginator = CappedPaginator(Person.objects.filter(pk__in=[p.pk for p in people]), 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.total_label) == (4, False, 4)


def test_the_page_links_show_a_capped_count_with_a_plus():
    page = CappedPaginator(Person.objects.order_by("pk"), 2, cap=5).page(1)
    html = Template("{% load vanguard %}{% pagination page_obj %}").render(
        Context({"page_obj": page, "request": RequestFactory().get("/")})
    )
    assert "共 <strong>5+</strong> 条" in html
