"""Page lists whose count stops at a limit: ``CappedPaginator``.

A text searched in a long list (学习, in the topics of nearly every meeting of a company) matches
most of it; the search index cannot narrow such a text, and counting every match means checking
the text on every row. The page shows 25 rows: the count stops at ``cap`` (共 1000+ 条) and the
pages run to that row, so the page costs the same whatever the size of the company; a narrower
filter finds the rest.
"""

from functools import cached_property

from django.core.paginator import Paginator

CAP = 1000


class CappedPaginator(Paginator):
    """A ``Paginator`` that counts at most ``cap`` rows; ``capped`` tells whether there are more."""

    def __init__(self, object_list, per_page, *, cap=CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self):
        # One row past the cap says whether there are more; the database stops reading there (in no
        # order: sorted, it would read and sort every match first).
        rows = self.object_list
        return rows.order_by()[: self.cap + 1].count() if hasattr(rows, "query") else len(rows)

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def capped(self):
        return self._counted > self.cap

    @property
    def total_label(self):
        """The count as shown: ``1000+`` past the cap."""
        return f"{self.count}+" if self.capped else self.count
