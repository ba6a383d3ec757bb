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
from geo.filters import EVERY_TIE, TieFilter, filtered, has_news, tie_filter
from geo.paths import STATIC, player_script
from geo.panels import STYLE as PANEL_STYLE, year_panels
from geo.styles import definition
from geo.stories import Story, step_html
from geo.timeline import key_moments, year_state

PLOTLY_BASIC = STATIC / "plotly-basic.min.js"
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


def year_figure(data: Dataset, year: int, scale: Scale = Scale.projector(), shown: TieFilter = EVERY_TIE,
                selected: str | None = None) -> dict:
    """The figure every still and moving image of a year is drawn from: titled with the year, styled
    as a projection after the newest source, with the ties `shown` keeps (and `selected` emphasised)."""
    figure = map_figure(data, filtered(data, year_state(data, year), shown), selected, scale=scale,
                        height=IMAGE_SIZE[1], shown=shown)
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
<title>{title}</title>
<style>
body{{font-family:'DejaVu Sans',Verdana,sans-serif;margin:1rem 1.5rem;color:#1a1a1a}}
.atlas-html a{{pointer-events:none}}
{style}
</style>{panel_style}</head><body>
{body}
<script>{plotly}</script>
<script>{player}</script>
<script>{host}</script>
</body></html>
"""


def _page(title: str, body: str, host: str, style: str = "", panel_style: str = PANEL_STYLE) -> str:
    """An offline file: plotly.js and the app's own player inlined, `host` driving the player."""
    return HTML_PAGE.format(title=safe.html(title), style=style, panel_style=panel_style, body=body,
                            plotly=PLOTLY_BASIC.read_text(encoding="utf-8"), player=player_script(), host=host)


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
    body = ('<main id="atlas"></main>\n<p style="color:#555;font-size:.9rem">Alliance Atlas briefing. Every quote is '
            f'verbatim from an archived source;\nyears after {data.newest_source_date.year} are projections. This file '
            'needs no network.</p>')
    return _page(f"{whose}'s security ties, {FIRST_YEAR}–{LAST_YEAR} — Alliance Atlas briefing", body,
                 f'AtlasPlayer.mount(document.getElementById("atlas"), Plotly, {safe.script_json(options)});')


# Steps a story in the offline file as the Briefing page does in the app: the player's presenter keys
# (PageDown/PageUp, N/P, a clicker) and the buttons move a step, the map travels from one step's year to
# the next, and each step is a history entry (#step=N), so back and forward step too.
STORY_HOST = """(function (story) {
  const side = document.getElementById("atlas-step"), where = document.getElementById("atlas-where");
  const back = document.getElementById("atlas-back"), ahead = document.getElementById("atlas-ahead");
  const last = story.steps.length - 1;
  let at = -1, player = null;
  function asked() {
    const match = /^#step=([0-9]{1,4})$/.exec(window.location.hash);
    return match ? Math.min(Math.max(Number(match[1]), 1), last + 1) - 1 : 0;
  }
  function show(index) {
    const step = story.steps[index];
    at = index;
    side.innerHTML = step.html;
    where.textContent = "Step " + (index + 1) + " of " + (last + 1);
    back.disabled = index === 0;
    ahead.disabled = index === last;
    const options = { year: step.year, focus: step.tie, view: step.view, frames: story.frames[step.frames] };
    if (player) player.update(options);
    else player = AtlasPlayer.mount(document.getElementById("atlas"), Plotly,
                                    Object.assign({}, story.options, options, { onStep: go }));
  }
  function go(direction) {
    const next = at + direction;
    if (next < 0 || next > last) return;
    window.history.pushState(null, "", "#step=" + (next + 1));
    show(next);
  }
  back.onclick = () => go(-1);
  ahead.onclick = () => go(1);
  window.addEventListener("popstate", () => show(asked()));
  show(asked());
})(%s);"""
STORY_LAYOUT = """.atlas-story{display:grid;grid-template-columns:minmax(0,2.3fr) minmax(0,1fr);gap:1.5rem;align-items:start}
.atlas-story header h1{font-size:1.6rem;margin:0 0 .2rem}
.atlas-story header p{margin:.1rem 0 .6rem;color:#444}
.atlas-steps{display:flex;gap:.8rem;align-items:center;margin:.2rem 0 .6rem;font-size:1.2rem}
.atlas-steps button{font-size:1.2rem;padding:.25rem .9rem;border:1px solid #767676;border-radius:4px;background:#fff}"""


def story_html(data: Dataset, story: Story) -> str:
    """A story as one offline file: each step a screen (its map, heading, the briefer's note, the quotes
    with their citations), stepped with the presenter's keys; every view a step needs is inlined, and
    every year of each focus and filter the story uses, for the map to travel between steps."""
    scale, height = Scale.projector(), 860
    frames, steps = {}, []
    for index, step in enumerate(story.steps):
        view = data.focused(step.state)
        shown = tie_filter(*step.shown)
        key = f"{step.state}|{','.join(step.shown[0])}|{step.shown[1] or ''}"
        if key not in frames:
            frames[key] = {year: map_view(view, filtered(view, year_state(view, year), shown), None, scale, height, shown)
                           for year in range(FIRST_YEAR, LAST_YEAR + 1)}
        following = story.steps[index + 1] if index + 1 < len(story.steps) else None
        steps.append({"year": step.year, "tie": step.tie, "frames": key,
                      "view": map_view(view, filtered(view, year_state(view, step.year), shown), step.tie, scale,
                                       height, shown),
                      "html": step_html(view, step, following)})
    options = {"first": FIRST_YEAR, "last": LAST_YEAR, "projectionFrom": data.newest_source_date.year + 1,
               "definition": definition(), "base": base_traces("region", scale), "travel": True}
    byline = " · ".join(safe.html(part) for part in (f"by {story.author}", story.description) if part)
    body = (f'<main class="atlas-story"><div><header><h1>{safe.html(story.title)}</h1><p>{byline}</p></header>'
            '<div id="atlas"></div></div><div><nav class="atlas-steps" aria-label="Steps">'
            '<button type="button" id="atlas-back">◀ Previous</button><span id="atlas-where"></span>'
            '<button type="button" id="atlas-ahead">Next ▶</button></nav>'
            '<div id="atlas-step" class="atlas-html" aria-live="polite"></div></div></main>\n'
            '<p style="color:#555;font-size:.9rem">An Alliance Atlas story. The briefer\'s notes are the briefer\'s '
            'words; every quote is verbatim from an archived source; years after '
            f'{data.newest_source_date.year} are projections. PageDown/PageUp or N/P step, S shows the next step. '
            'This file needs no network.</p>')
    return _page(f"{story.title} — Alliance Atlas story", body,
                 STORY_HOST % safe.script_json({"options": options, "frames": frames, "steps": steps}),
                 style=STORY_LAYOUT)


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
    def side(moment, styles) -> list:
        from reportlab.platypus import Paragraph, Spacer
        body, quote, cite = styles["body"], styles["quote"], styles["cite"]
        state = year_state(data, moment.year)
        flowables = [Paragraph(safe.html(moment.caption), body), Spacer(1, 6),
                     Paragraph(f"“{safe.html(moment.quote.text)}”", quote),
                     Paragraph(safe.html(data.citation(moment.quote.source)), cite), Spacer(1, 8)]
        others = [live for live in state.relations if live.relation.id != moment.record_id]
        # The coded datasets' many ties would push the page over: they are counted by dataset, not quoted.
        news = [live for live in others if has_news(data, live.relation)]
        if others:
            flowables.append(Paragraph(f"Also in {moment.year}:", body))
        for live in news[:4]:
            first = live.relation.quotes[0]
            flowables += [Paragraph(f"<b>{safe.html(live.relation.title)}</b>", body),
                          Paragraph(f"“{safe.html(first.text)}”", cite)]
        coded = Counter(next(c.dataset for c in (r.coded, r.membership, r.exercise) if c)
                        for r in (live.relation for live in others if live not in news))
        if coded:
            counts = ", ".join(f"{dataset} {count}" for dataset, count in sorted(coded.items()))
            flowables.append(Paragraph(f"Further ties the datasets code this year: {safe.html(counts)} (see the data "
                                       "export).", cite))
        return flowables

    newest = data.newest_source_date.year
    return _pack(data, "Alliance Atlas briefing pack", [
        (f"{moment.year}" + (" — projection" if moment.year > newest else ""), year_figure(data, moment.year),
         lambda styles, moment=moment: side(moment, styles)) for moment in key_moments(data)])


def story_pdf(data: Dataset, story: Story) -> bytes:
    """A page per step of a story: the map of its year (its filter applied, the tie in focus
    emphasised), its heading, the briefer's note marked as theirs, the quotes with their citations; last,
    how to cite the atlas and every source."""
    def side(step, styles) -> list:
        from reportlab.platypus import Paragraph, Spacer
        view = data.focused(step.state)
        flowables = [Paragraph(f"{safe.html(story.title)} · step {index + 1} of {len(story.steps)}", styles["cite"]),
                     Spacer(1, 6), Paragraph("BRIEFER'S NOTE", styles["label"]), Paragraph(safe.html(step.note), styles["body"]),
                     Spacer(1, 8)]
        for quote in step.quotes:
            flowables += [Paragraph(f"“{safe.html(quote.text)}”" if not quote.text.startswith("“")
                                    else safe.html(quote.text), styles["quote"]),
                          Paragraph(safe.html(view.citation(quote.source)), styles["cite"]), Spacer(1, 4)]
        return flowables

    newest = data.newest_source_date.year
    pages = []
    for index, step in enumerate(story.steps):
        heading = f"{step.heading} — {step.year}" + (" (projection)" if step.year > newest else "")
        figure = year_figure(data.focused(step.state), step.year, shown=tie_filter(*step.shown), selected=step.tie)
        pages.append((heading, figure, lambda styles, step=step, index=index: side(step, styles)))
    return _pack(data, story.title, pages)


def _pack(data: Dataset, document_title: str, pages: list) -> bytes:
    """A PDF of pages, each (heading, the map's figure, a maker of the flowables beside it from the pack's
    styles), the maps drawn by one browser; and last, the sources and how to cite them."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    regular, bold = _fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=22, leading=27, spaceAfter=4)
    body = ParagraphStyle("body", fontName=regular, fontSize=11.5, leading=15)
    quote = ParagraphStyle("quote", parent=body, leftIndent=8, fontSize=12, leading=16, spaceBefore=4)
    cite = ParagraphStyle("cite", parent=body, fontSize=9.5, leading=12, textColor="#555555", leftIndent=8)
    label = ParagraphStyle("label", fontName=bold, fontSize=9.5, leading=12, textColor="#0b5cad")
    styles = {"body": body, "quote": quote, "cite": cite, "label": label}
    out = io.BytesIO()
    page_w, page_h = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title=document_title)
    story = []
    map_w = 170 * mm
    side_w = page_w - map_w - 30 * mm
    side_h = page_h - doc.topMargin - doc.bottomMargin - title.leading - title.spaceAfter - 12
    maps = draw([figure for _, figure, _ in pages], "png")
    for (heading, _, side), png in zip(pages, maps):
        picture = Image(io.BytesIO(png), width=map_w,
                        height=map_w * IMAGE_SIZE[1] / IMAGE_SIZE[0])
        story += [Paragraph(safe.html(heading), title),
                  # Long titles or quotes shrink to fit rather than overflow the page and abort the pack.
                  Table([[picture, KeepInFrame(side_w, side_h, side(styles), mode="shrink")]],
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
