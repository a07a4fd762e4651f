"""Structured logs: one JSON object per line, each carrying the request it belongs to, with secrets taken out.

``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives every request an id (the caller's
``X-Request-ID`` when well formed, so nginx and the application log the same id), keeps it in a
context variable for every record logged while the request runs, echoes it in the response,
and logs one ``vanguard.request`` line per request with route, status and duration.

``RedactFilter`` sits on the handlers: values under keys such as ``password`` or ``token`` and
anything shaped like a resident ID-card number never reach the output.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils.functional import empty

_request = ContextVar("vanguard_request", default=None)
request_logger = logging.getLogger("vanguard.request")

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")

REDACTED = "[REDACTED]"
_SENSITIVE_KEY = re.compile(
    r"pass(word|wd)?|pwd|secret|token|session|csrf|authorization|cookie|api[_-]?key|id[_-]?card|身份证", re.I
)
# key=value, key: value, "key": "value" in free text (query strings, dict reprs, headers).
_SENSITIVE_PAIR = re.compile(
    r"""(?P<key>[\w-]*(?:pass(?:word|wd)?|pwd|secret|token|sessionid|csrftoken|authorization|cookie|api[_-]?key|id[_-]?card)[\w-]*)"""
    r"""(?P<sep>['"]?\s*[:=]\s*(?:Bearer\s+|Token\s+)?['"]?)(?P<value>[^\s'"&,;}]+)""",
    re.I,
)
# A resident ID-card number: 6-digit area, birth date 18xx–20xx, 3-digit sequence, check digit.
_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)


def redact_text(text):
    text = _ID_CARD.sub(REDACTED, text)
    return _SENSITIVE_PAIR.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)


def redact(value, depth=0):
    """A copy of ``value`` with sensitive keys' values and ID-card numbers replaced; the original is untouched."""
    if depth > 5:
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {
            key: REDACTED if isinstance(key, str) and _SENSITIVE_KEY.search(key) else redact(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return type(value)(redact(item, depth + 1) for item in value)
    return value


# Attributes every LogRecord has; anything else came in through ``extra=``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "user_id"}
# Extras Django attaches that are objects, not data (the request would print its query string).
_SKIPPED_EXTRAS = {"request", "server_time", "scope"}


class RedactFilter(logging.Filter):
    """Redact the message, its arguments and extras before any formatter sees them."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        if record.args:
            record.args = redact(record.args) if isinstance(record.args, (tuple, dict)) else record.args
        for key in set(record.__dict__) - _STANDARD - _SKIPPED_EXTRAS:
            value = record.__dict__[key]
            record.__dict__[key] = REDACTED if _SENSITIVE_KEY.search(key) else redact(value)
        return True


def _user_id(request):
    """The signed-in user's id, if authentication has already looked it up (logging never queries for it)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestContextFilter(logging.Filter):
    """Stamp each record with the id and user of the request being served (None outside a request)."""

    def filter(self, record):
        request = _request.get()
        record.request_id = getattr(request, "request_id", None)
        record.user_id = _user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, user id, then the record's extras."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_text(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key in sorted(set(record.__dict__) - _STANDARD - _SKIPPED_EXTRAS):
            entry[key] = record.__dict__[key]
        if record.exc_info:
            entry["exception"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def current_request_id():
    request = _request.get()
    return getattr(request, "request_id", None)


def _route(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return match.view_name or match.route


class RequestIdMiddleware:
    """Give the request an id, keep it in the logging context, echo it, and log the request when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _WELL_FORMED_ID.match(incoming) else uuid.uuid4().hex
        # Kept until the response is closed (``request_finished``), not only while the middleware runs:
        # Django logs a 4xx/5xx answer ("Service Unavailable: /healthz") after the middleware returned.
        _request.set(request)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": _route(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


@receiver(request_finished, dispatch_uid="vanguard-logs-request-finished")
def _forget_request(sender, **kwargs):
    _request.set(None)
