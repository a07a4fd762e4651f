"""Meeting minutes as the pages show them: pasted markup kept safe, typed lines kept as paragraphs."""

import re

import nh3
from django.utils.html import escape

# What pasted minutes may keep: paragraphs, lists, emphasis and tables; no scripts, styles or links out.
MINUTES_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "h3", "h4", "table", "thead", "tbody",
                "tr", "th", "td", "blockquote"}  # fmt: skip
LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]")


def sanitise_minutes(text: str | None) -> str:
    """Minutes as safe HTML: pasted markup keeps its structure, anything executable is dropped, no text is lost."""
    text = (text or "").strip()
    if not text:
        return ""
    if not LOOKS_LIKE_HTML.search(text):
        # Plain text: keep the line breaks the secretary typed.
        paragraphs = [line.strip() for line in text.splitlines()]
        return "".join(f"<p>{escape(line)}</p>" for line in paragraphs if line)
    return nh3.clean(text, tags=MINUTES_TAGS, attributes={}, strip_comments=True).strip()
