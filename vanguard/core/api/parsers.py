"""The API's request parser: JSON bodies of a bounded size and depth.

DRF reads the body from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check, so the
limit is applied here; and a deeply nested document makes Python's parser recurse until it
raises RecursionError, which must be a 400 like any other malformed body.
"""

import json

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

from ..numbers import parse_id


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _limit():
    return settings.API_MAX_BODY_BYTES


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = _limit()
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if (parse_id(declared) or 0) > limit:
            raise BodyTooLarge(f"请求内容过大（上限 {limit // 1024} KB）。")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(f"请求内容过大（上限 {limit // 1024} KB）。")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding)) if raw else {}
        except RecursionError:
            raise exceptions.ParseError("JSON 嵌套层数过多。") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"JSON 格式有误：{exc}") from None
