"""Every file the atlas exports, in one table: the command line's `--format` choices and the map
page's download buttons both read it, so a new format is one entry here and shows up in both.

A writer is called `write(data, year, **options)` and returns the file's bytes. A format with a
setting of its own (an animation's years per second, say) takes it as a keyword with a default:
callers that know the setting pass it, every other caller still gets a file, and a format without
such a setting refuses the keyword rather than ignoring it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.export import to_csv, to_geojson, to_json
from geo.filters import EVERY_TIE, TieFilter, filtered
from geo.handouts import html_briefing, map_image, pdf_pack, story_html, story_pdf
from geo.motion import DEFAULT_SPEED, animation
from geo.timeline import YearState, year_state

# {whose}: the focus's name as a file name ("central-asia" for the region view).
PER_YEAR = "{whose}-security-ties-{year}"
BRIEFING = "{whose}-security-ties-briefing"
ANIMATION = f"{{whose}}-security-ties-{FIRST_YEAR}-{LAST_YEAR}"
SPEED = "years_per_second"  # the animations' setting
SHOWN = "shown"  # the ties a map or a table keeps (a TieFilter), as the map page's filter chose them


@dataclass(frozen=True)
class Format:
    name: str  # the `--format` value and the file's extension
    label: str  # the download button's text
    mime: str
    write: Callable[..., bytes]  # (data, year, **options) -> the file's bytes
    needs_chromium: bool = False  # drawn by the browser (geo.handouts.images_unavailable says whether it can be)
    file_only: bool = False  # too large or not text for a terminal: the command line wants --output
    stem: str = PER_YEAR  # the file's name before the extension; {year} is the year asked for, {whose} the focus
    options: tuple[str, ...] = ()  # the settings `write` takes as keywords besides data and year
    write_story: Callable[..., bytes] | None = None  # (data, story) -> the file of an authored story, if it can hold one

    def file_name(self, data: Dataset, year: int) -> str:
        whose = re.sub(r"[^a-z0-9]+", "-", data.atlas.focuses()[data.focus].lower()).strip("-")
        return f"{self.stem.format(whose=whose, year=year)}.{self.name}"


def _state(data: Dataset, year: int, shown: TieFilter) -> YearState:
    return filtered(data, year_state(data, year), shown)


def _json_writer(document: Callable[[Dataset, YearState], dict]) -> Callable[..., bytes]:
    """A writer of a year's `document`, indented, non-ASCII kept as it is; a filtered one says so."""
    def write(data: Dataset, year: int, shown: TieFilter = EVERY_TIE) -> bytes:
        content = document(data, _state(data, year, shown))
        if shown.active:
            content = {"filter": shown.to_json(), **content}
        return (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return write


def _csv(data: Dataset, year: int, shown: TieFilter = EVERY_TIE) -> bytes:
    return to_csv(data, _state(data, year, shown)).encode("utf-8")


def _map_writer(fmt: str) -> Callable[..., bytes]:
    def write(data: Dataset, year: int, shown: TieFilter = EVERY_TIE) -> bytes:
        return map_image(data, year, fmt, shown=shown)
    return write


def _animation_writer(container: str) -> Callable[..., bytes]:
    """A writer of every year as an animation; the year asked for does not change it."""
    def write(data: Dataset, year: int, years_per_second: float = DEFAULT_SPEED, shown: TieFilter = EVERY_TIE) -> bytes:
        return animation(data, container, years_per_second, shown=shown)
    return write


# In the order the map page offers them.
FORMATS = {fmt.name: fmt for fmt in (
    Format("png", "Map (PNG)", "image/png", _map_writer("png"), needs_chromium=True, file_only=True, options=(SHOWN,)),
    Format("svg", "Map (SVG)", "image/svg+xml", _map_writer("svg"), needs_chromium=True, file_only=True,
           options=(SHOWN,)),
    Format("csv", "Ties (CSV)", "text/csv", _csv, options=(SHOWN,)),
    Format("json", "Ties and quotes (JSON)", "application/json", _json_writer(to_json), options=(SHOWN,)),
    Format("geojson", "Links and events (GeoJSON)", "application/geo+json", _json_writer(to_geojson),
           options=(SHOWN,)),
    Format("html", "Offline briefing (HTML)", "text/html",
           lambda data, year: html_briefing(data, year).encode("utf-8"), file_only=True, stem=BRIEFING,
           write_story=lambda data, story: story_html(data, story).encode("utf-8")),
    Format("pdf", "Key moments pack (PDF)", "application/pdf", lambda data, year: pdf_pack(data),
           needs_chromium=True, file_only=True, stem=BRIEFING, write_story=story_pdf),
    Format("gif", "Animation (GIF)", "image/gif", _animation_writer("gif"),
           needs_chromium=True, file_only=True, stem=ANIMATION, options=(SPEED, SHOWN)),
    Format("mp4", "Animation (MP4 video)", "video/mp4", _animation_writer("mp4"),
           needs_chromium=True, file_only=True, stem=ANIMATION, options=(SPEED, SHOWN)),
)}
