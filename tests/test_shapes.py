"""The projection, the derived boundary files and the edge-of-frame geometry."""
import hashlib
import json

import pytest
import yaml
from pyproj import Transformer
from shapely.geometry import Point, Polygon, shape

from geo.geodesy import distance_km, waypoint
from geo.projection import FERGANA_FRAME, FRAME, PROJ_STRING, project
from geo.shapes import BOUNDARIES, country_outlines, edge_point, in_frame

CAPITALS = [("Tashkent", 69.2401, 41.2995, "UZB"), ("Astana", 71.4491, 51.1694, "KAZ"),
            ("Bishkek", 74.5698, 42.8746, "KGZ"), ("Dushanbe", 68.7870, 38.5598, "TJK"),
            ("Ashgabat", 58.3261, 37.9601, "TKM"), ("Baku", 49.8671, 40.4093, "AZE"),
            ("Moscow", 37.6173, 55.7558, None), ("Beijing", 116.4074, 39.9042, None)]


@pytest.mark.parametrize("name, lon, lat, _", CAPITALS, ids=[c[0] for c in CAPITALS])
def test_projection_matches_pyproj(name, lon, lat, _):
    expected = Transformer.from_crs("EPSG:4326", PROJ_STRING, always_xy=True).transform(lon, lat)
    assert project(lon, lat) == pytest.approx(expected, abs=0.01)


def features(name):
    return {f["properties"]["iso_a3"]: f for f in json.loads((BOUNDARIES / name).read_text())["features"]}


@pytest.mark.parametrize("name, lon, lat, code", [c for c in CAPITALS if c[3]], ids=[c[0] for c in CAPITALS if c[3]])
def test_capitals_lie_in_their_own_country_and_in_frame(name, lon, lat, code):
    xy = project(lon, lat)
    assert in_frame(xy, FRAME)
    assert shape(features("central_asia.geojson")[code]["geometry"]).buffer(3).contains(Point(xy))


@pytest.mark.parametrize("lon, lat", [(37.6173, 55.7558), (32.8597, 39.9334), (116.4074, 39.9042)])
def test_far_capitals_lie_outside_the_frame(lon, lat):
    assert not in_frame(project(lon, lat), FRAME)


def test_derived_files_match_their_provenance():
    provenance = yaml.safe_load((BOUNDARIES / "PROVENANCE.yaml").read_text())
    assert provenance["projection"] == PROJ_STRING
    assert provenance["source"]["data_licence"] == "public domain"
    for product in provenance["derived"].values():
        assert hashlib.sha256((BOUNDARIES / product["file"]).read_bytes()).hexdigest() == product["sha256"]


def test_region_has_every_country_the_map_speaks_of():
    assert {"UZB", "KAZ", "KGZ", "TJK", "TKM", "AFG", "AZE", "IRN", "GEO", "ARM", "RUS", "CHN"} <= set(
        country_outlines("region"))


# Enclaves of the Fergana Valley, which Natural Earth 1:10m draws: (name, lon, lat, holder, surrounded by).
# Natural Earth places small enclaves to within a kilometre or two, hence the 2 km allowance.
ENCLAVES = [("Sokh", 71.10, 39.96, "UZB", "KGZ"), ("Shakhimardan", 71.80, 39.983, "UZB", "KGZ"),
            ("Vorukh", 70.58, 39.85, "TJK", "KGZ")]


@pytest.mark.parametrize("name, lon, lat, holder, host", ENCLAVES, ids=[e[0] for e in ENCLAVES])
def test_fergana_enclaves_survive_simplification(name, lon, lat, holder, host):
    valley = features("fergana_valley.geojson")
    point = Point(project(lon, lat))
    enclave = next(part for part in getattr(shape(valley[holder]["geometry"]), "geoms", [])
                   if part.distance(point) < 2)
    assert enclave.area < 1000  # a small separate piece, not the holder's mainland
    host_shape = shape(valley[host]["geometry"])
    surrounding = [Polygon(part.exterior) for part in getattr(host_shape, "geoms", [host_shape])]
    assert any(outer.contains(enclave.representative_point()) for outer in surrounding)
    assert not host_shape.contains(enclave.representative_point())


def test_outlines_keep_holes_as_separate_rings():
    kyrgyzstan = country_outlines("fergana")["KGZ"]
    assert kyrgyzstan.x.count(None) >= 2  # outer ring plus enclave holes


@pytest.mark.parametrize("toward, side", [((-3000, 3000), "top"), ((5000, 400), "right"), ((-4000, 0), "left"),
                                          ((0, -5000), "bottom")])
def test_edge_point_leaves_by_the_side_facing_the_target(toward, side):
    x, y = edge_point((0, 0), toward, FRAME, inset_km=50)
    xmin, ymin, xmax, ymax = FRAME
    expected = {"top": y == pytest.approx(ymax - 50), "bottom": y == pytest.approx(ymin + 50),
                "left": x == pytest.approx(xmin + 50), "right": x == pytest.approx(xmax - 50)}
    assert expected[side]


def test_waypoint_heads_along_the_great_circle():
    lon, lat = waypoint(69.2401, 41.2995, 37.6173, 55.7558, 900)
    assert distance_km(69.2401, 41.2995, lon, lat) == pytest.approx(900, rel=1e-6)
    assert lon < 69.2401 and lat > 41.2995  # Moscow lies north-west of Tashkent


def test_fergana_frame_holds_the_memorandum_provinces(data):
    for province in data.provinces.values():
        assert in_frame(project(province.centre.lon, province.centre.lat), FERGANA_FRAME), province.name
