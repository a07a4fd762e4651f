"""Reading a roster file and parsing its rows against the trees (no database writes)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from vanguard.core.access import scoped_q
from vanguard.core.choices import Action
from vanguard.core.excel import clean_text, half_width, parse_date, read_table
from vanguard.core.tabular import identifier_cell, text_cell

from ..choices import CadreLevel, MembershipStatus, PoliticalStatus
from ..models import PartyOrg, Unit
from ..selectors import tree_path_names
from ..validators import validate_id_card, validate_phone
from .columns import (
    ALIASES,
    CADRE_LEVELS,
    CHANNELS,
    EDUCATIONS,
    GENDERS,
    MAX_LENGTHS,
    MEMBER_STATUSES,
    POLITICAL,
    TITLES,
)
from .result import RowError

ID_CARD_DIGITS_KEPT = 15
NUMERIC_ID_CARD = "身份证号被存成了数字，末尾几位已丢失，请把该列设为文本后重新填写。"
NUMERIC_ID_CARD_CSV = (
    NUMERIC_ID_CARD[:-1]
    + "（CSV 中以 000 结尾的 18 位身份证号多是这样丢失的；若确实以 000 结尾，请在人员页面单独录入此人）。"
)

# ---------------------------------------------------------------- matching names in the trees


class TreeIndex:
    """Finds a node of a tree by its name, its full path or any tail of the path.

    ``公司/轧管厂/第一作业区``, ``轧管厂/第一作业区`` and (if unique) ``第一作业区`` all
    match the same node. Built with one query.

    ``allowed`` (the ids of the nodes a secretary may change; None for the whole tree) narrows what
    a name matches and what is offered as candidates: names outside it read as not found, so the
    answer tells nothing about the tree beyond the user's scope.
    """

    def __init__(self, model, label, allowed=None):
        self.label = label
        self.allowed = allowed
        self.full = tree_path_names(model)
        self.path_of = {pk: path for path, pk in self.full.items()}
        self.by_tail = defaultdict(list)
        for path, pk in self.full.items():
            parts = self.normalise(path).split("/")
            for start in range(len(parts)):
                self.by_tail["/".join(parts[start:])].append(pk)

    @staticmethod
    def normalise(text):
        """How names are compared: ``（`` as ``(``, spaces trimmed (the names themselves are kept as typed)."""
        text = " ".join(half_width(text).split())
        return "/".join(p.strip() for p in text.replace("\\", "/").split("/") if p.strip())

    def match(self, text):
        """(pk, None) or (None, Chinese message)."""
        key = self.normalise(text)
        found = self.by_tail.get(key, ())
        if self.allowed is not None:
            found = [pk for pk in found if pk in self.allowed]
        if len(found) == 1:
            return found[0], None
        if not found:
            where = "在您的管理范围内" if self.allowed is not None else ""
            return None, f"{where}找不到{self.label}“{text}”,请核对名称或填写完整路径(如 公司/分厂/作业区)。"
        candidates = "；".join(self.path_of[pk] for pk in found[:3])
        more = f" 等{len(found)}个" if len(found) > 3 else ""
        return None, f"{self.label}“{text}”不唯一,请填写完整路径,候选:{candidates}{more}。"


# ---------------------------------------------------------------- reading and validating


def roster_read(source):
    """The roster table of an uploaded file (path, bytes or file object); raises ``ExcelError``."""
    return read_table(source, TITLES, aliases=ALIASES, required=("姓名", "工号"))


@dataclass
class _Context:
    actor: object
    today: date
    units: TreeIndex
    orgs: TreeIndex
    unit_ok: set | None  # None: every unit (the administrator)
    org_ok: set | None
    text_only: bool = False  # a CSV file: numbers typed into Excel reach us as text


def _changeable(actor, model):
    """Ids of the nodes ``actor`` may change; None when the policy lets them change every node."""
    q = scoped_q(actor, model, Action.CHANGE)
    return None if q is None else set(model.objects.filter(q).values_list("pk", flat=True))


def _context(actor, today, text_only=False):
    unit_ok, org_ok = _changeable(actor, Unit), _changeable(actor, PartyOrg)
    return _Context(
        text_only=text_only,
        actor=actor,
        today=today or date.today(),
        units=TreeIndex(Unit, "单位", allowed=unit_ok),
        orgs=TreeIndex(PartyOrg, "党组织", allowed=org_ok),
        unit_ok=unit_ok,
        org_ok=org_ok,
    )


class _Row:
    """One data row being checked: parsed values and the errors found."""

    def __init__(self, number, raw, errors):
        self.number = number
        self.raw = raw
        self.errors = errors
        self.values = {}
        self.suspect_card = False

    def error(self, column, message):
        self.errors.append(RowError(self.number, column, message))

    def text(self, title):
        """The cell as typed (trimmed): names, positions and places keep their full-width brackets."""
        value = text_cell(self.raw.get(title))
        limit = MAX_LENGTHS.get(title)
        if limit and len(value) > limit:
            self.error(title, f"{title}过长,最多{limit}个字。")
        return value

    def identifier(self, title):
        """Digits of an identifier cell; refused when a number cell lost some of them."""
        text, lost = identifier_cell(self.raw.get(title))
        if lost:
            self.error(title, f"{title}被存成了数字，末尾几位已丢失，请把该列设为文本后重新填写。")
        return text

    def choice(self, title, mapping, default=""):
        text = clean_text(self.raw.get(title))
        if not text:
            return default
        value = mapping.get(text) or mapping.get(text.lower())
        if value is None:
            allowed = "、".join(dict.fromkeys(label for label in mapping if not label.isascii()))
            self.error(title, f"“{text}”不是有效的{title.split('(')[0]},可填:{allowed}。")
            return default
        return value

    def date(self, title, today):
        try:
            value = parse_date(self.raw.get(title))
        except ValueError as exc:
            self.error(title, str(exc))
            return None
        if value and value > today:
            self.error(title, f"{title}不能晚于今天。")
        return value


def _parse_row(row, ctx):
    """Person values and membership of one row; problems go to ``row.errors``."""
    name, number = row.text("姓名"), row.identifier("工号")
    if not name:
        row.error("姓名", "姓名不能为空。")
    if not number:
        row.error("工号", "工号不能为空。")
    elif len(number) > MAX_LENGTHS["工号"]:
        row.error("工号", "工号过长,最多32个字符。")
    gender = row.choice("性别", GENDERS)
    if not gender and not clean_text(row.raw.get("性别")):
        row.error("性别", "性别不能为空,请填写“男”或“女”。")
    values = {
        "name": name,
        "employee_no": number,
        "gender": gender,
        "birth_date": row.date("出生日期", ctx.today),
        "ethnicity": row.text("民族"),
        "education": row.choice("学历", EDUCATIONS),
        "position": row.text("职务"),
        "cadre_level": row.choice("干部级别", CADRE_LEVELS, CadreLevel.NONE),
        "channel": row.choice("人员类别(三支队伍)", CHANNELS),
        "political_status": row.choice("政治面貌", POLITICAL, PoliticalStatus.MASSES),
    }
    values["id_card"] = _id_card(row, ctx)
    values["phone"] = _phone(row)
    values["unit_id"] = _node(row, "所在单位", ctx.units, ctx.unit_ok, required=True)
    values["membership"] = _membership(row, ctx, values["political_status"])
    row.values = values


def _id_card(row, ctx):
    card, lost = identifier_cell(row.raw.get("身份证号"))
    card = card.upper()
    if lost or (isinstance(row.raw.get("身份证号"), float | int) and len(card) >= ID_CARD_DIGITS_KEPT):
        row.error("身份证号", NUMERIC_ID_CARD)
        return card
    if not card or "*" in card:
        return card  # a masked card is resolved against the database later
    try:
        validate_id_card(card)
    except ValidationError as exc:
        row.error("身份证号", exc.messages[0])
        return card
    if ctx.text_only and card.endswith("000"):
        # In a CSV file every cell is text, so a card saved from a number cell (15 digits kept,
        # then zeros) looks typed; about one in eleven of them even passes the checksum. Unless the
        # person already holds exactly this card, it is refused (checked against the database).
        row.suspect_card = True
    return card


def _phone(row):
    phone = row.identifier("手机号").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    try:
        validate_phone(phone)
    except ValidationError as exc:
        row.error("手机号", exc.messages[0])
    return phone


def _node(row, title, index, allowed, required=False):
    text = row.text(title)
    if not text:
        if required:
            row.error(title, f"{title}不能为空。")
        return None
    pk, message = index.match(text)
    if message:
        row.error(title, message)
        return None
    if allowed is not None and pk not in allowed:
        row.error(title, f"{index.label}“{text}”不在您的管理范围内。")
        return None
    return pk


def _membership(row, ctx, political):
    org_text = row.text("党组织")
    joined = row.date("入党日期", ctx.today)
    regularised = row.date("转正日期", ctx.today)
    if political not in MEMBER_STATUSES:
        if org_text:
            row.error("党组织", f"政治面貌为{PoliticalStatus(political).label},不应填写党组织。")
        if joined:
            row.error("入党日期", f"政治面貌为{PoliticalStatus(political).label},不应填写入党日期。")
        if regularised:
            row.error("转正日期", f"政治面貌为{PoliticalStatus(political).label},不应填写转正日期。")
        return None
    label = PoliticalStatus(political).label
    if not org_text:
        row.error("党组织", f"{label}须填写所在党组织。")
    org_id = _node(row, "党组织", ctx.orgs, ctx.org_ok) if org_text else None
    if political == PoliticalStatus.PROBATIONARY and regularised:
        row.error("转正日期", "预备党员不应有转正日期。")
    if joined and regularised and regularised < joined:
        row.error("转正日期", "转正日期不能早于入党日期。")
    status = MembershipStatus.PROBATIONARY if political == PoliticalStatus.PROBATIONARY else MembershipStatus.FULL
    # "post" is left out on purpose: an import keeps a member's post (书记, 委员…) as it is.
    return {"party_org_id": org_id, "status": status, "joined_on": joined, "regularised_on": regularised}
