"""The projection, the derived boundary files and the edge-of-frame geometry."""
import hashlib
import json

import pytest
import yaml
from pyproj import Transformer
from shapely.geometry import Point, Polygon, shape

from geo.geodesy import distance_km, waypoint
from geo.projection import FERGANA_FRAME, FRAME, PROJ_STRING, project
from geo.shapes import BOUNDARIES, FILES, country_outlines, edge_point, in_frame

# (name, lon, lat, country whose polygon holds it; None: beyond the frame)
CAPITALS = [("Tashkent", 69.2797, 41.3111, "UZB"), ("Astana", 71.4491, 51.1694, "KAZ"),
            ("Bishkek", 74.5698, 42.8746, "KGZ"), ("Dushanbe", 68.7870, 38.5598, "TJK"),
            ("Ashgabat", 58.3261, 37.9601, "TKM"), ("Baku", 49.8671, 40.4093, "AZE"),
            ("Tbilisi", 44.7833, 41.7151, "GEO"), ("Yerevan", 44.5152, 40.1872, "ARM"),
            ("Tehran", 51.3890, 35.6892, "IRN"), ("Kabul", 69.2075, 34.5553, "AFG"),
            ("Moscow", 37.6173, 55.7558, None), ("Beijing", 116.4074, 39.9042, None),
            ("Ankara", 32.8597, 39.9334, None), ("Washington", -77.0369, 38.9072, None)]
INSIDE = [c for c in CAPITALS if c[3]]
BEYOND = [c for c in CAPITALS if not c[3]]
TO_PLANE = Transformer.from_crs("EPSG:4326", PROJ_STRING, always_xy=True)


def features(detail):
    return {f["properties"]["iso_a3"]: f for f in json.loads((BOUNDARIES / FILES[detail]).read_text())["features"]}


def parts(geometry):
    return list(getattr(geometry, "geoms", [geometry]))


@pytest.mark.parametrize("name, lon, lat, _", CAPITALS, ids=[c[0] for c in CAPITALS])
def test_projection_matches_pyproj(name, lon, lat, _):
    assert project(lon, lat) == pytest.approx(TO_PLANE.transform(lon, lat), abs=0.01)


@pytest.mark.parametrize("name, lon, lat, code", INSIDE, ids=[c[0] for c in INSIDE])
def test_capitals_lie_in_frame_and_in_their_own_country(name, lon, lat, code):
    xy = project(lon, lat)
    assert in_frame(xy, FRAME)
    region = features("region")
    assert shape(region[code]["geometry"]).contains(Point(xy))
    assert [c for c, f in region.items() if c != code and shape(f["geometry"]).contains(Point(xy))] == []


@pytest.mark.parametrize("name, lon, lat, _", BEYOND, ids=[c[0] for c in BEYOND])
def test_far_capitals_lie_outside_the_frame(name, lon, lat, _):
    assert not in_frame(project(lon, lat), FRAME)


