"""Every file the atlas exports, in one table: the command line's `--format` choices and the map
page's download buttons both read it, so a new format is one entry here and shows up in both.

A writer is called `write(data, year, **options)` and returns the file's bytes. A format with a
setting of its own (an animation's years per second, say) takes it as a keyword with a default:
callers that know the setting pass it, every other caller still gets a file, and a format without
such a setting refuses the keyword rather than ignoring it.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from geo.dataset import Dataset
from geo.export import to_csv, to_geojson, to_json
from geo.handouts import html_briefing, map_image, pdf_pack
from geo.timeline import YearState, year_state

PER_YEAR = "uzbekistan-security-ties-{year}"
BRIEFING = "uzbekistan-security-ties-briefing"


@dataclass(frozen=True)
class Format:
    name: str  # the `--format` value and the file's extension
    label: str  # the download button's text
    mime: str
    write: Callable[..., bytes]  # (data, year, **options) -> the file's bytes
    needs_chromium: bool = False  # drawn by the browser (geo.handouts.images_unavailable says whether it can be)
    all_years: bool = False  # holds every year (a briefing), not only the year asked for, and is named so
    file_only: bool = False  # too large or not text for a terminal: the command line wants --output

    def file_name(self, year: int) -> str:
        return f"{BRIEFING if self.all_years else PER_YEAR.format(year=year)}.{self.name}"


def _json_writer(document: Callable[[Dataset, YearState], dict]) -> Callable[[Dataset, int], bytes]:
    """A writer of a year's `document`, indented, non-ASCII kept as it is."""
    def write(data: Dataset, year: int) -> bytes:
        return (json.dumps(document(data, year_state(data, year)), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return write


# In the order the map page offers them.
FORMATS = {fmt.name: fmt for fmt in (
    Format("png", "Map (PNG)", "image/png", lambda data, year: map_image(data, year, "png"),
           needs_chromium=True, file_only=True),
    Format("svg", "Map (SVG)", "image/svg+xml", lambda data, year: map_image(data, year, "svg"),
           needs_chromium=True, file_only=True),
    Format("csv", "Ties (CSV)", "text/csv", lambda data, year: to_csv(data, year_state(data, year)).encode("utf-8")),
    Format("json", "Ties and quotes (JSON)", "application/json", _json_writer(to_json)),
    Format("geojson", "Links and events (GeoJSON)", "application/geo+json", _json_writer(to_geojson)),
    Format("html", "Briefing, all years (HTML, works offline)", "text/html",
           lambda data, year: html_briefing(data, year).encode("utf-8"), all_years=True, file_only=True),
    Format("pdf", "Briefing pack, key moments (PDF)", "application/pdf", lambda data, year: pdf_pack(data),
           needs_chromium=True, all_years=True, file_only=True),
)}
