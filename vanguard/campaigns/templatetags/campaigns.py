"""Numbers and the target tree of the campaigns pages (status badges are core's ``status_badge``)."""

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from vanguard.core.badges import status_badge
from vanguard.core.views import object_page_url

register = template.Library()


@register.filter
def num(value):
    """A decimal without trailing zeros and with thousands separators: 1234.5000 → 1,234.5; None → —."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    text = f"{value.quantize(Decimal('0.01')):,f}".rstrip("0").rstrip(".")
    return text


@register.filter
def source_url(contribution):
    """The page of the record a result comes from (a project), or None when its app has no page for it."""
    return object_page_url(contribution.source, contribution.source_id)


@register.filter
def pct(value):
    if value is None:
        return "—"
    return f"{Decimal(value):.0f}%" if Decimal(value) >= 10 else f"{Decimal(value):.1f}%"


# The progress bar's colour by target status.
BAR_COLOURS = {"done": "blue", "on_track": "green", "at_risk": "yellow", "off_track": "orange", "overdue": "red"}


@register.filter
def bar_colour(target):
    return BAR_COLOURS.get(target.display_status(), "secondary")


@register.filter
def capped(value):
    return min(Decimal(value or 0), Decimal(100))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


# ---------------------------------------------------------------- the target tree
# Thousands of nodes are rendered in Python (a template per node costs about 2 ms each).


def _url_pattern(name):
    from django.urls import reverse

    return reverse(name, args=[999999999]).replace("999999999", "{}")


def _node_html(node, today, urls):
    status = node.display_status(today)
    colour = BAR_COLOURS.get(status, "secondary")
    pct_value = node.progress_pct or 0
    if node.numchild:
        loaded = getattr(node, "preloaded", False)
        toggle = format_html(
            '<button type="button" class="vg-toggle" data-children="children-target-{}" data-url="{}?parent={}" '
            'data-loaded="{}" aria-expanded="{}" aria-label="{}"><i class="ti ti-chevron-right"></i></button>',
            node.pk,
            urls["tree"].format(node.campaign_id),
            node.pk,
            "1" if loaded else "0",
            "true" if loaded else "false",
            "收起" if loaded else "展开",
        )
    else:
        loaded = False
        toggle = mark_safe(
            '<span class="vg-toggle vg-toggle-leaf" aria-hidden="true"><i class="ti ti-point"></i></span>'
        )
    reports = urls["reports"].format(node.pk)
    if node.is_milestone:
        figures = mark_safe('<span class="text-secondary">里程碑</span>')
    else:
        figures = format_html(
            '<span class="text-secondary">目标</span> {}{} · <span class="text-secondary">实际</span> '
            '<a href="{}" data-testid="rollup-value" title="查看构成该值的填报">{}</a>',
            num(node.target_value),
            node.metric_unit,
            reports,
            num(node.actual_value),
        )
    children = render_target_nodes(node.children_list, today, urls) if loaded else ""
    return format_html(
        '<li id="target-{pk}" role="treeitem" data-testid="target-node" data-status="{status}">'
        '<div class="vg-node vg-target-node">{toggle}'
        '<a class="vg-node-name vg-target-title" href="{detail}">{title}</a>'
        '<span class="text-secondary small vg-target-owner"><i class="ti ti-user"></i>{owner}</span>'
        '<span class="vg-target-figures small">{figures}</span>'
        '<a class="vg-target-bar text-reset text-decoration-none" href="{reports}" title="完成进度 {pct},点击查看填报">'
        '<span class="progress progress-sm"><span class="progress-bar bg-{colour}" style="width: {width}%"></span></span>'
        '<span class="small" data-testid="rollup-pct">{pct}</span></a>'
        "{badge}</div>"
        '<div id="children-target-{pk}"{hidden}>{children}</div></li>',
        pk=node.pk,
        status=status,
        toggle=toggle,
        detail=urls["detail"].format(node.pk),
        title=node.title,
        owner=node.owner_label,
        figures=figures,
        reports=reports,
        pct=pct(pct_value),
        colour=colour,
        width=f"{min(Decimal(pct_value), Decimal(100)):.0f}",
        badge=status_badge(status),
        hidden="" if loaded else " hidden",
        children=children,
    )


def _more_html(page, shown, urls):
    """The last item of a page of children: a link that loads the next page in its place."""
    parent, offset, total = page["parent"], page["offset"], page["total"]
    left = total - offset - shown
    if left <= 0:
        return ""
    url = f"{urls['tree'].format(parent.campaign_id)}?parent={parent.pk}&offset={offset + shown}"
    return format_html(
        '<li class="vg-tree-more" data-testid="tree-more"><button type="button" class="btn btn-link btn-sm px-0" '
        'hx-get="{}" hx-target="closest li" hx-swap="outerHTML">'
        '<i class="ti ti-chevrons-down me-1"></i>加载更多(还有 {} 项,共 {} 项)</button></li>',
        url,
        left,
        total,
    )


def render_target_nodes(nodes, today, urls=None, page=None):
    """A level of the tree as a ``<ul>``; a later page of a level (``page["offset"]`` > 0) as its items only."""
    urls = urls or {
        "tree": _url_pattern("target-tree"),
        "detail": _url_pattern("target-detail"),
        "reports": _url_pattern("target-reports"),
    }
    items = "".join(_node_html(n, today, urls) for n in nodes)
    if page is None:
        return mark_safe(f'<ul role="group">{items}</ul>')  # noqa: S308
    items += _more_html(page, len(nodes), urls)
    return mark_safe(items if page["offset"] else f'<ul role="group">{items}</ul>')  # noqa: S308


@register.simple_tag
def target_nodes(nodes, today=None, page=None):
    """The ``<ul>`` of a level of the target tree (and the preloaded levels below it); ``page``: the
    parent, offset and total of a level loaded in pages, which then ends with a "load more" item."""
    return render_target_nodes(nodes, today or timezone.localdate(), page=page or None)
