"""Benefit amounts (效益, in yuan) as people type them: a plausible amount to the fen, or a Chinese message."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from vanguard.core.numbers import parse_decimal

from .choices import MAX_BENEFIT


def parse_benefit(value: object, *, field_name: str = "measured_benefit", required: bool = True) -> Decimal | None:
    """An amount in yuan from user input; a Chinese message for text, a negative or an absurd amount."""
    if value is None or str(value).strip() == "":
        if required:
            raise ValidationError({field_name: "请填写效益金额(元)。"})
        return None
    amount = parse_decimal(value, label="效益金额", field=field_name)
    if amount < 0:
        raise ValidationError({field_name: f"效益金额不能为负数,您填写的是 {value}。"})
    if amount >= MAX_BENEFIT:
        raise ValidationError({field_name: f"效益金额 {value} 超出合理范围,请核对单位(元)。"})
    return amount.quantize(Decimal("0.01"))
