"""Distances on the Earth and a grid index for "the k nearest points that pass a test".

The index buckets points into square cells of latitude/longitude degrees and
searches rings of cells outward from the query, stopping as soon as no unseen
cell can hold anything nearer than the k-th best found. With a few points per
cell a lookup among 100,000 stations touches a few dozen points (bench/stations.py).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian, ~111.2 km

T = TypeVar("T")
# Below this many kilometres the flat-earth shortcut in GridIndex.nearest is safe.
PRUNE_BELOW_KM = 500.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Point(Generic[T]):
    """A located item: its position and whatever the caller wants back."""

    lat: float
    lon: float
    item: T


@dataclass(frozen=True)
class Hit(Generic[T]):
    """One result of a nearest search: the item and its distance."""

    km: float
    item: T


class GridIndex(Generic[T]):
    """Nearest-neighbour search over points, with an optional predicate on the items."""

    # Target points per occupied cell: few to measure per cell, few cells per ring.
    PER_CELL = 3
    MIN_CELL_DEG = 0.005  # ~500 m

    def __init__(self, points: Iterable[Point[T]], cell_deg: float | None = None) -> None:
        self.points = list(points)
        self.cell = cell_deg or self._auto_cell(self.points)
        # Each entry: (lat, lon, cos(lat), item); plain tuples are the fastest to unpack.
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, T]]] = {}
        for p in self.points:
            entry = (p.lat, p.lon, math.cos(math.radians(p.lat)), p.item)
            self.cells.setdefault(self._key(p.lat, p.lon), []).append(entry)
        if self.cells:
            rows = [key[0] for key in self.cells]
            cols = [key[1] for key in self.cells]
            self.bounds = (min(rows), max(rows), min(cols), max(cols))
            self._max_lat = max(abs(p.lat) for p in self.points)
        else:
            self.bounds = (0, -1, 0, -1)
            self._max_lat = 0.0

    @classmethod
    def _auto_cell(cls, points: list[Point[T]]) -> float:
        # Start from the bounding box, then halve the cells while the occupied
        # ones hold too many points: stations cluster around towns, so the
        # average over the whole box would leave the clusters in a few crowded cells.
        if len(points) < 2:
            return 0.1
        lats = [p.lat for p in points]
        lons = [p.lon for p in points]
        area = max(max(lats) - min(lats), 0.01) * max(max(lons) - min(lons), 0.01)
        cell = min(1.0, max(cls.MIN_CELL_DEG, math.sqrt(area * cls.PER_CELL / len(points))))
        while cell / 2 >= cls.MIN_CELL_DEG:
            occupied = len(
                {
                    (math.floor(a / cell), math.floor(b / cell))
                    for a, b in zip(lats, lons, strict=True)
                }
            )
            if len(points) / occupied <= cls.PER_CELL:
                break
            cell /= 2
        return cell

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.cell), math.floor(lon / self.cell)

    def __len__(self) -> int:
        return len(self.points)

    def _ring_bound_km(self, ring: int, lat: float) -> float:
        """No point outside rings 0..ring is nearer than this many kilometres."""
        # Along a meridian, `ring` whole cells separate the query from any unseen
        # point; along a parallel a degree shrinks with cos(latitude), so take
        # the widest latitude the unseen points can have. 0.99 absorbs the small
        # gap between a parallel and the great circle.
        widest = min(89.9, max(abs(lat) + (ring + 1) * self.cell, self._max_lat))
        per_deg = KM_PER_DEGREE * min(1.0, math.cos(math.radians(widest)))
        return 0.99 * ring * self.cell * per_deg

    def nearest(
        self,
        lat: float,
        lon: float,
        k: int = 3,
        accept: Callable[[T], bool] | None = None,
        max_km: float | None = None,
    ) -> list[Hit[T]]:
        """The k nearest items passing `accept` (within max_km if given), nearest first."""
        if k <= 0 or not self.cells:
            return []
        row0, col0 = self._key(lat, lon)
        rmin, rmax, cmin, cmax = self.bounds
        # Rings before `ring` miss the occupied cells entirely (a query far
        # outside them starts at their edge); rings after `last_ring` too.
        ring = max(rmin - row0, row0 - rmax, cmin - col0, col0 - cmax, 0)
        last_ring = max(abs(row0 - rmin), abs(row0 - rmax), abs(col0 - cmin), abs(col0 - cmax))
        best: list[tuple[float, int, T]] = []  # max-heap by negated distance
        limit = math.inf if max_km is None else max_km
        cos_q = math.cos(math.radians(lat))
        counter = 0
        looked = 0
        while ring <= last_ring:
            looked += 8 * ring + 1
            if looked > 4 * len(self.cells) + 64:
                # Sparse data far from the query: measuring everything is cheaper.
                return brute_force_nearest(self.points, lat, lon, k, accept, max_km)
            for key in _ring_keys(row0, col0, ring, self.bounds):
                bucket = self.cells.get(key)
                if not bucket:
                    continue
                for plat, plon, cos_p, item in bucket:
                    # A cheap flat-earth distance with the smaller cos(latitude)
                    # never exceeds the true one by more than 2% at these
                    # scales: skip what cannot make the list before the trig.
                    if limit < PRUNE_BELOW_KM:
                        dy = plat - lat
                        dx = (plon - lon) * (cos_q if cos_q < cos_p else cos_p)
                        if 0.98 * KM_PER_DEGREE * math.sqrt(dx * dx + dy * dy) > limit:
                            continue
                    if accept is not None and not accept(item):
                        continue
                    km = haversine_km(lat, lon, plat, plon)
                    counter += 1
                    if len(best) < k:
                        if km > limit:
                            continue
                        heapq.heappush(best, (-km, counter, item))
                    elif km < limit:  # strictly nearer: ties keep the first found
                        heapq.heapreplace(best, (-km, counter, item))
                    else:
                        continue
                    if len(best) == k:
                        limit = min(limit, -best[0][0])
            bound = self._ring_bound_km(ring, lat)
            if len(best) == k and -best[0][0] <= bound:
                break
            if max_km is not None and bound > max_km:
                break
            ring += 1
        return [Hit(-neg, item) for neg, _, item in sorted(best, key=lambda e: (-e[0], e[1]))]


def _ring_keys(
    row: int, col: int, ring: int, bounds: tuple[int, int, int, int]
) -> Iterable[tuple[int, int]]:
    """The cells at Chebyshev distance exactly `ring` from (row, col), inside `bounds`."""
    rmin, rmax, cmin, cmax = bounds
    if ring == 0:
        yield row, col
        return
    c_lo, c_hi = max(col - ring, cmin), min(col + ring, cmax)
    for r in (row - ring, row + ring):
        if rmin <= r <= rmax:
            for c in range(c_lo, c_hi + 1):
                yield r, c
    r_lo, r_hi = max(row - ring + 1, rmin), min(row + ring - 1, rmax)
    for c in (col - ring, col + ring):
        if cmin <= c <= cmax:
            for r in range(r_lo, r_hi + 1):
                yield r, c


def brute_force_nearest(
    points: Iterable[Point[T]],
    lat: float,
    lon: float,
    k: int = 3,
    accept: Callable[[T], bool] | None = None,
    max_km: float | None = None,
) -> list[Hit[T]]:
    """The same answer as GridIndex.nearest by measuring every point (the baseline)."""
    hits = []
    for point in points:
        if accept is not None and not accept(point.item):
            continue
        km = haversine_km(lat, lon, point.lat, point.lon)
        if max_km is None or km <= max_km:
            hits.append(Hit(km, point.item))
    return heapq.nsmallest(k, hits, key=lambda h: h.km)
