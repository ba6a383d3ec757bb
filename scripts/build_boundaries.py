"""Derive the map's boundary files from Natural Earth, as shipped by the npm package world-atlas.

Run by hand when the frame, projection or simplification changes; the app loads only the
derived files. Needs npm on the PATH (the package comes from the npm registry) and the project
environment (geopandas, pyogrio, pyproj):

    .venv/bin/python scripts/build_boundaries.py

Writes data/boundaries/{central_asia,fergana_valley}.geojson and PROVENANCE.yaml.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import yaml
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.projection import FERGANA_FRAME, FRAME, PROJ_STRING  # noqa: E402

PACKAGE, VERSION, MEMBER = "world-atlas", "2.0.2", "package/countries-10m.json"
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries"

# ISO 3166-1 numeric (world-atlas ids) to alpha-3, for every country that reaches into a frame.
ALPHA3 = {
    "004": "AFG", "031": "AZE", "051": "ARM", "112": "BLR", "156": "CHN", "268": "GEO", "356": "IND",
    "364": "IRN", "368": "IRQ", "398": "KAZ", "414": "KWT", "417": "KGZ", "496": "MNG", "524": "NPL",
    "586": "PAK", "643": "RUS", "682": "SAU", "760": "SYR", "762": "TJK", "792": "TUR", "795": "TKM",
    "804": "UKR", "860": "UZB",
}
NAMES = {"IRN": "Iran", "RUS": "Russia", "CHN": "China", "MNG": "Mongolia"}

# (name, frame in km, margin kept beyond the frame in km, simplification tolerance in km, rounding digits)
PRODUCTS = [
    ("central_asia", FRAME, 250.0, 4.5, 0),
    ("fergana_valley", FERGANA_FRAME, 40.0, 0.12, 2),
]


def fetch_package(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(workdir / f"{PACKAGE}-{VERSION}.tgz") as archive:
        archive.extract(MEMBER, workdir, filter="data")
    return workdir / MEMBER


def load_world(topojson: Path) -> gpd.GeoDataFrame:
    world = gpd.read_file(topojson, layer="countries").set_crs("EPSG:4326")
    world["geometry"] = world.geometry.make_valid()  # TopoJSON arcs leave a few self-touching rings
    # Clip in degrees first: projecting the whole globe into a regional conic folds far shapes.
    return world.clip(box(20, 20, 110, 65))


def oriented(shape):
    """Outer rings anticlockwise, holes clockwise: drawn as one SVG path, enclaves stay holes."""
    polygons = [g for g in getattr(shape, "geoms", [shape]) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon([orient(p, 1.0) for p in polygons]) if len(polygons) > 1 else orient(polygons[0], 1.0)


def derive(world: gpd.GeoDataFrame, frame, margin: float, tolerance: float, digits: int) -> dict:
    projected = world.to_crs(PROJ_STRING)
    xmin, ymin, xmax, ymax = frame
    kept = projected.clip(box(xmin - margin, ymin - margin, xmax + margin, ymax + margin))
    kept = kept[~kept.geometry.is_empty]
    unknown = sorted(set(kept["id"].dropna()) - ALPHA3.keys())
    if unknown:
        raise SystemExit(f"countries in frame without an alpha-3 code in ALPHA3: {unknown}")
    visible = box(*frame)
    features = []
    for _, row in kept.dropna(subset=["id"]).iterrows():
        code = ALPHA3[row["id"]]
        shape = oriented(row.geometry.simplify(tolerance, preserve_topology=True))
        inside = shape.intersection(visible.buffer(-(xmax - xmin) * 0.02))
        parts = getattr(inside, "geoms", [inside])
        largest = max(parts, key=lambda g: g.area) if not inside.is_empty else None
        label = polylabel(largest, tolerance=1.0) if largest is not None and largest.area > 0 else None
        geometry = json.loads(json.dumps(mapping(shape)), parse_float=lambda v: round(float(v), digits))
        features.append({
            "type": "Feature",
            "properties": {"iso_a3": code, "name": NAMES.get(code, row["name"]),
                           "area_km2": round(inside.area),
                           "label": [round(label.x, 1), round(label.y, 1)] if label else None},
            "geometry": geometry,
        })
    features.sort(key=lambda f: f["properties"]["iso_a3"])
    return {"type": "FeatureCollection", "crs_proj": PROJ_STRING, "frame": list(frame), "features": features}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        topojson = fetch_package(Path(tmp))
        source_sha = hashlib.sha256(topojson.read_bytes()).hexdigest()
        world = load_world(topojson)
    derived = {}
    for name, frame, margin, tolerance, digits in PRODUCTS:
        path = OUT / f"{name}.geojson"
        path.write_text(json.dumps(derive(world, frame, margin, tolerance, digits), separators=(",", ":")) + "\n")
        derived[name] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "frame_km": list(frame), "margin_km": margin, "simplify_tolerance_km": tolerance,
                         "bytes": path.stat().st_size}
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    provenance = {
        "source": {"package": PACKAGE, "version": VERSION, "registry": "npm", "file": MEMBER.removeprefix("package/"),
                   "sha256": source_sha, "package_licence": "ISC",
                   "data": "Natural Earth 1:10m admin-0 countries", "data_licence": "public domain"},
        "projection": PROJ_STRING,
        "method": "clip to 20–110°E 20–65°N in degrees, project, clip to frame plus margin, "
                  "simplify (topology-preserving), round coordinates",
        "derived": derived,
        "built_by": "scripts/build_boundaries.py",
    }
    (OUT / "PROVENANCE.yaml").write_text(yaml.safe_dump(provenance, sort_keys=False, allow_unicode=True))
    print(f"wrote {OUT / 'PROVENANCE.yaml'}")


if __name__ == "__main__":
    main()
