"""The one place that turns a string from a URL or from the data into text for a medium that has
markup of its own. Every page, figure, panel and file goes through these, so a title, a quote or a
typed-in value shows as the characters it is and can never become a link, an image or a script.

- `html`: HTML element content and attribute values, Plotly labels (hover text, ticks, titles) and
  ReportLab paragraphs, which all decode numeric character references;
- `markdown`: Streamlit's Markdown (notices, captions, headings, tables, the codebook), bare URLs
  and addresses included;
- `script_json`: JSON inlined in an HTML <script>;
- `csv_cell`: a spreadsheet cell that must not run as a formula;
- `shown`: a value someone typed, cut short and with control characters made visible, for a notice.
"""
from __future__ import annotations

import json
import re
from typing import Any

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})
# The characters that open inline Markdown: links and images, emphasis, code, HTML and entities,
# table cells, LaTeX, Streamlit's :directives[], and GFM's bare autolinks (scheme:, user@host,
# www.host), plus what starts a block (a heading, quote, list) at the very beginning. Everything
# else (apostrophes, brackets, a full stop before a space) is left as written, so text stays readable.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>!|~$:@&]|\.(?=\S))")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#>+=*\-.)])")
# Streamlit's Markdown turns bare URLs and e-mail addresses into links after escapes are resolved,
# so no backslash stops them; an invisible word joiner after `http:`, `www` or `@` does.
_AUTOLINK = re.compile(r"(https?:|www(?=\.)|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"
_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def html(text: Any) -> str:
    return str(text).translate(_HTML)


def markdown(text: Any) -> str:
    # A line break would let a value start a new Markdown block (a heading, a list, a table).
    one_line = _AUTOLINK.sub(r"\1" + WORD_JOINER, " ".join(str(text).splitlines()))
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", _MARKDOWN_INLINE.sub(r"\\\1", one_line), count=1)


def script_json(value: Any) -> str:
    """JSON whose text can sit inside <script>: no `</script`, `<!--` or `<script` can form in it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT)


def csv_cell(value: Any) -> Any:
    """A string a spreadsheet would take for a formula gets a leading apostrophe, which it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def shown(value: str, limit: int = 40) -> str:
    """A typed value as a notice quotes it: at most `limit` characters, control characters as �."""
    cut = value if len(value) <= limit else value[:limit] + "…"
    return _CONTROL.sub("\ufffd", cut)
