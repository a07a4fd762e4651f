"""Viewsets that restrict to the requesting user's scope before anything else."""

from rest_framework import viewsets


class ScopedViewSetMixin:
    """Reads use the ``view`` action; an object outside scope answers 404, as if it did not exist."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
