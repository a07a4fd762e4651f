"""Template helpers and the shared page components (breadcrumbs, tables, sortable headers,
pagination, filter bar, status badge, progress bar, chart, audit diff)."""

from django import forms, template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.base import token_kwargs
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from vanguard.core import badges, events
from vanguard.core.masking import masked_event
from vanguard.core.panels import render_panels
from vanguard.core.pickers import PickerWidget

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """The panels other modules registered for ``obj``'s page (``core.panels``)."""
    return render_panels(context["request"], obj)


@register.simple_tag
def scope_label(scope):
    """The user's place in the organisation in a few words, e.g. ``支部书记 · 轧管一支部``."""
    if scope is None:
        return ""
    if scope.is_global_admin:
        return "系统管理员 · 全部"
    return scope.label


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for sort and page links).

    A value of ``None`` or ``""`` drops the parameter, so ``{% query_replace page=None %}``
    keeps the filters but returns to the first page.
    """
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params, doseq=True) if params else "?"


@register.filter
def percent(value, total):
    try:
        return round(value * 100 / total) if total else 0
    except (TypeError, ValueError):
        return 0


# ---------------------------------------------------------------- navigation and breadcrumbs


@register.simple_tag(takes_context=True)
def nav_menu(context, modules):
    """The left navigation with URLs resolved: items whose page does not exist are left out,
    and so is a module left without items; the current page's item is marked active (the
    longest URL its path starts with)."""
    path = context["request"].path
    menu = []
    for module in modules or ():
        items = []
        for item in module.items:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "icon": item.icon, "url": url, "active": False})
        if items:
            menu.append({"label": module.label, "icon": module.icon, "items": items})
    matches = [i for m in menu for i in m["items"] if path.startswith(i["url"])]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return menu


@register.simple_tag
def crumb(label, url_name=None, *args):
    """One breadcrumb: ``{% crumb "人员花名册" "person-list" %}``; without a URL it is the current page."""
    if not url_name:
        return format_html('<li class="breadcrumb-item active" aria-current="page">{}</li>', label)
    try:
        url = reverse(url_name, args=args) if not url_name.startswith(("/", "?")) else url_name
    except NoReverseMatch:
        url = url_name
    return format_html('<li class="breadcrumb-item"><a href="{}">{}</a></li>', url, label)


# ---------------------------------------------------------------- tables

TABLE_OPTIONS = {"class", "vcenter", "wrapper", "testid", "label"}


class TableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist, self.options = nodelist, options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        classes = ["table", "table-vcenter" if options.get("vcenter", True) else "", "card-table", options.get("class")]
        attrs = format_html_join(
            "",
            ' {}="{}"',
            (
                (attr, options[name])
                for name, attr in (("testid", "data-testid"), ("label", "aria-label"))
                if name in options
            ),
        )
        return format_html(
            '<div class="{}"><table class="{}"{}>{}</table></div>',
            " ".join(filter(None, ["table-responsive", options.get("wrapper")])),
            " ".join(filter(None, classes)),
            attrs,
            self.nodelist.render(context),
        )


@register.tag
def table(parser, token):
    """A card's table: the scrolling wrapper and the Tabler classes around the page's own columns.

    ``{% table %}<thead>…</thead><tbody>…{% empty %}{% empty_row 5 "没有记录" icon="…" %}…</tbody>{% endtable %}``
    Options: ``class="vg-wide table-sm"`` (added to ``table table-vcenter card-table``),
    ``vcenter=False``, ``wrapper="d-none d-md-block"`` (added to ``table-responsive``),
    ``testid="…"`` (``data-testid``), ``label="…"`` (``aria-label``).
    """
    bits = token.split_contents()
    options = token_kwargs(bits[1:], parser)
    unknown = set(options) - TABLE_OPTIONS
    if len(bits) - 1 != len(options) or unknown:
        raise template.TemplateSyntaxError(
            f"{{% table %}} takes only the options {', '.join(sorted(TABLE_OPTIONS))} (name=value), not {bits[1:]}"
        )
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, options)


@register.inclusion_tag("components/empty_row.html")
def empty_row(colspan, title, icon="", text="", plain=False):
    """The row of a table with nothing to show: the empty state across ``colspan`` columns,
    or with ``plain=True`` one line of grey text."""
    return {"colspan": colspan, "title": title, "icon": icon, "text": text, "plain": plain}


@register.inclusion_tag("components/sort_header.html", takes_context=True)
def sort_header(context, label, key, param="sort"):
    """A column header that sorts by ``key``; clicking again reverses the order."""
    current = context["request"].GET.get(param, "")
    direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
    next_value = f"-{key}" if direction == "asc" else key
    return {
        "label": label,
        "direction": direction,
        "href": query_replace(context, **{param: next_value, "page": None}),
    }


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context, page_obj=None):
    """Page links that keep the current filters and sort."""
    page_obj = page_obj or context.get("page_obj")
    paginator = getattr(page_obj, "paginator", None)
    # A ``core.paging.CappedPaginator`` shows its count as 1000+ past its cap.
    total = getattr(paginator, "total_label", getattr(paginator, "count", 0))
    if page_obj is None or paginator.num_pages <= 1:
        return {"page_obj": page_obj, "show": False, "total": total}
    number, last = page_obj.number, page_obj.paginator.num_pages
    window = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    pages, previous = [], 0
    for n in window:
        if n - previous > 1:
            pages.append(None)  # an ellipsis
        pages.append((n, query_replace(context, page=n if n > 1 else None)))
        previous = n
    return {
        "show": True,
        "page_obj": page_obj,
        "pages": pages,
        "total": total,
        "prev_href": query_replace(context, page=number - 1 if number > 2 else None) if number > 1 else None,
        "next_href": query_replace(context, page=number + 1) if number < last else None,
    }


# ---------------------------------------------------------------- filter bar


@register.inclusion_tag("components/filter_bar.html", takes_context=True)
def filter_bar(context, form, target="", search_field="q", collapse_id="vg-filters"):
    """A GET form of filters: search box first, selects after; collapsible on phones.

    ``target`` is the id of the element htmx swaps (from the same page, re-rendered),
    so filtering updates the list without a full reload; without JavaScript the form
    submits normally.
    """
    fields = []
    active = 0
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if value not in (None, "", []):
            active += 1
        if isinstance(widget, PickerWidget):
            kind = "widget"  # renders itself: a picker, or a select when the list is short
            if hasattr(widget, "empty_label") and not bound.field.required:
                widget.empty_label = "全部"
        elif isinstance(widget, forms.Select):
            kind = "select"
        else:
            kind = "date" if isinstance(widget, forms.DateInput) else "text"
        current = "" if value is None else str(value)
        options = _options_html(bound.field, widget, current) if kind == "select" else ""
        rendered = bound.as_widget(attrs={"class": "form-control"}) if kind == "widget" else ""
        fields.append({"bound": bound, "kind": kind, "value": current, "options": options, "widget": rendered})
    search = next((f for f in fields if f["bound"].name == search_field), None)
    others = [f for f in fields if f is not search]
    return {
        "search": search,
        "fields": others,
        "active": active,
        "target": target,
        "collapse_id": collapse_id,
        "reset_href": context["request"].path,
        # The form asks the page's path, never its current URL (htmx would repeat every parameter);
        # the sort order goes along as a field.
        "sort": context["request"].GET.get("sort", ""),
    }


def _options_html(field, widget, current):
    """The ``<option>`` tags of a select, built in Python: a tree select can hold a thousand."""
    choices = getattr(field, "choices", None) or widget.choices
    rows = []
    for value, text in choices:
        value = "" if value is None else str(value)
        rows.append((value, " selected" if value == current else "", text if value else "全部"))
    return format_html_join("", '<option value="{}"{}>{}</option>', rows)


# ---------------------------------------------------------------- badges, progress, charts


@register.simple_tag
def status_badge(value, field="status"):
    """A coloured badge for a state, the colours from the app's ``choices.py`` (``core.badges``):
    ``{% status_badge project %}``, ``{% status_badge person "political_status" %}``,
    ``{% status_badge target.display_status %}``."""
    return badges.status_badge(value, field)


@register.inclusion_tag("components/progress_bar.html")
def progress_bar(value, total=100, label="", colour="primary"):
    """A progress bar of ``value`` out of ``total`` with its percentage."""
    pct = max(0, min(100, percent(value, total)))
    return {"pct": pct, "label": label, "colour": colour, "value": value, "total": total}


@register.inclusion_tag("components/chart.html")
def chart(chart_id, options, height=280, title=""):
    """An ECharts chart; ``options`` (a dict) travel as JSON via ``json_script``.

    The page must load ``vendor/echarts/echarts.min.js`` (``{% block scripts %}``);
    ``vanguard.js`` draws every chart on load and after htmx swaps, and resizes them
    with the window.
    """
    return {
        "chart_id": chart_id,
        "script_id": f"{chart_id}-options",
        "options": options,
        "height": height,
        "title": title,
    }


# ---------------------------------------------------------------- audit


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _show(value, field=None):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        # A map kept in one event (attendance marks by person id, say): its entries in key order.
        return (
            "；".join(f"{key}：{_show(item)}" for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))) or "—"
        )
    if isinstance(value, list):
        if field is not None and field.is_relation:
            return "、".join(f"{field.related_model._meta.verbose_name} #{v}" for v in value) or "—"
        return "、".join(str(v) for v in value) or "—"
    choices = dict(getattr(field, "flatchoices", None) or ()) if field is not None else {}
    if value in choices:
        return str(choices[value])
    if field is not None and field.is_relation:
        return f"{field.related_model._meta.verbose_name} #{value}"
    return str(value)


@register.filter
def audit_diff(event, user=None):
    """Rows (label, before, after) of the fields an event changed, in readable words.

    ``event|audit_diff:request.user``: fields declared in ``core.masking`` are shown masked unless
    that user may read them in full (without a user, always masked).
    """
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    before, after = event.before or {}, event.after or {}
    shown_before, shown_after = (data or {} for data in masked_event(event, user))
    rows = []
    for name in list(dict.fromkeys([*before.keys(), *after.keys()])):
        if name in ("id", "version", "path", "depth", "numchild", "name_initials", "name_pinyin"):
            continue
        old, new = before.get(name), after.get(name)
        if event.before is not None and event.after is not None and old == new:
            continue
        old, new = _changed_entries(shown_before.get(name), shown_after.get(name))
        field = _field(model, name)
        label = (
            str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else _LABELS.get(name, name)
        )
        rows.append({"label": label, "before": _show(old, field), "after": _show(new, field), "changed": old != new})
    return rows


# Names that events store beside a model's own fields.
_LABELS = {"attendance": "出勤", "reason": "理由", "parent": "上级", "username": "用户名", "attachment": "附件"}


def _changed_entries(old, new):
    """Of two maps, only the entries that differ (a meeting's attendance changes a few marks at a time)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return old, new
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys if k in old}, {k: new.get(k) for k in keys if k in new}


@register.filter
def audit_label(action):
    """``project.accept`` → ``验收通过`` (the declared event's label)."""
    return events.label_of(action)


@register.filter
def model_label(object_type):
    """``org.person`` → ``人员``."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@register.filter
def path_tail(label, count=2):
    """The last ``count`` parts of a path label: ``轧管厂/一作业区/加热工序/甲班`` → ``加热工序/甲班``."""
    parts = str(label or "").split("/")
    return "/".join(parts[-int(count) :])
