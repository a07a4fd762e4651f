"""Errors raised by services; views and the API turn them into Chinese messages."""

from django.core.exceptions import ValidationError


class ConcurrentEditError(ValidationError):
    """The record changed after the user opened it."""

    def __init__(self, message="该记录已被他人修改,请刷新后查看最新内容再提交。您填写的内容已保留在表单中。"):
        super().__init__(message, code="stale")


class ScopeError(ValidationError):
    """The user may not act on this object (views answer 404 for reads)."""

    def __init__(self, message="您没有权限进行此操作。"):
        super().__init__(message, code="forbidden")
