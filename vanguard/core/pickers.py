"""Searchable pickers: a choice among hundreds of people, searched on the server as the user types.

A form offers a long list (every member of a branch) without rendering it: the field carries a
hidden id and a search box, and the box asks ``/picker/<source>/?q=`` for the first matches.
An app declares what may be chosen once, as a *source*:

    register_source(Source(
        name="campaigns.target_owner",
        options=lambda user, params: ...,          # what this user may choose, scoped (core.access.choices)
        search=lambda qs, text: qs.search(text),  # the app's own matcher (Person.objects.search)
        label=lambda p: f"{p.name}({p.employee_no})",
    ))

and the form uses ``PickerField(queryset=<the same options>, source="campaigns.target_owner",
params={...})`` (``MultiPickerField`` for several: each choice a removable chip). The field validates the posted id against its queryset, so a person the user
may not choose is refused on the server whatever the browser sends. ``vanguard.js`` wires every
``.vg-picker`` on the page (and after htmx swaps).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

LIMIT = 20


@dataclass(frozen=True)
class Source:
    """What a picker may offer: ``options(user, params)`` scoped to the user, searched by ``search``."""

    name: str
    options: Callable[[object, Mapping], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]
    label: Callable[[object], str] = str
    hint: Callable[[object], str] = field(default=lambda obj: "")
    related: tuple[str, ...] = ()  # select_related for label and hint: one query for the page of results
    # What the box shows once chosen (default: the label), e.g. a team's full path where the list shows its name.
    chosen: Callable[[object], str] | None = None
    # Called once with the page of results before labelling, to read what labels need in one query.
    prepare: Callable[[list], None] | None = None

    def chosen_label(self, obj) -> str:
        return (self.chosen or self.label)(obj)


_sources: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    _sources[source.name] = source
    return source


def get_source(name: str) -> Source:
    try:
        return _sources[name]
    except KeyError:
        raise Http404 from None


def search(source: Source, *, user, params: Mapping, text: str, limit: int = LIMIT) -> dict:
    """``{"results": [{"id", "label", "hint", "chosen"}], "more": bool}``: the first ``limit`` matches of ``text``."""
    text = (text or "").strip()
    if not text:
        return {"results": [], "more": False}
    qs = source.search(source.options(user, params), text)
    if source.related:
        qs = qs.select_related(*source.related)
    rows = list(qs[: limit + 1])
    if source.prepare:
        source.prepare(rows[:limit])
    results = [
        {"id": obj.pk, "label": source.label(obj), "hint": source.hint(obj), "chosen": source.chosen_label(obj)}
        for obj in rows[:limit]
    ]
    return {"results": results, "more": len(rows) > limit}


def picker_search(request, name):
    """The search behind a picker: JSON, for a logged-in user, within what the source lets him choose."""
    if not request.user.is_authenticated:
        raise Http404
    source = get_source(name)
    params = {k: v for k, v in request.GET.items() if k != "q"}
    return JsonResponse(search(source, user=request.user, params=params, text=request.GET.get("q", "")))


class PickerWidget(forms.Widget):
    """A hidden id, a search box showing the chosen label, and the list of matches (filled by vanguard.js)."""

    def __init__(self, source: str, params: Mapping | None = None, placeholder: str = "搜索姓名、工号、拼音",
                 attrs=None):  # fmt: skip
        super().__init__(attrs)
        self.source, self.params, self.placeholder = source, dict(params or {}), placeholder
        self.lookup = None  # set by PickerField: pk → the chosen object, within the field's queryset

    def url(self):
        base = reverse("picker-search", args=[self.source])
        return f"{base}?{urlencode(self.params)}" if self.params else base

    def chosen_label(self, value):
        if value in (None, "") or self.lookup is None:
            return ""
        obj = self.lookup(value)
        return get_source(self.source).chosen_label(obj) if obj is not None else ""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        css = " ".join(c for c in attrs.get("class", "").split() if c != "form-select") or "form-control"
        invalid = " is-invalid" if "is-invalid" in css.split() else ""
        value = "" if value is None else str(value)
        return format_html(
            '<div class="vg-picker position-relative" data-picker-url="{}">'
            '<input type="hidden" name="{}" value="{}" data-picker-value>'
            '<input type="search" id="{}" class="form-control{}" value="{}" placeholder="{}" autocomplete="off" '
            'role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="{}-results" data-picker-input>'
            '<div class="list-group vg-picker-results shadow-sm" id="{}-results" role="listbox" hidden></div></div>',
            self.url(), name, value, box_id, invalid, self.chosen_label(value), self.placeholder, box_id, box_id,
        )  # fmt: skip

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class PickerField(forms.ModelChoiceField):
    """A model choice among the ``queryset`` (what the user may choose), picked through a search box."""

    def __init__(self, queryset, *, source: str, params: Mapping | None = None, placeholder: str | None = None,
                 **kwargs):  # fmt: skip
        widget_kwargs = {"placeholder": placeholder} if placeholder else {}
        kwargs.setdefault("widget", PickerWidget(source, params, **widget_kwargs))
        super().__init__(queryset, **kwargs)

    def _set_queryset(self, queryset):
        # No option list is ever rendered; the widget only needs the chosen row's label.
        self._queryset = None if queryset is None else queryset.all()
        self.widget.lookup = self._lookup

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def _lookup(self, value):
        try:
            return self.queryset.filter(pk=value).first()
        except (ValueError, TypeError):
            return None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.lookup = result._lookup
        return result


class MultiPickerWidget(PickerWidget):
    """Several choices: each chosen row a chip (a hidden id and a remove button) before the search box."""

    def __init__(self, source: str, params: Mapping | None = None, placeholder: str = "搜索姓名、工号、拼音",
                 attrs=None):  # fmt: skip
        super().__init__(source, params, placeholder, attrs)
        self.lookup_many = None  # set by MultiPickerField: pks → the chosen objects, within the field's queryset

    def chosen_rows(self, values) -> list[tuple[str, str]]:
        """(id, label) of the chosen rows the field's queryset holds, in the order they were chosen."""
        values = [str(v) for v in values or () if v not in (None, "")]
        if not values or self.lookup_many is None:
            return []
        rows = self.lookup_many(values)
        source = get_source(self.source)
        if source.prepare:
            source.prepare(rows)
        found = {str(obj.pk): obj for obj in rows}
        return [(v, source.chosen_label(found[v])) for v in dict.fromkeys(values) if v in found]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        invalid = " is-invalid" if "is-invalid" in attrs.get("class", "").split() else ""
        chips = format_html_join(
            "",
            '<span class="badge bg-secondary-lt vg-chip" data-picker-chip><input type="hidden" name="{}" value="{}">'
            '{}<button type="button" class="btn-close ms-1" data-picker-remove aria-label="移除 {}"></button></span>',
            ((name, pk, label, label) for pk, label in self.chosen_rows(value)),
        )
        return format_html(
            '<div class="vg-picker vg-picker-multi position-relative" data-picker-url="{}" data-picker-name="{}">'
            '<div class="vg-chips" data-picker-chips>{}</div>'
            '<input type="search" id="{}" class="form-control{}" placeholder="{}" autocomplete="off" '
            'role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="{}-results" data-picker-input>'
            '<div class="list-group vg-picker-results shadow-sm" id="{}-results" role="listbox" hidden></div></div>',
            self.url(), name, chips, box_id, invalid, self.placeholder, box_id, box_id,
        )  # fmt: skip

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # no chip at all is a choice: none


class MultiPickerField(forms.ModelMultipleChoiceField):
    """Several rows among the ``queryset`` (what the user may choose), picked through a search box."""

    def __init__(self, queryset, *, source: str, params: Mapping | None = None, placeholder: str | None = None,
                 **kwargs):  # fmt: skip
        widget_kwargs = {"placeholder": placeholder} if placeholder else {}
        kwargs.setdefault("widget", MultiPickerWidget(source, params, **widget_kwargs))
        super().__init__(queryset, **kwargs)

    def _set_queryset(self, queryset):
        # No option list is ever rendered; the widget only needs the chosen rows' labels.
        self._queryset = None if queryset is None else queryset.all()
        self.widget.lookup_many = self._lookup_many

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def _lookup_many(self, values):
        try:
            return list(self.queryset.filter(pk__in=values))
        except (ValueError, TypeError):
            return []

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.lookup_many = result._lookup_many
        return result
