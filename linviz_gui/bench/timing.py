"""Frame-time summaries shared by every renderer the benchmark measures."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class FrameTimes:
    """Milliseconds per frame of one renderer at one N: wall clock, and CPU of the process.

    The CPU time (all threads) does not grow when other programs compete for the cores, so it
    shows the work a frame costs even when the wall-clock figures are noisy.
    """

    renderer: str
    n: int
    frames_ms: tuple[float, ...]
    cpu_ms: tuple[float, ...] = ()
    #: The process's peak resident memory (MB) once these frames were drawn, where measured.
    peak_rss_mb: float | None = None

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
            "cpu_median_ms": round(percentile(self.cpu_ms, 50), 3) if self.cpu_ms else None,
            "frames": len(self.frames_ms),
            **({} if self.peak_rss_mb is None else {"peak_rss_mb": round(self.peak_rss_mb, 1)}),
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


class FrameClock:
    """Collects the wall-clock and process CPU milliseconds of successive frames."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self._wall0 = self._cpu0 = 0.0

    def start(self) -> None:
        self._wall0, self._cpu0 = time.perf_counter(), time.process_time()

    def stop(self) -> None:
        self.wall.append((time.perf_counter() - self._wall0) * 1000)
        self.cpu.append((time.process_time() - self._cpu0) * 1000)

    def times(self, renderer: str, n: int) -> FrameTimes:
        return FrameTimes(renderer, n, tuple(self.wall), tuple(self.cpu))


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
