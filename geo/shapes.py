"""Country outlines from the derived boundary files, ready to draw (json only: no geopandas at
run time, to keep the app's cold start short). See data/boundaries/PROVENANCE.yaml."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries"
FILES = {"region": "central_asia.geojson", "fergana": "fergana_valley.geojson"}

Frame = tuple[float, float, float, float]
XY = tuple[float, float]


@dataclass(frozen=True)
class Outline:
    """A country as one Plotly path: rings joined with None gaps, outer rings anticlockwise and
    holes clockwise, so a single `fill="toself"` trace leaves enclaves empty."""
    name: str
    x: list[float | None]
    y: list[float | None]
    label_point: XY | None
    area_km2: float


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


@lru_cache(maxsize=None)
def country_outlines(detail: str = "region") -> dict[str, Outline]:
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
        label = tuple(props["label"]) if props.get("label") else None
        outlines[props["iso_a3"]] = Outline(props["name"], xs, ys, label, props["area_km2"])
    return outlines


def in_frame(xy: XY, frame: Frame) -> bool:
    xmin, ymin, xmax, ymax = frame
    return xmin <= xy[0] <= xmax and ymin <= xy[1] <= ymax


def edge_point(inside: XY, toward: XY, frame: Frame, inset_km: float = 0.0) -> XY:
    """Where the ray from `inside` through `toward` leaves the frame shrunk by `inset_km`."""
    xmin, ymin, xmax, ymax = (frame[0] + inset_km, frame[1] + inset_km, frame[2] - inset_km, frame[3] - inset_km)
    (x0, y0), (dx, dy) = inside, (toward[0] - inside[0], toward[1] - inside[1])
    steps = []
    if dx:
        steps += [(xmax - x0) / dx if dx > 0 else (xmin - x0) / dx]
    if dy:
        steps += [(ymax - y0) / dy if dy > 0 else (ymin - y0) / dy]
    if not steps:
        raise ValueError("the two points coincide: no direction to follow")
    t = min(steps)
    return x0 + t * dx, y0 + t * dy
