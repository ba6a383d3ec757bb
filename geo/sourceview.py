"""An archived source as HTML: every quoted span highlighted and linked to the records it
supports, page furniture muted (not hidden), and every character of the source escaped."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from geo import safe

from geo.dataset import Dataset
from geo.panels import source_link
from geo.records import Claim, Event, Relation, Source, quotes_of

STYLE = """<style>
.atlas-source{white-space:pre-wrap;font-size:1.02rem;line-height:1.55;font-family:Georgia,'DejaVu Serif',serif;
  border:1px solid #ddd;padding:1rem 1.2rem;background:#fff;max-width:60rem;overflow-wrap:anywhere}
.atlas-source .furniture{color:#9a9a9a}
.atlas-source mark{background:#fff0b3;padding:0 .05rem;border-bottom:2px solid #e0b000}
.atlas-source mark.focus{background:#ffd24d;outline:3px solid #c0392b}
.atlas-passages li{margin:.3rem 0;overflow-wrap:anywhere}
.atlas-passages a{color:#0b5cad}
</style>"""


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    record_id: str
    title: str
    year: int
    is_event: bool
    state: str  # the focus of the map that shows the record


def _anchor(data: Dataset, record: Relation | Event | Claim, focus: str) -> tuple[str, str, int, bool, str]:
    """Where a quote of this record leads: the id, title and year of the tie or event, whether it
    is an event, and the focus whose map shows it. A contested claim leads to what it is about."""
    if isinstance(record, Relation):
        return record.id, record.title, record.start.date.year, False, data.view_of(record, focus)
    if isinstance(record, Event):
        return record.id, record.title, record.date.date.year, True, data.view_of(record, focus)
    about_id, _, year, is_event, state = _anchor(data, data.relation(record.about) or data.event(record.about), focus)
    return about_id, f"Contested: {record.question}", year, is_event, state


def passages(data: Dataset, source_id: str, focus: str) -> list[Passage]:
    """Every quoted span of the source, once per record of `data` that quotes it; each leads to the
    map of `focus` where that map shows the record."""
    found: list[Passage] = []
    for record in [*data.relations, *data.events, *data.claims]:
        for _, quote in quotes_of(record):
            if quote.source == source_id:
                found.append(Passage(*data.span(source_id, quote.text), *_anchor(data, record, focus)))
    return sorted(found, key=lambda p: (p.start, p.end))


def body_span(data: Dataset, source_id: str) -> tuple[int, int]:
    """Character span of the article proper, from its body markers."""
    text, body = data.texts[source_id], data.sources[source_id].body
    offset, start, end = 0, None, len(text)
    for line in text.splitlines(keepends=True):
        if start is None and line.startswith(body.first):
            start = offset
        if start is not None and line.startswith(body.last):
            end = offset + len(line.rstrip("\n"))
            break
        offset += len(line)
    return start or 0, end


def record_link(passage: Passage, year: int | None = None) -> str:
    shown = year if year is not None else passage.year
    if passage.is_event:
        return f"./?year={shown}&amp;state={passage.state}"
    return f"./?year={shown}&amp;state={passage.state}&amp;focus={safe.html(passage.record_id)}"


def is_table(source: Source) -> bool:
    """A data file (shown by its quoted rows), not prose (shown whole)."""
    return source.file.endswith(".csv")


def source_html(data: Dataset, source_id: str, focus: tuple[int, int] | None = None) -> str:
    """The archived text with its quoted spans marked. A data table (ATOP's member file runs to
    thousands of rows) shows its header and the rows the atlas quotes, each as archived, with the
    count of rows left out between them: the browser would take seconds to lay out the whole file,
    which the page offers for download instead."""
    text = data.texts[source_id]
    spans = passages(data, source_id, data.focus)
    body = body_span(data, source_id)
    if not is_table(data.sources[source_id]):
        return f'<div class="atlas-source">{_marked(text, 0, len(text), spans, focus, body)}</div>'
    lines = _line_starts(text)
    quoted = [(p.start, p.end) for p in spans] + ([focus] if focus else [])
    wanted = {0} | {line for start, end in quoted
                    for line in range(_line_of(lines, start), _line_of(lines, max(start, end - 1)) + 1)}
    pieces, previous = [], -1
    for line in sorted(wanted):
        if line > previous + 1:
            pieces.append(_rows_left_out(line - previous - 1) + "\n")
        end = lines[line + 1] if line + 1 < len(lines) else len(text)
        pieces.append(_marked(text, lines[line], end, spans, focus, body))
        previous = line
    if previous < len(lines) - 1:
        pieces.append(_rows_left_out(len(lines) - 1 - previous))
    return f'<div class="atlas-source">{"".join(pieces)}</div>'


def _rows_left_out(count: int) -> str:
    return f'<span class="furniture">⋮ {count:,} rows not quoted</span>'


def _line_starts(text: str) -> list[int]:
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    return starts[:-1] if starts[-1] == len(text) else starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _marked(text: str, start: int, end: int, spans: list[Passage], focus: tuple[int, int] | None,
            body: tuple[int, int]) -> str:
    """text[start:end] escaped, quoted spans marked (the followed one too), furniture muted."""
    body_start, body_end = body
    cuts = sorted({start, end, *(x for x in (body_start, body_end, *(p.start for p in spans),
                                             *(p.end for p in spans)) if start < x < end)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = safe.html(text[a:b])
        covering = [p for p in spans if p.start <= a and b <= p.end]
        if covering:
            titles = safe.html("; ".join(dict.fromkeys(p.title for p in covering)))
            focused = focus is not None and focus[0] <= a and b <= focus[1]
            piece = f'<mark class="{"focus" if focused else ""}" title="{titles}">{piece}</mark>'
        if not body_start <= a < body_end:
            piece = f'<span class="furniture">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def passage_list_html(data: Dataset, source_id: str, year: int, focus: str) -> str:
    text = data.texts[source_id]
    items = []
    for p in passages(data, source_id, focus):
        excerpt = " ".join(text[p.start:p.end].split())
        short = excerpt if len(excerpt) < 140 else excerpt[:137] + "…"
        items.append(f'<li>“{safe.html(short)}” → <a href="{record_link(p)}" target="_self">{safe.html(p.title)}</a>'
                     f' ({p.year}) · <a href="{source_link(source_id, (p.start, p.end), year, focus)}" target="_self">'
                     'highlight</a></li>')
    return f'<ul class="atlas-passages">{"".join(items)}</ul>'


def focus_html(data: Dataset, source_id: str, span: tuple[int, int]) -> str:
    """The followed passage on its own, with the sentence around it for context."""
    text = data.texts[source_id]
    before = text.rfind("\n", 0, span[0]) + 1
    after = text.find("\n", span[1])
    after = len(text) if after == -1 else after
    return (f'<div class="atlas-source">{safe.html(text[before:span[0]])}<mark class="focus">'
            f'{safe.html(text[span[0]:span[1]])}</mark>{safe.html(text[span[1]:after])}</div>')


def back_link_html(year: int, focus: str) -> str:
    """Back to the map at the reader's year and focus, in this tab (Markdown links would open a new one)."""
    return (f'<p><a href="./?year={year}&amp;state={focus}" target="_self" style="font-size:1.05rem">'
            f'← Back to the map, {year}</a></p>')
