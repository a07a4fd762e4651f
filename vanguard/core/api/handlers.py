"""Pagination and error handling named in REST_FRAMEWORK settings (kept free of viewset imports)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from ..exceptions import ConcurrentEditError, ScopeError


class Pagination(PageNumberPagination):
    """``{count, next, previous, results}`` with ``?page=`` and ``?page_size=`` (≤ 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "该记录已被他人修改,请刷新后重试。"
    default_code = "stale"


def version_required():
    return exceptions.ValidationError({"version": ["请带回读取时的版本号(version),以便发现他人同时所做的修改。"]})


def _field_errors(exc):
    """A Django ValidationError as DRF field errors; model-level errors under ``non_field_errors``."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    errors = exc.message_dict
    if NON_FIELD_ERRORS in errors:
        errors["non_field_errors"] = errors.pop(NON_FIELD_ERRORS)
    return errors


def exception_handler(exc, context):
    """Turn service errors into API answers: validation 400, stale 409, scope 403."""
    if isinstance(exc, ConcurrentEditError):
        exc = Conflict()
    elif isinstance(exc, ScopeError):
        exc = exceptions.PermissionDenied(detail=exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_field_errors(exc))
    return drf_exception_handler(exc, context)
