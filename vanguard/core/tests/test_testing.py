import pytest

from vanguard.core.testing import assert_max_queries
from vanguard.org.models import User


@pytest.mark.django_db
def test_assert_max_queries_counts_and_fails_over_the_limit():
    with assert_max_queries(1) as captured:
        list(User.objects.all())
    assert len(captured) == 1
    with pytest.raises(AssertionError, match="2 queries, at most 1"), assert_max_queries(1):
        list(User.objects.all())
        list(User.objects.all())


@pytest.mark.django_db
def test_the_fingerprint_sees_a_change_a_refused_write_should_not_have_made(company):
    from django.db.models import F

    from vanguard.core.testing import database_fingerprint, fingerprint_changes
    from vanguard.org.models import Person

    before = database_fingerprint()
    assert fingerprint_changes(before, database_fingerprint()) == []
    Person.objects.filter(pk=Person.objects.first().pk).update(version=F("version") + 1)
    assert fingerprint_changes(before, database_fingerprint()) == ["org.Person"]
