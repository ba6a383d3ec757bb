"""geo.safe: the one place strings from a URL or the data become text for a medium with markup."""
import json
import re

import pytest

from geo import safe
from geo.paths import ROOT


@pytest.mark.parametrize("text, expected", [
    ('<a href="x">T&C\'s</a>', "&lt;a href=&#34;x&#34;&gt;T&amp;C&#39;s&lt;/a&gt;"),
    ("<!--<script>", "&lt;!--&lt;script&gt;"),
    ("plain words", "plain words"),
])
def test_html(text, expected):
    assert safe.html(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("[phish](https://evil.example/x)", "\\[phish\\](https\\:\u2060//evil\\.example/x)"),
    ("![t](http://h/t.png)", "\\!\\[t\\](http\\:\u2060//h/t\\.png)"),
    ("# heading", "\\# heading"),
    ("1. item", "1\\. item"),
    ("a\n- b", "a - b"),
    ("www.evil.example", "www\u2060\\.evil\\.example"),
    ("mail@evil.example", "mail\\@\u2060evil\\.example"),
    (":red[x] $x$ *y* `z` a|b", "\\:red\\[x\\] \\$x\\$ \\*y\\* \\`z\\` a\\|b"),
    ('The text\'s "Monday" (14 Nov).', 'The text\'s "Monday" (14 Nov).'),  # readable where nothing can start
])
def test_markdown(text, expected):
    assert safe.markdown(text) == expected


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!--<script>", "a & b", "\u2028"])
def test_script_json_cannot_end_or_open_a_script(value):
    encoded = safe.script_json({"v": value})
    assert "<" not in encoded and ">" not in encoded and "\u2028" not in encoded
    assert json.loads(encoded) == {"v": value}


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Treaty", "Treaty"), (4, 4), (None, None),
])
def test_csv_cell(value, expected):
    assert safe.csv_cell(value) == expected


def test_shown_cuts_long_values_and_shows_control_characters():
    assert safe.shown("9" * 5000) == "9" * 40 + "…"
    assert safe.shown("a\x00b\nc") == "a\ufffdb\ufffdc"


def test_no_other_module_escapes_on_its_own():
    """Escaping goes through geo.safe on every path: nothing else imports an escaper."""
    own = re.compile(r"^\s*(from html import|import html\b|from markupsafe|import markupsafe)", re.M)
    scripts = [ROOT / "app.py", *(ROOT / "geo").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
    assert [str(p.relative_to(ROOT)) for p in scripts if own.search(p.read_text(encoding="utf-8"))] == []
