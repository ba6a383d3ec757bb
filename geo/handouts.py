"""Files to carry away, all made offline: map images (PNG, SVG), a self-contained HTML briefing
that animates through the years from disk, and a PDF briefing pack of the key moments."""
from __future__ import annotations

import io
import os
from collections import Counter
from geo import safe
from pathlib import Path

from geo.citations import CITATIONS, atlas_citation
from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.figures import Scale, base_traces, map_figure, map_view
from geo.filters import EVERY_TIE, TieFilter, filtered, has_news
from geo.paths import STATIC
from geo.panels import STYLE as PANEL_STYLE, year_panels
from geo.styles import definition
from geo.timeline import key_moments, year_state

PLOTLY_BASIC = STATIC / "plotly-basic.min.js"
PLAYER = STATIC / "atlas_player.js"  # the app's own player, inlined byte for byte
CHROMIUM = "/usr/bin/chromium"
IMAGE_SIZE = (1600, 1000)
LEGEND_COLUMN = (0.77, 0.775)  # where the map ends and the legend begins, as fractions of the image's width


class RenderError(RuntimeError):
    """An image could not be drawn (no browser for the renderer, say)."""


def images_unavailable() -> str | None:
    """Why the map images (PNG, SVG and the PDF pack's maps) cannot be drawn here, or None if they can."""
    if Path(CHROMIUM).exists():
        return None
    return (f"PNG, SVG and PDF exports draw the map in Chromium, which is not installed at {CHROMIUM}. "
            "To enable them: `sudo apt-get install chromium` (Debian), or `make test`, which installs it.")


def year_figure(data: Dataset, year: int, scale: Scale = Scale.projector(), shown: TieFilter = EVERY_TIE) -> dict:
    """The figure every still and moving image of a year is drawn from: titled with the year, styled
    as a projection after the newest source, with the ties `shown` keeps."""
    figure = map_figure(data, filtered(data, year_state(data, year), shown), scale=scale, height=IMAGE_SIZE[1],
                        shown=shown)
    # Along the foot of the map the legend would run under the box of distant treaties, which washes
    # it out. An image is wider than the map's shape, so the legend takes a column beside it instead:
    # a column of fixed width, so the map keeps its place and size from year to year in an animation.
    layout = figure["layout"]
    layout["xaxis"] |= {"domain": [0, LEGEND_COLUMN[0]]}
    layout["legend"] |= {"orientation": "v", "x": LEGEND_COLUMN[1], "xanchor": "left", "y": 1.0, "yanchor": "top"}
    return figure


def map_image(data: Dataset, year: int, fmt: str, scale: Scale = Scale.projector(),
              shown: TieFilter = EVERY_TIE) -> bytes:
    """The map of a year as PNG or SVG, titled with the year and carrying its source line."""
    return draw([year_figure(data, year, scale, shown)], fmt)[0]


def draw(figures: list[dict], fmt: str, scale: float = 1.0) -> list[bytes]:
    """Images of figures laid out at IMAGE_SIZE, with `scale` times its pixels, all drawn by one
    Chromium: starting the browser costs more than drawing a map, so an animation draws its years here
    together. Raises RenderError when Chromium is missing or a figure cannot be drawn."""
    import asyncio
    import threading

    import kaleido
    import plotly.graph_objects as go

    if missing := images_unavailable():
        raise RenderError(missing)
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)  # kaleido drives a browser; use Debian's
    # As plotly.io.to_image does: the figure checked, and Plotly's default template filled in.
    specs = [go.Figure(figure).to_plotly_json() for figure in figures]
    opts = {"format": fmt, "width": IMAGE_SIZE[0], "height": IMAGE_SIZE[1], "scale": scale}

    async def session() -> list[bytes]:
        # mathjax=False: the figures use no TeX, and kaleido would otherwise fetch MathJax from a CDN.
        async with kaleido.Kaleido(n=1, mathjax=False) as browser:
            return [await browser.calc_fig(spec, opts=opts) for spec in specs]

    outcome: list = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(session()))
        except Exception as exc:  # raised again in the caller's thread, below
            outcome.append(exc)

    # A thread of its own, so a caller already running an event loop (a notebook, say) is not in the way.
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if isinstance(outcome[0], Exception):  # kaleido reports a missing or failing browser in many ways
        raise RenderError(f"could not draw the {fmt.upper()} image: {str(outcome[0]).splitlines()[0][:200]}")
    return outcome[0]


HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{whose} security ties, {first}–{last} — Alliance Atlas briefing</title>
<style>
body{{font-family:'DejaVu Sans',Verdana,sans-serif;margin:1rem 1.5rem;color:#1a1a1a}}
.atlas-html a{{pointer-events:none}}
</style>{panel_style}</head><body>
<main id="atlas"></main>
<p style="color:#555;font-size:.9rem">Alliance Atlas briefing. Every quote is verbatim from an archived source;
years after {newest} are projections. This file needs no network.</p>
<script>{plotly}</script>
<script>{player}</script>
<script>AtlasPlayer.mount(document.getElementById("atlas"), Plotly, {options});</script>
</body></html>
"""


def html_briefing(data: Dataset, open_year: int) -> str:
    """One HTML file with everything inlined: plotly.js, the player the app runs (static/), every
    year's map and quoted panel, the key moments' captions."""
    scale, height = Scale.projector(), 860
    states = [year_state(data, year) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    options = {
        "year": open_year, "first": FIRST_YEAR, "last": LAST_YEAR, "control": True,
        "projectionFrom": data.newest_source_date.year + 1, "definition": definition(),
        "base": base_traces("region", scale),
        "frames": {state.year: map_view(data, state, None, scale, height) for state in states},
        "panels": year_panels(data, states),
        "moments": [{"year": m.year, "caption": m.caption} for m in key_moments(data)],
    }
    whose = data.atlas.name if data.region else data.focal.name
    return HTML_PAGE.format(panel_style=PANEL_STYLE, newest=data.newest_source_date.year, first=FIRST_YEAR,
                            last=LAST_YEAR, whose=safe.html(f"{whose}'s"),
                            plotly=PLOTLY_BASIC.read_text(encoding="utf-8"), player=PLAYER.read_text(encoding="utf-8"),
                            options=safe.script_json(options))


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if (dejavu / "DejaVuSans.ttf").exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(dejavu / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(dejavu / "DejaVuSans-Bold.ttf")))
        return "DejaVu", "DejaVu-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf_pack(data: Dataset) -> bytes:
    """A page per key moment: the map of its year, the caption, the quote that carries it with its
    citation, and the other ties of that year with one quote each; last, how to cite the atlas and every
    source, with the datasets' terms."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    regular, bold = _fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=22, leading=27, spaceAfter=4)
    body = ParagraphStyle("body", fontName=regular, fontSize=11.5, leading=15)
    quote = ParagraphStyle("quote", parent=body, leftIndent=8, fontSize=12, leading=16, spaceBefore=4)
    cite = ParagraphStyle("cite", parent=body, fontSize=9.5, leading=12, textColor="#555555", leftIndent=8)
    out = io.BytesIO()
    page_w, page_h = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title="Alliance Atlas briefing pack")
    story = []
    map_w = 170 * mm
    side_w = page_w - map_w - 30 * mm
    side_h = page_h - doc.topMargin - doc.bottomMargin - title.leading - title.spaceAfter - 12
    moments = key_moments(data)
    maps = draw([year_figure(data, moment.year) for moment in moments], "png")
    for moment, png in zip(moments, maps):
        state = year_state(data, moment.year)
        picture = Image(io.BytesIO(png), width=map_w,
                        height=map_w * IMAGE_SIZE[1] / IMAGE_SIZE[0])
        side = [Paragraph(safe.html(moment.caption), body), Spacer(1, 6),
                Paragraph(f"“{safe.html(moment.quote.text)}”", quote),
                Paragraph(safe.html(data.citation(moment.quote.source)), cite), Spacer(1, 8)]
        others = [live for live in state.relations if live.relation.id != moment.record_id]
        # The coded datasets' many ties would push the page over: they are counted by dataset, not quoted.
        news = [live for live in others if has_news(data, live.relation)]
        if others:
            side.append(Paragraph(f"Also in {moment.year}:", body))
        for live in news[:4]:
            first = live.relation.quotes[0]
            side += [Paragraph(f"<b>{safe.html(live.relation.title)}</b>", body),
                     Paragraph(f"“{safe.html(first.text)}”", cite)]
        coded = Counter(next(c.dataset for c in (r.coded, r.membership, r.exercise) if c)
                        for r in (live.relation for live in others if live not in news))
        if coded:
            counts = ", ".join(f"{dataset} {count}" for dataset, count in sorted(coded.items()))
            side.append(Paragraph(f"Further ties the datasets code this year: {safe.html(counts)} (see the data "
                                  "export).", cite))
        heading = f"{moment.year}" + (" — projection" if state.projection else "")
        story += [Paragraph(safe.html(heading), title),
                  # Long titles or quotes shrink to fit rather than overflow the page and abort the pack.
                  Table([[picture, KeepInFrame(side_w, side_h, side, mode="shrink")]],
                        colWidths=[map_w + 4 * mm, side_w],
                        style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
                  PageBreak()]
    news = [source_id for source_id, source in data.sources.items() if source.cite_as is None]
    story += [Paragraph("Sources and how to cite them", title),
              KeepInFrame(page_w - 24 * mm, side_h, [
                  Paragraph(f"<b>This atlas:</b> {safe.html(atlas_citation(data.atlas))}", body), Spacer(1, 6),
                  Paragraph("<b>News texts</b> (archived byte for byte; no terms recorded):", body),
                  # A citation names the title itself where the text names no outlet.
                  *(Paragraph((safe.html(data.citation(source_id)) if data.sources[source_id].outlet is None else
                               f"“{safe.html(data.sources[source_id].title)}”, {safe.html(data.citation(source_id))}")
                              + (f", {safe.html(data.sources[source_id].url)}" if data.sources[source_id].url else ""),
                              cite) for source_id in news),
                  Spacer(1, 6),
                  *(part for citation in CITATIONS.values() for part in (
                      Paragraph(f"<b>{safe.html(citation.dataset)}:</b> {safe.html(citation.reference)}", body),
                      Paragraph(f"Terms: {safe.html(citation.terms)}", cite), Spacer(1, 4)))], mode="shrink")]
    doc.build(story)
    return out.getvalue()
