"""The roster export, in the import's columns."""

from vanguard.core.excel import SafeWorkbook, report_title
from vanguard.core.exports import counted

from ..models import PartyOrg, Person, Unit
from ..selectors import tree_path_names
from .columns import COLUMNS
from .sheet import sheet_columns

EXPORT_FIELDS = tuple(c.field for c in COLUMNS)


def _converters(*, show_id_cards):
    """(column index, function) for the cells not written as read: coded values, tree paths, masked cards.

    The tree paths are read here, once (two queries).
    """
    units = {pk: path for path, pk in tree_path_names(Unit).items()}
    orgs = {pk: path for path, pk in tree_path_names(PartyOrg).items()}
    converters = []
    for index, column in enumerate(COLUMNS):
        if column.choices is not None:
            labels = dict(column.choices.choices)
            converters.append((index, lambda value, labels=labels: labels.get(value, value)))
        elif column.field == "unit_id":
            converters.append((index, lambda pk: units.get(pk, "")))
        elif column.field == "membership__party_org_id":
            converters.append((index, lambda pk: orgs.get(pk, "")))
        elif column.field == "id_card" and not show_id_cards:
            converters.append((index, Person.mask_id_card))
    return converters


def roster_export(*, queryset, show_id_cards, title=None, target=None, progress=None):
    """People of ``queryset`` (already restricted and filtered) in the template's columns, under ``title``.

    Two queries for the tree paths and one for the people, whatever their number (and one to count
    them when ``progress(done, total)`` follows the rows written: ``core.exports``).
    """
    converters = _converters(show_id_cards=show_id_cards)
    book = SafeWorkbook(target)
    sheet = book.add_sheet("花名册", columns=sheet_columns(), title=title or report_title("人员花名册"))
    write = sheet.write_row
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=5000)
    if progress is not None:
        rows = counted(rows, queryset.count(), progress)
    for index, values in enumerate(rows, start=sheet.header_row + 1):
        cells = list(values)
        for column, convert in converters:
            cells[column] = convert(cells[column])
        write(index, cells)
    return book.close()
