"""The roster export, in the import's columns."""

from vanguard.core.excel import SafeWorkbook

from ..choices import CadreLevel, Channel, Education, Gender, PoliticalStatus
from ..models import PartyOrg, Unit
from ..selectors import tree_path_names
from .columns import COLUMNS

EXPORT_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "id_card",
    "unit_id",
    "membership__party_org_id",
    "political_status",
    "membership__joined_on",
    "membership__regularised_on",
    "position",
    "cadre_level",
    "channel",
    "phone",
)


def _mask(card):
    return f"{card[:6]}********{card[-4:]}" if len(card) == 18 else "*" * len(card)


def _choice_labels():
    """Stored value → label for each coded column."""
    return {
        name: dict(choices.choices)
        for name, choices in (
            ("gender", Gender),
            ("education", Education),
            ("political_status", PoliticalStatus),
            ("cadre_level", CadreLevel),
            ("channel", Channel),
        )
    }


def _row_cells(*, show_id_cards):
    """A function turning one ``EXPORT_FIELDS`` tuple into the cells of a row (tree paths read once here)."""
    units = {pk: path for path, pk in tree_path_names(Unit).items()}
    orgs = {pk: path for path, pk in tree_path_names(PartyOrg).items()}
    labels = _choice_labels()
    gender, education, political = labels["gender"], labels["education"], labels["political_status"]
    cadre, channel = labels["cadre_level"], labels["channel"]

    def cells(values):
        (
            name,
            number,
            sex,
            birth,
            ethnicity,
            edu,
            card,
            unit_id,
            org_id,
            status,
            joined,
            regularised,
            position,
            level,
            chan,
            phone,
        ) = values
        return (
            name,
            number,
            gender.get(sex, sex),
            birth,
            ethnicity,
            education.get(edu, edu),
            card if show_id_cards or not card else _mask(card),
            units.get(unit_id, ""),
            orgs.get(org_id, ""),
            political.get(status, status),
            joined,
            regularised,
            position,
            cadre.get(level, level),
            channel.get(chan, chan),
            phone,
        )

    return cells


def roster_export(*, queryset, show_id_cards, target=None):
    """People of ``queryset`` (already restricted and filtered) in the template's columns.

    Two queries for the tree paths and one for the people, whatever their number.
    """
    cells = _row_cells(show_id_cards=show_id_cards)
    book = SafeWorkbook(target)
    sheet = book.add_sheet("花名册", columns=COLUMNS)
    write = sheet.write_row
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=5000)
    for index, values in enumerate(rows, start=1):
        write(index, cells(values))
    return book.close()
