"""The archive is what was archived, and every quote stands in it word for word."""
import hashlib

import pytest

from geo.dataset import load
from geo.paths import ROOT
from geo.text import first_difference, locate

SHARED = ROOT.parent / "shared" / "sources"


def all_quotes(data):
    for record in [*data.relations, *data.events]:
        for quote in record.quotes:
            yield record.id, quote
    for claim in data.claims:
        for position in claim.positions:
            for quote in position.quotes:
                yield claim.id, quote


def test_every_quote_is_verbatim_in_its_source(data):
    quotes = list(all_quotes(data))
    assert len(quotes) > 40
    for record_id, quote in quotes:
        text = data.texts[quote.source]
        start, end = locate(text, quote.text)
        assert " ".join(text[start:end].split()) == " ".join(quote.text.split()), record_id


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared archive is not beside this checkout")
def test_archive_is_byte_for_byte_the_shared_originals(data):
    originals = sorted(SHARED.glob("*.txt"))
    news = [s for s in data.sources.values() if s.file.startswith("sources/")]
    assert len(originals) == len(news) == 5
    archived = {(ROOT / "data" / s.file).name: s for s in news}
    for original in originals:
        copy = ROOT / "data" / "sources" / original.name
        assert copy.read_bytes() == original.read_bytes()
        assert archived[original.name].sha256 == hashlib.sha256(original.read_bytes()).hexdigest()


def test_undated_sources_say_how_their_date_was_inferred(data):
    for source in data.sources.values():
        printed = source.id == "alliance-treaty-2005"
        assert (source.published.inferred is None) == printed, source.id


@pytest.mark.parametrize("text, quote, span", [
    ("one two  three", "two three", (4, 14)),
    ("line one\nline two", "one line", (5, 13)),
    ("a (b) [c]", "(b) [c]", (2, 9)),
    ("abc", "abd", None),
    ("abc", "   ", None),
])
def test_locate_folds_only_whitespace(text, quote, span):
    assert locate(text, quote) == span


def test_first_difference_names_the_word_that_differs():
    message = first_difference("Russian and Uzbek troops held joint exercises", "Uzbek troops held naval exercises")
    assert message == "matches up to '…Uzbek troops held', then 'naval' differs"


def test_loading_twice_gives_equal_data(data):
    assert load().relations == data.relations


def test_a_data_file_shows_its_header_and_the_rows_quoted_each_as_archived(data):
    import html
    import re

    from geo.sourceview import passages, source_html

    text = data.texts["atop-5-1-members"]
    shown = html.unescape(re.sub(r"<[^>]+>", "", source_html(data, "atop-5-1-members")))
    rows = [line for line in shown.splitlines() if not line.startswith("⋮")]
    lines = text.splitlines()
    assert rows[0] == lines[0] and set(rows) <= set(lines)
    quoted = {line for p in passages(data, "atop-5-1-members", data.focus) for line in text[p.start:p.end].splitlines()}
    assert quoted <= set(rows) and len(rows) < len(lines) / 10
    left_out = sum(int(n.replace(",", "")) for n in re.findall(r"⋮ ([\d,]+) rows not quoted", shown))
    assert left_out + len(rows) == len(lines)
