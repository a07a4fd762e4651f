"""Limits on what people type: text lengths, plausible dates, names without invisible characters.

The model fields carry the limits (``max_length`` on every text field, a ``PlausibleDate``
validator on every date a person enters, ``NameField`` for names and titles), so model forms
and the API's model serializers enforce them by themselves. ``check_limits`` runs on every
save of a Vanguard model (a ``pre_save`` receiver), so a service, an admin action or a form
that is not a model form cannot store past them either.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Free text: a note or an opinion, and a narrative (minutes, a summary, a plan).
NOTE_MAX = 2_000
NARRATIVE_MAX = 20_000

# Zero-width characters and bidirectional overrides: invisible, they make two names look alike or
# reverse how a name reads. Table cells (``core.tabular.text_cell``) and names lose them.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero width: space, non-joiner, joiner, word joiner, BOM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def strip_invisible(text):
    """``text`` without zero-width and bidirectional-control characters (anything else passes through)."""
    return text.translate(_INVISIBLE) if isinstance(text, str) else text


def clean_name(text):
    """A name or title as shown: invisible characters dropped, spaces trimmed at both ends."""
    text = strip_invisible(text)
    return text.strip() if isinstance(text, str) else text


# ---------------------------------------------------------------- dates


@deconstructible
class PlausibleDate:
    """Refuse a date before ``earliest`` or more than ``years_ahead`` years after today.

    ``LIFE_DATE`` for a person's own dates (born, joined the party: 1900-01-01 to today);
    ``WORK_DATE`` for facts and plans of the work (meetings, reports, deadlines: 2000-01-01 to
    five years ahead). Whether a fact may lie ahead at all is ``core.dates.not_in_future``'s rule.
    """

    def __init__(self, earliest: date, years_ahead: int = 0):
        self.earliest, self.years_ahead = earliest, years_ahead

    def latest(self, today=None):
        today = today or timezone.localdate()
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
        latest = self.latest()
        if not self.earliest <= day <= latest:
            raise ValidationError(
                f"{day.isoformat()} 不在合理范围内({self.earliest:%Y-%m-%d} 至 {latest:%Y-%m-%d}),请检查年份。",
                code="implausible_date",
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and (self.earliest, self.years_ahead) == (
            other.earliest,
            other.years_ahead,
        )


LIFE_DATE = PlausibleDate(date(1900, 1, 1))
WORK_DATE = PlausibleDate(date(2000, 1, 1), years_ahead=5)


def plausible(value, label: str, *, rule: PlausibleDate = WORK_DATE, field: str | None = None):
    """``value`` if ``rule`` allows it; otherwise a ``ValidationError`` naming ``label`` (under ``field``)."""
    try:
        rule(value)
    except ValidationError as error:
        message = f"{label} {error.messages[0]}"
        raise ValidationError({field: message} if field else message) from None
    return value


# ---------------------------------------------------------------- names


class NameFormField(forms.CharField):
    def to_python(self, value):
        return super().to_python(clean_name(value))


class NameField(models.CharField):
    """A person's, an org's or a unit's name, a title: stored without invisible characters."""

    def to_python(self, value):
        return clean_name(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NameFormField, **kwargs})


# ---------------------------------------------------------------- on every save


def check_limits(instance):
    """Clean the names of ``instance`` and refuse a text over its length or an implausible date."""
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(field, NameField) and isinstance(value, str):
            value = clean_name(value)
            setattr(instance, field.attname, value)
            if not value and not field.blank:
                errors[field.name] = f"{field.verbose_name}不能为空。"
        if isinstance(field, (models.CharField, models.TextField)) and field.max_length and isinstance(value, str):
            if len(value) > field.max_length:
                errors[field.name] = f"{field.verbose_name}最多 {field.max_length:,} 个字(现有 {len(value):,} 个字)。"
        elif isinstance(field, models.DateField) and value is not None:
            for validator in field.validators:
                if isinstance(validator, PlausibleDate):
                    try:
                        validator(value)
                    except ValidationError as error:
                        errors[field.name] = f"{field.verbose_name} {error.messages[0]}"
    if errors:
        raise ValidationError(errors)


def check_limits_on_save(sender, instance, raw=False, **kwargs):
    if not raw and sender.__module__.startswith("vanguard."):
        check_limits(instance)
