"""Search keys kept beside a person's name."""

from pypinyin import Style, lazy_pinyin


def name_initials(name):
    """Pinyin initials for search: 张三丰 → zsf."""
    return "".join(s[0] for s in lazy_pinyin(name, style=Style.FIRST_LETTER) if s).lower()[:50]
