"""Frame-time summaries shared by every renderer the benchmark measures."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class FrameTimes:
    """Milliseconds per frame of one renderer at one N."""

    renderer: str
    n: int
    frames_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return percentile(self.frames_ms, 50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.frames_ms, 95)

    def as_json(self) -> dict[str, object]:
        return {
            "renderer": self.renderer,
            "n": self.n,
            "median_ms": round(self.median_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "frames": len(self.frames_ms),
        }


def percentile(values: tuple[float, ...] | list[float], q: float) -> float:
    """The q-th percentile with linear interpolation (numpy's default), NaN when empty."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def drag_path(frames: int, start: tuple[float, float]) -> list[tuple[float, float]]:
    """``frames`` distinct positions on a small loop through ``start`` (a basis vector tip)."""
    x0, y0 = start
    return [
        (
            x0 + 0.25 * math.sin(2 * math.pi * (k + 1) / (frames + 1)),
            y0 + 0.25 * (1 - math.cos(2 * math.pi * (k + 1) / (frames + 1))),
        )
        for k in range(frames)
    ]
