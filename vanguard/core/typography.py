"""Chinese typesetting of generated text: full-width punctuation, names joined without doubling a word.

Code writes its fixed text with full-width punctuation already (“甲方（盖章）：”); ``cjk_punctuation``
is the safety net for text composed from parts (a title and a unit in brackets, rows another app
adds to a document): an ASCII ``,:;!?`` next to a Chinese character, or brackets around or next to
one, become their full-width forms. ASCII between Latin letters or digits stays (``1,234.5``,
``Q235(H)``, ``10:30``).
"""

import re

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_HAS_CJK = re.compile(f"[{CJK}]")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# An ASCII mark with a Chinese character before it or after it (spaces around the mark are dropped).
_MARK_AFTER_CJK = re.compile(f"(?<=[{CJK}]) *([,:;!?]) *")
_MARK_BEFORE_CJK = re.compile(f" *([,:;!?]) *(?=[{CJK}])")
_BRACKETS = re.compile(r"(.?)\(([^()]*)\)")
# Characters XML 1.0 cannot hold (a pasted form feed would make Word refuse the whole file).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _brackets(match: re.Match) -> str:
    before, inside = match.group(1), match.group(2)
    if _HAS_CJK.search(inside) or _HAS_CJK.match(before or ""):
        return f"{before}（{inside}）"
    return match.group(0)


def cjk_punctuation(text: str) -> str:
    """``text`` with the ASCII punctuation that touches Chinese characters in its full-width form."""
    if not text or not _HAS_CJK.search(text):
        return text
    text = _MARK_AFTER_CJK.sub(lambda m: FULL_WIDTH[m.group(1)], text)
    text = _MARK_BEFORE_CJK.sub(lambda m: FULL_WIDTH[m.group(1)], text)
    previous = None
    while previous != text:  # nested brackets: the innermost pair first
        previous, text = text, _BRACKETS.sub(_brackets, text)
    return text


def ascii_punctuation_in_chinese(text: str) -> list[str]:
    """The places where ``text`` still has an ASCII mark touching a Chinese character (for tests and checks)."""
    pattern = re.compile(f"[{CJK}][,:;()!?]|[,:;()!?][{CJK}]")
    return pattern.findall(text or "")


def xml_safe(text: str) -> str:
    """``text`` without the control characters a Word file cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def typeset(value):
    """Every string in ``value`` (a document's context: dicts, lists, strings) typeset for Chinese paper."""
    if isinstance(value, str):
        return cjk_punctuation(xml_safe(value))
    if isinstance(value, dict):
        return {key: typeset(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [typeset(item) for item in value]
    return value


def join_names(first: str, second: str, *, min_overlap: int = 2) -> str:
    """``first`` + ``second`` without repeating the words where they meet.

    机关党支部 + 支部党员大会 → 机关党支部党员大会; 第一党小组 + 党小组会 → 第一党小组会.
    """
    for size in range(min(len(first), len(second)), min_overlap - 1, -1):
        if first.endswith(second[:size]):
            return first + second[size:]
    return first + second
