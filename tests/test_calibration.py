"""The calibration script's threshold search (bench/calibrate_search.py)."""

from __future__ import annotations

from bench.calibrate_search import GRID, first_holding


def test_halving_finds_the_threshold_scanning_would() -> None:
    for point in (0.02, 0.3, 0.555, 0.98):
        calls: list[float] = []

        def ok(t: float, point: float = point, calls: list[float] = calls) -> bool:
            calls.append(t)
            return t >= point

        assert first_holding(GRID, ok) == next(t for t in GRID if t >= point)
        assert len(calls) <= 8  # not the hundred and ninety-five of a scan
    assert first_holding(GRID, lambda t: False) is None
    assert first_holding([], lambda t: True) is None
