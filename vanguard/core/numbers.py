"""The one parser of numbers typed by people: forms, the API and Excel cells.

Full-width digits and signs (``１２．５``, ``－３``) read as their half-width forms. A comma is
a thousands separator only between groups of three digits (``1,234.5``, ``1，234.5``); any
other comma (``1,5``: one and a half? fifteen?) is refused with a message rather than guessed.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: " ",  # ideographic space
    0x2212: "-",  # minus sign
    0x3002: ".",  # 。 typed for a decimal point
}
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _fail(message, field):
    raise ValidationError({field: message} if field else message)


def parse_decimal(text, *, label="数值", field=None) -> Decimal | None:
    """A Decimal from user input; None for empty input; ValidationError (Chinese) for anything else.

    ``label`` names the quantity in the message (``实际值“abc”不是有效的数字…``); with ``field``
    the error is raised for that field (``ValidationError({field: message})``).
    """
    if text is None:
        return None
    if isinstance(text, bool):
        _fail(f"{label}“{text}”不是有效的数字,请只填写数字(如 12.5)。", field)
    if isinstance(text, Decimal | int | float):
        number = text if isinstance(text, Decimal) else Decimal(str(text))
        if not number.is_finite():
            _fail(f"{label}“{text}”不是有效的数字。", field)
        return number
    value = str(text).translate(_HALF_WIDTH).strip()
    if value == "":
        return None
    if "," in value:
        if not _GROUPED.fullmatch(value):
            _fail(
                f"{label}“{text}”中的逗号无法识别:小数请用小数点(如 1.5),千位分隔须每三位一个逗号(如 1,234.5)。",
                field,
            )
        value = value.replace(",", "")
    if not _PLAIN.fullmatch(value):
        _fail(f"{label}“{text}”不是有效的数字,请只填写数字(如 12.5)。", field)
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        _fail(f"{label}“{text}”不是有效的数字,请只填写数字(如 12.5)。", field)


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text) -> int | None:
    """A row id from a query string, a form or a cell: ASCII digits only, else None.

    ``str.isdigit`` also accepts ``₁`` or ``²``, which ``int()`` then refuses; an id must never
    turn a typo or a probe into a server error, so anything but plain digits reads as no id.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text if 0 < text < 2**63 else None
    text = str(text or "").strip()
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None
