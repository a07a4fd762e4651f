"""Pagination and error handling named in REST_FRAMEWORK settings (kept free of viewset imports)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from ..exceptions import ConcurrentEditError, ScopeError


class Pagination(PageNumberPagination):
    """``{count, next, previous, results}`` with ``?page=`` and ``?page_size=`` (≤ 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Turn service errors into API answers: validation 400, stale 409, scope 403."""
    if isinstance(exc, ConcurrentEditError):
        exc = exceptions.APIException(detail={"detail": exc.messages[0]})
        exc.status_code = 409
    elif isinstance(exc, ScopeError):
        exc = exceptions.PermissionDenied(detail=exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
