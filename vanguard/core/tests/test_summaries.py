"""Every declared summary table equals its recomputation from the facts, and the command says so."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vanguard.core.summaries import differences, rebuild, registered

pytestmark = pytest.mark.django_db

SUMMARIES = registered()


@pytest.mark.parametrize("summary", SUMMARIES, ids=[s.name for s in SUMMARIES])
def test_the_demo_leaves_every_summary_equal_to_its_facts(company, summary):
    assert summary.model.objects.exists(), "the demo has facts, so its summary has rows"
    assert differences(summary) == []


@pytest.mark.parametrize("summary", SUMMARIES, ids=[s.name for s in SUMMARIES])
def test_a_damaged_summary_is_found_and_rebuilt(company, summary):
    row = summary.model.objects.order_by("pk").first()
    row.delete()
    out = StringIO()
    with pytest.raises(CommandError, match="不一致"):
        call_command("rebuild_summaries", summary.name, "--check", stdout=out)
    assert "1 行不一致" in out.getvalue()
    rebuild(summary)
    assert differences(summary) == []


def test_an_unknown_summary_is_named():
    with pytest.raises(CommandError, match="没有名为"):
        call_command("rebuild_summaries", "no.such")
