"""Country outlines from the derived boundary files, ready to draw, and frame geometry.

Only json at run time (no geopandas or shapely): the app's cold start stays short. The files are
built by scripts/build_boundaries.py; see data/boundaries/PROVENANCE.yaml.

Drawing: one `go.Scatter(x=o.x, y=o.y, fill="toself")` per country (or per colour group). Plotly
joins the None-separated rings of a trace into one SVG path ("M…Z M…Z") and fills it with the SVG
default nonzero rule, so a hole stays empty only if it runs the opposite way round from its outer
ring; with all rings the same way round, enclaves are painted over (checked with Plotly 7.1).
The build script therefore stores outer rings anticlockwise and holes clockwise, which also keeps
an island inside a hole filled. `layout.shapes` SVG paths are not needed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from geo.paths import DATA

BOUNDARIES = DATA / "boundaries"
FILES = {"region": "central_asia.geojson", "fergana": "fergana_valley.geojson"}

Detail = Literal["region", "fergana"]
Frame = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in km
XY = tuple[float, float]


@dataclass(frozen=True)
class Outline:
    """A country as one Plotly path: its rings joined with None gaps (outer rings anticlockwise,
    holes clockwise), so a single `fill="toself"` trace leaves enclaves empty. The lists are shared
    by every caller (cached): copy before changing them."""
    name: str
    x: list[float | None]
    y: list[float | None]
    label_point: XY | None  # a point well inside the country's largest part within the frame
    area_km2: float  # area inside the frame (less a 2% margin): what the map shows of it


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


@lru_cache(maxsize=None)
def country_outlines(detail: Detail = "region") -> dict[str, Outline]:
    """Outlines by ISO alpha-3 code ("region": the Caucasus to the Altai; "fergana": the valley)."""
    collection = json.loads((BOUNDARIES / FILES[detail]).read_text(encoding="utf-8"))
    outlines = {}
    for feature in collection["features"]:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in _rings(feature["geometry"]):
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(point[0] for point in ring)
            ys.extend(point[1] for point in ring)
        props = feature["properties"]
        label = (props["label"][0], props["label"][1]) if props.get("label") else None
        outlines[props["iso_a3"]] = Outline(props["name"], xs, ys, label, props["area_km2"])
    return outlines


def in_frame(xy: XY, frame: Frame) -> bool:
    xmin, ymin, xmax, ymax = frame
    return xmin <= xy[0] <= xmax and ymin <= xy[1] <= ymax


def edge_point(inside_xy: XY, toward_xy: XY, frame: Frame, inset_km: float = 0.0) -> XY:
    """Where the ray from `inside_xy` through `toward_xy` leaves the frame shrunk by `inset_km`.

    The ray is straight in the projected plane, so a link to a capital beyond the frame ends on the
    side that faces it on this map: Moscow to the north-west (top edge), Beijing to the east,
    Ankara to the west. Washington, far beyond the conic's useful range, also comes out on the top
    edge, heading north-west (317° on the map from the region's south): the way it lies in this plane, not
    the great-circle route (which leaves at 334°, over the Arctic). A caller that wants the
    route's true heading can pass a point a few hundred km along the great circle as `toward_xy`:
    it may lie inside the frame, as only its direction counts.
    """
    xmin, ymin, xmax, ymax = frame[0] + inset_km, frame[1] + inset_km, frame[2] - inset_km, frame[3] - inset_km
    if not in_frame(inside_xy, (xmin, ymin, xmax, ymax)):
        raise ValueError(f"{inside_xy} is not inside the frame {frame} less {inset_km} km")
    (x0, y0), (dx, dy) = inside_xy, (toward_xy[0] - inside_xy[0], toward_xy[1] - inside_xy[1])
    steps = []
    if dx:
        steps.append((xmax - x0) / dx if dx > 0 else (xmin - x0) / dx)
    if dy:
        steps.append((ymax - y0) / dy if dy > 0 else (ymin - y0) / dy)
    if not steps:
        raise ValueError("the two points coincide: no direction to follow")
    t = min(steps)
    return x0 + t * dx, y0 + t * dy
