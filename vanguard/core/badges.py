"""Status badges: one look for every state, the colours of each app's choices kept as data.

An app keeps a map from its choices' members to Tabler colours in ``choices.py``
(``STATUS_COLOURS = {ProjectStatus.PROPOSED: "azure", …}``; one map may hold several choices
classes) and registers it in its ``AppConfig.ready()`` with ``register_colours(STATUS_COLOURS)``.
Pages show a badge with ``{% status_badge project %}`` (the ``status`` field),
``{% status_badge person "political_status" %}`` (another field) or
``{% status_badge target.display_status %}`` (a member computed in Python). A value without a
colour is ``secondary``.
"""

from django.db import models
from django.utils.html import format_html

DEFAULT_COLOUR = "secondary"

_colours: dict[type[models.Choices], dict[str, str]] = {}
_field_choices: dict[models.Field, type[models.Choices] | None] = {}


def register_colours(colours):
    """Register ``{member: colour}`` for the choices classes the members belong to."""
    for member, colour in colours.items():
        if not isinstance(member, models.Choices):
            raise TypeError(f"颜色表的键须为 Choices 成员,而不是 {member!r}")
        _colours.setdefault(type(member), {})[member.value] = colour
    _field_choices.clear()
    return colours


def colour_of(member):
    """The registered colour of a choices member (``secondary`` when it has none)."""
    return _colours.get(type(member), {}).get(member.value, DEFAULT_COLOUR)


def _choices_of(field):
    """The registered choices class whose values a model field takes (``None`` if none is)."""
    if field not in _field_choices:
        values = [value for value, _label in field.flatchoices]
        _field_choices[field] = next((c for c in _colours if c.values == values), None)
    return _field_choices[field]


def badge_html(value, label, colour):
    return format_html('<span class="badge bg-{}-lt vg-badge" data-status="{}">{}</span>', colour, value, label)


def status_badge(value, field="status"):
    """The badge of a model instance's choices ``field``, or of a choices member ``value``.

    Nothing (``None``, or ``""``: a missing relation in a template) or an empty field shows nothing.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        model_field = value._meta.get_field(field)
        raw = getattr(value, model_field.attname)
        if raw in (None, ""):
            return ""
        choices = _choices_of(model_field)
        if choices is None or raw not in choices.values:
            return badge_html(raw, dict(model_field.flatchoices).get(raw, raw), DEFAULT_COLOUR)
        value = choices(raw)
    if not isinstance(value, models.Choices):
        raise TypeError(f"status_badge 需要模型对象或 Choices 成员,而不是 {value!r}")
    return badge_html(value.value, value.label, colour_of(value))
