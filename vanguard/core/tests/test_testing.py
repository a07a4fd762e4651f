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
