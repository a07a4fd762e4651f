"""Class hours (学时) as people type them: a number of half hours within a range, or a Chinese message."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from vanguard.core.numbers import parse_decimal

from .choices import MAX_TRAINING_HOURS


def parse_hours(
    value: object,
    *,
    field_name: str = "hours",
    maximum: Decimal = MAX_TRAINING_HOURS,
    minimum: Decimal = Decimal("0.5"),
) -> Decimal:
    """Class hours from user input; a Chinese message for text or a number out of range."""
    hours = parse_decimal(value, label="学时", field=field_name)
    if hours is None:
        raise ValidationError({field_name: "请填写学时。"})
    if hours < minimum or hours > maximum:
        raise ValidationError({field_name: f"学时应在 {minimum} 到 {maximum} 之间,您填写的是 {value}。"})
    if hours * 2 != int(hours * 2):
        raise ValidationError({field_name: "学时以半小时为单位(如 1.5)。"})
    return hours
