"""The map's projection, in plain math so the app needs no pyproj at start-up.

Lambert conformal conic on the WGS84 ellipsoid, standard parallels 38°N and 50°N, centred on
44°N 65°E: shapes and distances stay true enough across Central Asia from the Caucasus to the
Chinese border. scripts/build_boundaries.py projects the outlines with pyproj using PROJ_STRING,
and a test checks this code against pyproj.
"""
from __future__ import annotations

import math

LAT_1, LAT_2, LAT_0, LON_0 = 38.0, 50.0, 44.0, 65.0
PROJ_STRING = (f"+proj=lcc +lat_1={LAT_1} +lat_2={LAT_2} +lat_0={LAT_0} +lon_0={LON_0} "
               "+datum=WGS84 +units=km +no_defs")

# Frames in projected km (xmin, ymin, xmax, ymax), used by the app and by the build script: the
# region from Georgia's Black Sea coast to the Altai, with the Caspian and northern
# Iran and Afghanistan (edges at about 39.7°E, 87.3°E, 33.6°N and 56.1°N at their midpoints; Moscow,
# Ankara, Beijing and Washington fall outside); and the Fergana Valley (69.3°E, 74.4°E, 39.3°N, 42.2°N).
FRAME = (-2050.0, -1150.0, 1800.0, 1350.0)
FERGANA_FRAME = (360.0, -500.0, 790.0, -170.0)

_A = 6378.137
_F = 1 / 298.257223563
_E = math.sqrt(2 * _F - _F * _F)


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    s = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (_E / 2)


_P1, _P2, _P0 = map(math.radians, (LAT_1, LAT_2, LAT_0))
_N = (math.log(_m(_P1)) - math.log(_m(_P2))) / (math.log(_t(_P1)) - math.log(_t(_P2)))
_BIG_F = _m(_P1) / (_N * _t(_P1) ** _N)
_RHO_0 = _A * _BIG_F * _t(_P0) ** _N


def project(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in degrees to (x, y) in km on the map plane."""
    rho = _A * _BIG_F * _t(math.radians(lat)) ** _N
    dlon = (lon - LON_0 + 180.0) % 360.0 - 180.0
    theta = _N * math.radians(dlon)
    return rho * math.sin(theta), _RHO_0 - rho * math.cos(theta)
