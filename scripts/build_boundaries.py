"""Derive the map's boundary files from Natural Earth, as shipped by the npm package world-atlas.

Run by hand when the frame, projection or simplification changes; the app loads only the
derived files. Needs npm on the PATH (the package comes from the npm registry) and the project
environment with the `boundaries` extra (geopandas, pyogrio, pyproj, shapely >= 2.1), which the
app itself does without; `make boundaries` installs it and runs:

    .venv/bin/python scripts/build_boundaries.py

Writes data/boundaries/{central_asia,fergana_valley}.geojson and PROVENANCE.yaml, and prints
what it wrote. The projection and both frames come from geo/projection.py, so the build and the
app cannot drift apart.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

from geo.files import write_atomically
from geo.projection import FERGANA_FRAME, FRAME, PROJ_STRING
from geo.shapes import BOUNDARIES

PACKAGE, VERSION, MEMBER = "world-atlas", "2.0.2", "package/countries-10m.json"

# Clip in degrees before projecting: projecting the whole globe into a regional conic folds far shapes.
DEGREE_BOX = (20.0, 20.0, 110.0, 65.0)

# ISO 3166-1 numeric (world-atlas ids) to alpha-3, for every country that reaches into a frame.
ALPHA3 = {
    "004": "AFG", "031": "AZE", "051": "ARM", "112": "BLR", "156": "CHN", "268": "GEO", "356": "IND",
    "364": "IRN", "368": "IRQ", "398": "KAZ", "414": "KWT", "417": "KGZ", "496": "MNG", "524": "NPL",
    "586": "PAK", "643": "RUS", "682": "SAU", "760": "SYR", "762": "TJK", "792": "TUR", "795": "TKM",
    "804": "UKR", "860": "UZB",
}
# Natural Earth units without an ISO number that reach into a frame, by name:
# Baikonur is Kazakh territory leased to Russia, so it is drawn as part of Kazakhstan (otherwise it
# would be a hole in the steppe); the Siachen Glacier is disputed between India and Pakistan and
# keeps its own outline under Natural Earth's code KAS (not an ISO code).
WITHOUT_ID = {"Baikonur": "KAZ", "Siachen Glacier": "KAS"}
NAMES = {"KAS": "Siachen Glacier"}

# (name, frame in km, margin kept beyond the frame in km, simplification tolerance in km, rounding digits)
PRODUCTS = [
    ("central_asia", FRAME, 250.0, 6.0, 1),
    ("fergana_valley", FERGANA_FRAME, 40.0, 0.2, 2),
]


def fetch_package(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(workdir / f"{PACKAGE}-{VERSION}.tgz") as archive:
        archive.extract(MEMBER, workdir, filter="data")
    return workdir / MEMBER


def polygonal(shape) -> Polygon | MultiPolygon:
    """Only the areas of a shape: clipping can leave stray lines and points along the cut."""
    parts = [p for p in shapely.get_parts(shape) if isinstance(p, (Polygon, MultiPolygon)) and not p.is_empty]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def load_world(topojson: Path) -> gpd.GeoDataFrame:
    """Countries by alpha-3 inside DEGREE_BOX, in degrees."""
    world = gpd.read_file(topojson, layer="countries").set_crs("EPSG:4326")
    world["geometry"] = world.geometry.make_valid()  # TopoJSON arcs leave a few self-touching rings
    world = world.clip(box(*DEGREE_BOX))
    world = world[~world.geometry.is_empty]
    world["code"] = [ALPHA3.get(i) if isinstance(i, str) else WITHOUT_ID.get(n) for i, n in zip(world["id"], world["name"])]
    # Baikonur joins Kazakhstan by a dissolve on the code; the first row's name is the country's own.
    coded = world.dropna(subset=["code"]).sort_values("id", na_position="last")
    coded = coded.dissolve(by="code", aggfunc="first", as_index=False)
    return pd.concat([coded, world[world["code"].isna()]], ignore_index=True)


def oriented(shape: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    """Outer rings anticlockwise, holes clockwise. Plotly fills a path with the SVG nonzero rule, so
    a hole only stays empty when it runs the other way round from its outer ring."""
    polygons = [orient(p, 1.0) for p in shapely.get_parts(shape) if not p.is_empty]
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def derive(world: gpd.GeoDataFrame, frame, margin: float, tolerance: float, digits: int) -> dict:
    projected = world.to_crs(PROJ_STRING)
    xmin, ymin, xmax, ymax = frame
    kept = projected.clip(box(xmin - margin, ymin - margin, xmax + margin, ymax + margin))
    kept = kept[~kept.geometry.is_empty]
    unknown = sorted(f"{n} ({i})" for i, n in zip(kept.loc[kept["code"].isna(), "id"], kept.loc[kept["code"].isna(), "name"]))
    if unknown:
        raise SystemExit(f"units in frame without a code (add them to ALPHA3 or WITHOUT_ID): {unknown}")
    shapes = [polygonal(g) for g in kept.geometry]
    if not shapely.coverage_is_valid(shapes):
        raise SystemExit("the outlines overlap or their shared borders do not match: cannot simplify as a coverage")
    # Coverage simplification (Visvalingam-Whyatt on the shared edges, GEOS >= 3.12) simplifies each
    # border once for both neighbours: no slivers or overlaps between countries, enclaves kept.
    simple = shapely.coverage_simplify(shapes, tolerance)
    simple = shapely.set_precision(simple, 10.0 ** -digits)  # snap to the grid the file is written at
    visible = box(*frame).buffer(-(xmax - xmin) * 0.02)
    features = []
    for (_, row), shape in zip(kept.iterrows(), simple):
        if shape.is_empty:
            continue
        shape = oriented(shape)
        inside = shape.intersection(visible)
        parts = [p for p in shapely.get_parts(inside) if isinstance(p, Polygon) and p.area > 0]
        largest = max(parts, key=lambda g: g.area, default=None)
        label = polylabel(largest, tolerance=1.0 if digits < 2 else 0.1) if largest is not None else None
        geometry = json.loads(json.dumps(mapping(shape)), parse_float=lambda v: round(float(v), digits))
        code = row["code"]
        features.append({
            "type": "Feature",
            "properties": {"iso_a3": code, "name": NAMES.get(code, row["name"]),
                           "area_km2": round(inside.area),
                           "label": [round(label.x, 1), round(label.y, 1)] if label is not None else None},
            "geometry": geometry,
        })
    features.sort(key=lambda f: f["properties"]["iso_a3"])
    return {"type": "FeatureCollection", "crs_proj": PROJ_STRING, "frame": list(frame), "features": features}


def main() -> None:
    BOUNDARIES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        topojson = fetch_package(Path(tmp))
        source_sha = hashlib.sha256(topojson.read_bytes()).hexdigest()
        world = load_world(topojson)
    derived = {}
    for name, frame, margin, tolerance, digits in PRODUCTS:
        path = BOUNDARIES / f"{name}.geojson"
        collection = derive(world, frame, margin, tolerance, digits)
        write_atomically(path, (json.dumps(collection, separators=(",", ":")) + "\n").encode("utf-8"))
        size = path.stat().st_size
        derived[name] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "frame_km": list(frame), "margin_km": margin, "simplify_tolerance_km": tolerance,
                         "simplify_method": "coverage, Visvalingam-Whyatt (shapely.coverage_simplify): the tolerance is "
                                            "roughly the square root of the largest triangle area removed",
                         "coordinate_precision_km": 10.0 ** -digits, "bytes": size}
        codes = " ".join(f["properties"]["iso_a3"] for f in collection["features"])
        print(f"wrote {path} ({size:,} bytes, {len(collection['features'])} features: {codes})")
    provenance = {
        "source": {"package": PACKAGE, "version": VERSION, "registry": "npm", "file": MEMBER.removeprefix("package/"),
                   "sha256": source_sha, "package_licence": "ISC",
                   "data": "Natural Earth 1:10m admin-0 countries", "data_licence": "public domain"},
        "projection": PROJ_STRING,
        "units": "km",
        "method": f"clip to {DEGREE_BOX[0]:g}–{DEGREE_BOX[2]:g}°E {DEGREE_BOX[1]:g}–{DEGREE_BOX[3]:g}°N in degrees, "
                  "join Baikonur to Kazakhstan, project, clip to frame plus margin, simplify as a coverage "
                  "(shared borders simplified once, topology kept), snap coordinates to the stated precision, "
                  "orient outer rings anticlockwise and holes clockwise",
        "codes": "ISO 3166-1 alpha-3 from the numeric ids in the file; KAS (Siachen Glacier) is Natural Earth's own code",
        "derived": derived,
        "built_by": "scripts/build_boundaries.py",
    }
    write_atomically(BOUNDARIES / "PROVENANCE.yaml",
                     yaml.safe_dump(provenance, sort_keys=False, allow_unicode=True).encode("utf-8"))
    print(f"wrote {BOUNDARIES / 'PROVENANCE.yaml'}")


if __name__ == "__main__":
    main()