def test_derived_files_match_their_provenance():
    provenance = yaml.safe_load((BOUNDARIES / "PROVENANCE.yaml").read_text())
    assert provenance["projection"] == PROJ_STRING
    assert provenance["source"]["data_licence"] == "public domain"
    assert provenance["source"]["package_licence"] == "ISC"
    derived = provenance["derived"]
    assert {p["file"] for p in derived.values()} == set(FILES.values())
    assert derived["central_asia"]["frame_km"] == list(FRAME)
    assert derived["fergana_valley"]["frame_km"] == list(FERGANA_FRAME)
    for product in derived.values():
        content = (BOUNDARIES / product["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == product["sha256"], product["file"]
        assert len(content) == product["bytes"]


@pytest.mark.parametrize("detail, limit", [("region", 300_000), ("fergana", 150_000)])
def test_derived_files_stay_small(detail, limit):
    assert (BOUNDARIES / FILES[detail]).stat().st_size < limit


def test_region_has_every_country_the_map_speaks_of():
    outlines = country_outlines("region")
    whole = {"UZB", "KAZ", "KGZ", "TJK", "TKM", "AZE", "GEO", "ARM"}
    partial = {"AFG", "IRN", "RUS", "CHN"}  # only their northern (or southern, western) reaches
    assert whole | partial <= set(outlines)
    frame_area = (FRAME[2] - FRAME[0]) * (FRAME[3] - FRAME[1])
    region = features("region")
    for code in whole:
        assert shape(region[code]["geometry"]).area == pytest.approx(outlines[code].area_km2, rel=0.01), code
    for code in partial:
        assert 0.02 * frame_area < outlines[code].area_km2 < 0.9 * shape(region[code]["geometry"]).area, code


@pytest.mark.parametrize("detail", ["region", "fergana"])
def test_outlines_form_a_clean_coverage(detail):
    import shapely
    shapes = [shape(f["geometry"]) for f in features(detail).values()]
    assert all(s.is_valid for s in shapes)
    assert shapely.coverage_is_valid(shapes)  # no overlaps, shared borders identical


@pytest.mark.parametrize("detail", ["region", "fergana"])
def test_rings_run_so_that_plotly_leaves_holes_empty(detail):
    # Plotly fills with the nonzero rule: outer rings anticlockwise, holes clockwise.
    for code, feature in features(detail).items():
        for polygon in parts(shape(feature["geometry"])):
            assert polygon.exterior.is_ccw, code
            assert not any(hole.is_ccw for hole in polygon.interiors), code


@pytest.mark.parametrize("detail", ["region", "fergana"])
def test_label_points_lie_inside_their_country_and_frame(detail):
    frame = FRAME if detail == "region" else FERGANA_FRAME
    region = features(detail)
    for code, outline in country_outlines(detail).items():
        if outline.label_point:
            assert in_frame(outline.label_point, frame), code
            assert shape(region[code]["geometry"]).contains(Point(outline.label_point)), code
    for code in ("UZB", "KGZ", "TJK"):
        assert country_outlines(detail)[code].label_point is not None


# The enclaves Natural Earth 1:10m draws in the Fergana Valley: (name, lon, lat, holder, surrounded by).
# It has these four; Qalacha, Jani-Ayil and Barak are missing from it. Its Shakhimardan lies about a
# kilometre south-west of the village (71.80E 39.98N), so the point used here is inside its polygon.
ENCLAVES = [("Sokh", 71.13, 39.96, "UZB", "KGZ"), ("Shakhimardan", 71.74, 39.95, "UZB", "KGZ"),
            ("Vorukh", 70.58, 39.85, "TJK", "KGZ"), ("Sarvak", 70.60, 40.98, "TJK", "UZB")]


@pytest.mark.parametrize("name, lon, lat, holder, host", ENCLAVES, ids=[e[0] for e in ENCLAVES])
def test_fergana_enclaves_survive_simplification(name, lon, lat, holder, host):
    valley = features("fergana")
    point = Point(project(lon, lat))
    enclave = next(part for part in parts(shape(valley[holder]["geometry"])) if part.contains(point))
    assert enclave.area < 1000  # a small separate piece, not the holder's mainland
    host_shape = shape(valley[host]["geometry"])
    assert any(Polygon(part.exterior).contains(point) for part in parts(host_shape))  # within the host's outline
    assert not host_shape.contains(point)  # but in a hole of it


def test_outlines_keep_holes_as_separate_rings():
    kyrgyzstan = country_outlines("fergana")["KGZ"]
    rings = shape(features("fergana")["KGZ"]["geometry"])
    assert len(list(rings.interiors)) == 3  # Sokh, Shakhimardan, Vorukh
    assert kyrgyzstan.x.count(None) == kyrgyzstan.y.count(None) == 3
    assert kyrgyzstan.x.index(None) == len(rings.exterior.coords)


TASHKENT = project(69.2797, 41.3111)


@pytest.mark.parametrize("name, lon, lat, side, half", [
    ("Moscow", 37.6173, 55.7558, "top", "west"), ("Washington", -77.0369, 38.9072, "top", "west"),
    ("Beijing", 116.4074, 39.9042, "right", None), ("Ankara", 32.8597, 39.9334, "left", None)])
def test_edge_point_leaves_by_the_side_facing_the_capital(name, lon, lat, side, half):
    inset = 50
    x, y = edge_point(TASHKENT, project(lon, lat), FRAME, inset)
    xmin, ymin, xmax, ymax = FRAME
    on_side = {"top": y == pytest.approx(ymax - inset), "bottom": y == pytest.approx(ymin + inset),
               "left": x == pytest.approx(xmin + inset), "right": x == pytest.approx(xmax - inset)}
    assert [s for s, hit in on_side.items() if hit] == [side]
    assert in_frame((x, y), FRAME)
    if half == "west":
        assert x < (xmin + xmax) / 2


def test_edge_point_follows_a_direction_not_a_destination():
    # A point 900 km along the way is inside the frame; the edge point is the same as for the capital.
    moscow = project(37.6173, 55.7558)
    ahead = (TASHKENT[0] + (moscow[0] - TASHKENT[0]) / 4, TASHKENT[1] + (moscow[1] - TASHKENT[1]) / 4)
    assert in_frame(ahead, FRAME)
    assert edge_point(TASHKENT, ahead, FRAME, 60) == pytest.approx(edge_point(TASHKENT, moscow, FRAME, 60))


@pytest.mark.parametrize("inside, toward", [((0, 0), (0, 0)), ((FRAME[2] + 10, 0), (0, 0))])
def test_edge_point_refuses_what_has_no_answer(inside, toward):
    with pytest.raises(ValueError):
        edge_point(inside, toward, FRAME, 0)


def test_waypoint_heads_along_the_great_circle():
    lon, lat = waypoint(69.2401, 41.2995, 37.6173, 55.7558, 900)
    assert distance_km(69.2401, 41.2995, lon, lat) == pytest.approx(900, rel=1e-6)
    assert lon < 69.2401 and lat > 41.2995  # Moscow lies north-west of Tashkent


def test_fergana_frame_holds_the_memorandum_provinces(data):
    for province in data.provinces.values():
        assert in_frame(project(province.centre.lon, province.centre.lat), FERGANA_FRAME), province.name
