"""Checks across rows and against the database; what an import would create or change."""

from ..models import Person
from ..validators import id_card_birth_date
from .columns import CHUNK, PERSON_FIELDS, PROGRESS_EVERY, TITLES
from .parse import NUMERIC_ID_CARD_CSV, _context, _parse_row, _Row
from .result import RowError


def _check_duplicates(rows):
    first_no, first_card = {}, {}
    for row in rows:
        number, card = row.values["employee_no"], row.values["id_card"]
        if number:
            if number in first_no:
                row.error("工号", f"工号“{number}”与第{first_no[number]}行重复。")
            else:
                first_no[number] = row.number
        if card and "*" not in card:
            if card in first_card:
                row.error("身份证号", f"身份证号与第{first_card[card]}行重复。")
            else:
                first_card[card] = row.number


def _existing(numbers):
    found = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        found.update(
            {p.employee_no: p for p in Person.objects.filter(employee_no__in=chunk).select_related("membership")}
        )
    return found


def _cards_in_use(cards):
    """ID card → (工号, person) of people already holding it (one query per 2,000 cards)."""
    used = {}
    cards = list(cards)
    for start in range(0, len(cards), CHUNK):
        people = Person.objects.filter(id_card__in=cards[start : start + CHUNK]).select_related("membership")
        used.update((p.id_card, (p.employee_no, p)) for p in people)
    return used


def _may_change(person, ctx):
    if ctx.unit_ok is None:
        return True
    membership = getattr(person, "membership", None)
    return person.unit_id in ctx.unit_ok or (membership is not None and membership.party_org_id in ctx.org_ok)


def _check_against_database(rows, ctx):
    """Existing people (scope, masked ID cards) and ID cards held by someone else."""
    existing = _existing(r.values["employee_no"] for r in rows if r.values["employee_no"])
    for row in rows:
        person = existing.get(row.values["employee_no"])
        outside = person is not None and not _may_change(person, ctx)
        if outside:
            row.error("工号", "该工号无法使用，请联系党委组织部。")
        card = row.values["id_card"]
        if card and "*" in card:
            if person is not None and not outside and person.id_card and person.id_card_masked == card:
                row.values["id_card"] = person.id_card
            else:
                row.error("身份证号", "身份证号已脱敏(含*),请填写完整的身份证号,或留空。")
        if row.suspect_card and (person is None or (person.id_card or "").upper() != card):
            row.error("身份证号", NUMERIC_ID_CARD_CSV)
    cards = {r.values["id_card"]: r for r in rows if r.values["id_card"] and "*" not in r.values["id_card"]}
    for card, (number, holder) in _cards_in_use(cards).items():
        row = cards[card]
        if number == row.values["employee_no"]:
            continue
        if _may_change(holder, ctx):
            row.error("身份证号", f"该身份证号已被工号为 {number} 的人员使用。")
        else:
            # Whether the number exists elsewhere in the company is not the secretary's to learn.
            row.error("身份证号", "该身份证号无法使用，请联系党委组织部。")
    for row in rows:
        card, birth = row.values["id_card"], row.values["birth_date"]
        card_birth = id_card_birth_date(card) if len(card) == 18 else None
        if card_birth and birth and card_birth != birth:
            row.error("出生日期", f"出生日期与身份证号不一致(身份证为{card_birth:%Y-%m-%d})。")
        elif card_birth and not birth and card_birth <= ctx.today:
            row.values["birth_date"] = card_birth
    return existing


def _stored(value, name=""):
    """A value as it is kept: None and "" alike for an empty text, an ID card's X in upper case."""
    if value is None:
        return ""
    return value.upper() if name == "id_card" else value


def _changes(person, values):
    """Whether applying ``values`` to an existing person changes anything (person or membership)."""
    if any(_stored(getattr(person, name), name) != _stored(values[name], name) for name in PERSON_FIELDS):
        return True
    membership = getattr(person, "membership", None)
    wanted = values["membership"]
    if membership is None or wanted is None:
        return (membership is None) != (wanted is None)
    return any(_stored(getattr(membership, name)) != _stored(value) for name, value in wanted.items())


def roster_validate(*, actor, table, today=None, progress=None):
    """Check every row of ``table``; returns (rows that create or change someone, errors, counts)."""
    ctx = _context(actor, today, text_only=getattr(table, "kind", "") == "csv")
    errors = []
    rows = []
    records = list(table.records())
    for done, (number, raw) in enumerate(records, start=1):
        row = _Row(number, raw, errors)
        _parse_row(row, ctx)
        rows.append(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    _check_duplicates(rows)
    existing = _check_against_database(rows, ctx)
    if not rows:
        errors.append(RowError(table.header_row, "", "表头下没有数据行。"))
    errors.sort(key=lambda e: (e.row or 0, TITLES.index(e.column) if e.column in TITLES else -1))
    created, updated, to_write = 0, 0, []
    for row in rows:
        person = existing.get(row.values["employee_no"])
        if person is None:
            created += 1
        elif _changes(person, row.values):
            updated += 1
        else:
            continue  # unchanged rows are not handed to the upsert at all
        to_write.append(row.values)
    counts = {"total": len(rows), "created": created, "updated": updated, "unchanged": len(rows) - created - updated}
    return to_write, errors, counts
