"""What a page sends the browser: no inline script anywhere, a Content-Security-Policy on every response,
and no traceback for a client that is not on this machine."""

import re
from pathlib import Path

from django.conf import settings

APP_ROOT = Path(settings.BASE_DIR) / "vanguard"
# An inline handler or a javascript: URL runs text the page wrote; a <script> without src is inline too.
INLINE_SCRIPT = re.compile(r"""\son[a-z]+\s*=|hx-on|javascript:|<script(?![^>]*\ssrc=)""", re.IGNORECASE)


def test_no_template_writes_inline_script():
    found = []
    for path in sorted(APP_ROOT.glob("**/templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE_SCRIPT.search(line):
                found.append(f"{path.relative_to(APP_ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "行内脚本(改用 vanguard.js 的 data- 属性):\n" + "\n".join(found)
