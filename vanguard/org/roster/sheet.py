"""The roster's columns as the template and the export write them: kinds, and the template's drop-downs."""

from dataclasses import replace

from vanguard.core.excel import CODE, DATE, TEXT

from .columns import COLUMNS

# Identifiers stay text from top to bottom (an ID card typed into a number cell loses its last digits).
KINDS = {
    "employee_no": CODE,
    "id_card": CODE,
    "phone": CODE,
    "birth_date": DATE,
    "membership__joined_on": DATE,
    "membership__regularised_on": DATE,
}
# Tree paths offered in a drop-down; a unique plain name is accepted too, so another value only warns.
TREE_FIELDS = ("unit_id", "membership__party_org_id")


def sheet_columns(*, trees=None):
    """``COLUMNS`` with their kinds; with ``trees`` ({field: [path, …]}), drop-downs as a template has them.

    Coded columns (性别, 学历, 政治面貌, 干部级别, 人员类别) list their labels and refuse anything else.
    """
    columns = []
    for column in COLUMNS:
        changes = {"kind": KINDS.get(column.field, TEXT)}
        if trees is not None and column.choices is not None:
            changes["options"] = [label for _, label in column.choices.choices]
        if trees is not None and column.field in TREE_FIELDS and trees.get(column.field):
            changes |= {"options": trees[column.field], "strict": False}
        columns.append(replace(column, **changes))
    return tuple(columns)
