"""Viewsets and fields that restrict to the requesting user's scope before anything else.

Reads: the queryset is ``.restrict(user, "view")``, so an object outside scope answers
404, as if it did not exist. Writes: the viewset hands validated data to a service
(``create_object`` / ``update_object``); the service checks the ``change`` scope
(ScopeError → 403 for an object the user may see but not change), the version read
(ConcurrentEditError → 409) and writes the audit event.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from ..access import allowed_rows, choices
from ..choices import Action
from ..exceptions import ScopeError
from ..numbers import parse_decimal
from .handlers import version_required


class ScopedViewSetMixin:
    """``get_queryset`` restricts to what the user may see before any filter or lookup."""

    scope_action = "view"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.scope_action)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ServiceWriteMixin:
    """Create and update through services instead of ``serializer.save()``.

    Subclasses implement ``create_object(data)`` and/or ``update_object(instance, data,
    version)``; ``data`` is the serializer's validated data. With ``version_on_update``
    (the default) an update must send the ``version`` it read.
    """

    version_on_update = True

    def may_create(self):
        """Whether the user may create at all; a user who may not answers 403 before any validation."""
        return True

    def create(self, request, *args, **kwargs):
        if not self.may_create():
            raise exceptions.PermissionDenied(ScopeError().messages[0])
        return super().create(request, *args, **kwargs)

    def create_object(self, data):
        raise NotImplementedError

    def update_object(self, instance, data, version):
        raise NotImplementedError

    def perform_create(self, serializer):
        with transaction.atomic():
            data = dict(serializer.validated_data)
            data.pop("version", None)  # a new record starts at version 1 whatever the client sent
            serializer.instance = self.create_object(data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if self.version_on_update and version is None:
            raise version_required()
        with transaction.atomic():
            serializer.instance = self.update_object(serializer.instance, data, version)


class ScopedModelViewSet(
    ScopedViewSetMixin,
    ServiceWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """List, retrieve, create and update; no delete unless a subclass adds it."""


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key a client may only point at objects it may ``action`` (others: "does not exist")."""

    def __init__(self, action="change", **kwargs):
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return super().get_queryset().restrict(user, self.scope_action)


class PolicyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key of ``model`` a client may point only at what the model's policy lets it record.

    ``queryset`` names the related rows (for the schema); the rows accepted are ``access.choices``.
    """

    def __init__(self, model, action=Action.ADD, **kwargs):
        self.model, self.scope_action = model, action
        super().__init__(**kwargs)

    def get_queryset(self):
        user = getattr(self.context.get("request"), "user", None)
        return choices(user, self.model, self.source, self.scope_action)


class StoredFileField(serializers.FileField):
    """An uploaded file; read back as the URL of the scoped view that serves it, never the storage URL
    (stored files are not public). ``url(obj)`` gives that view's path for the row holding the file."""

    def __init__(self, url, **kwargs):
        self.file_url = url
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        self._row = instance
        return super().get_attribute(instance)

    def to_representation(self, value):
        if not value:
            return None
        request = self.context.get("request")
        path = self.file_url(self._row)
        return request.build_absolute_uri(path) if request is not None else path


class VersionField(serializers.IntegerField):
    """The version the client read; sent back on update so a stale write answers 409."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("help_text", "读取时的版本号;修改时必须原样带回,若记录已被他人修改则返回 409。")
        super().__init__(**kwargs)


class NumberField(serializers.CharField):
    """A number read as people type it (``1,5``, full-width digits) by the one parser every app uses.

    With ``decimal_places`` it is written back with that many places, as the column stores it.
    """

    def __init__(self, *, decimal_places=None, **kwargs):
        self.decimal_places = decimal_places
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return parse_decimal(super().to_internal_value(data), label=self.label or "数值")
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value):
        if value is None:
            return None
        return str(value) if self.decimal_places is None else f"{Decimal(value):.{self.decimal_places}f}"


def action_choices(actions) -> list[tuple[str, str]]:
    return [(str(a), a.label) for a in actions]


# Sets of actions several kinds of record offer: named once in the schema (settings' ENUM_NAME_OVERRIDES).
CHANGE_ACTIONS = action_choices([Action.CHANGE])
CHANGE_REVIEW_APPROVE_ACTIONS = action_choices([Action.CHANGE, Action.REVIEW, Action.APPROVE])


class CodeRelatedField(serializers.SlugRelatedField):
    """A row named by its code. A text with a NUL byte names none, and PostgreSQL refuses one in a query:
    it is answered as an unknown code before the lookup."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class ActionsField(serializers.ListField):
    """The actions of ``actions`` the requesting user may do with the row, read from its access policy.

    A client shows the buttons this lists (``["view", "review"]``) instead of guessing the rules.
    A list asks once per action for the whole page (``access.allowed_rows``), not once per row.
    """

    def __init__(self, actions, **kwargs):
        self.actions = tuple(actions)
        kwargs.setdefault("help_text", "当前用户可对该记录执行的操作")
        super().__init__(child=serializers.ChoiceField(choices=action_choices(self.actions)), **kwargs)
        self.source, self.read_only = "*", True

    def to_representation(self, obj):
        model = type(obj)
        cache = self.context.setdefault("_allowed_actions", {})
        if obj.pk not in cache.get(model, {}).get("pks", ()):
            rows = self.root.instance
            rows = list(rows) if isinstance(rows, list | tuple | QuerySet) else [rows]
            pks = [row.pk for row in rows if isinstance(row, model)] or [obj.pk]
            cache[model] = {"pks": set(pks), **allowed_rows(self.context["request"].user, model, pks, self.actions)}
        return [str(a) for a in self.actions if obj.pk in cache[model][str(a)]]


def task_accepted(request, run):
    """202 for work handed to a background task: the run and where to follow it (``GET`` until
    ``status`` is ``done``; the answer is then in ``result``)."""
    url = request.build_absolute_uri(reverse("taskrun-detail", args=[run.pk]))
    return Response(
        {"task": run.pk, "status": run.status, "label": run.label, "progress_url": url},
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": url},
    )
