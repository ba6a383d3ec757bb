"""Great-circle helpers on a sphere: enough to point a link the way a far capital really lies."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def waypoint(lon1: float, lat1: float, lon2: float, lat2: float, km: float) -> tuple[float, float]:
    """The point `km` along the shortest route from the first place toward the second."""
    total = distance_km(lon1, lat1, lon2, lat2)
    f = min(km / total, 1.0) if total else 0.0
    d = total / EARTH_RADIUS_KM
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a, b = math.sin((1 - f) * d) / math.sin(d), math.sin(f * d) / math.sin(d)
    x = a * math.cos(p1) * math.cos(l1) + b * math.cos(p2) * math.cos(l2)
    y = a * math.cos(p1) * math.sin(l1) + b * math.cos(p2) * math.sin(l2)
    z = a * math.sin(p1) + b * math.sin(p2)
    return math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))
