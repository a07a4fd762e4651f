"""Search keys kept beside a person's name: what people type to find someone.

``name_initials`` (张三丰 → zsf) and ``name_pinyin`` (赵文静 → zhaowenjing) are stored on
``Person`` and indexed; ``Person.objects.search`` matches a prefix of either. Letters and digits
only, lower case, so ``买买提·艾力`` is ``mmtal`` / ``maimaitiaili``.
"""

import re

from pypinyin import Style, lazy_pinyin

_NOT_KEY = re.compile(r"[^a-z0-9]")
INITIALS_LENGTH = 50
PINYIN_LENGTH = 200


def _key(parts, length):
    return _NOT_KEY.sub("", "".join(parts).lower())[:length]


def name_initials(name: str | None) -> str:
    """Pinyin initials for search: 张三丰 → zsf."""
    return _key((s[0] for s in lazy_pinyin(name or "", style=Style.FIRST_LETTER) if s), INITIALS_LENGTH)


def name_pinyin(name: str | None) -> str:
    """Full pinyin for search, without tones or spaces: 赵文静 → zhaowenjing."""
    return _key(lazy_pinyin(name or "", style=Style.NORMAL), PINYIN_LENGTH)


def search_keys(name: str | None) -> dict[str, str]:
    """The search fields of a person called ``name``."""
    return {"name_initials": name_initials(name), "name_pinyin": name_pinyin(name)}
