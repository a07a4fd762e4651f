"""Validation of Chinese identity data."""

import re
from datetime import date

from django.core.exceptions import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def id_card_check_digit(first17):
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_card_birth_date(card):
    try:
        return date(int(card[6:10]), int(card[10:12]), int(card[12:14]))
    except ValueError:
        return None


def validate_id_card(value):
    """An 18-digit resident ID: format, birth date and GB 11643 check digit."""
    card = (value or "").strip().upper()
    if not card:
        return
    if not _ID_RE.match(card):
        raise ValidationError("身份证号应为18位(最后一位可为X)。", code="id_card_format")
    if id_card_birth_date(card) is None:
        raise ValidationError("身份证号中的出生日期无效。", code="id_card_birth")
    if id_card_check_digit(card[:17]) != card[17]:
        raise ValidationError("身份证号校验位不正确,请核对。", code="id_card_checksum")


def validate_phone(value):
    if value and not _PHONE_RE.match(value):
        raise ValidationError("手机号应为11位数字,以1开头。", code="phone")
