"""The point sets a student transforms, with the value that colours each point.

Colours come from the *original* x coordinate (as in the course), so the eye can follow every
point through a transformation. Building the points needs torch and runs in the worker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from linviz_gui.model.choices import check_choice
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

DatasetKind = Literal["gaussian", "two_points", "grid", "circle", "file"]

#: The kind of a user's own points, read from ``path`` (see model/files/points_dataset.py);
#: not in :data:`DATASET_LABELS`, which lists the kinds torch generates from N and a seed.
FILE_KIND: Literal["file"] = "file"
#: A path longer than this is no path a user chose.
MAX_PATH = 4096

DATASET_LABELS: dict[DatasetKind, str] = {
    "gaussian": "Gaussian cloud  torch.randn(N, 2)",
    "two_points": "The seed's two points (0, 4), (0.5, 5)",
    "grid": "Regular grid of points",
    "circle": "Unit circle",
}

MIN_POINTS = 1
#: The most points a user may ask for: every tab stays responsive (the Network tab's stages at
#: 10 million points took 19 s and about 6 GB).
MAX_POINTS = 2_000_000
#: The most points ``linviz bench`` draws: the explorer's drag path is built for 10 million
#: (float32 points, the compiled rasteriser); see :func:`points_up_to`.
BENCH_MAX_POINTS = 10_000_000
_limit = [MAX_POINTS]
#: The course clips the colour value to this range so a few outliers do not wash out the map.
COLOR_CLIP = 1.5


@dataclass(frozen=True)
class DatasetSpec:
    """Everything needed to rebuild a point set exactly: kind, N and the torch seed; for a
    user's file (kind ``"file"``) its path, N its rows and ``digest`` a fingerprint of its points
    (so a file changed since it was opened is noticed, and two contents never share a cache)."""

    kind: DatasetKind = "gaussian"
    n: int = 1000
    seed: int = 0
    path: str = ""
    digest: str = ""

    def __post_init__(self) -> None:
        if self.kind != FILE_KIND:
            check_choice(self.kind, DATASET_LABELS, "dataset")
            if self.path or self.digest:
                raise InputError(f"the {self.kind} dataset is generated; it takes no file path")
        else:
            _check_file_entries(self.path, self.digest)
        check_point_count(self.n)
        check_seed(self.seed)

    @property
    def from_file(self) -> bool:
        return self.kind == FILE_KIND

    @property
    def size(self) -> int:
        """How many points the set really has (the seed's example always has two)."""
        if self.kind == "two_points":
            return 2
        if self.kind == "grid":
            side = _grid_side(self.n)
            return side * side
        return self.n


def _check_file_entries(path: object, digest: object) -> None:
    if not isinstance(path, str) or not path.strip():
        raise InputError("a file dataset needs the path of its file")
    if len(path) > MAX_PATH or "\x00" in path:
        raise InputError(f"a file dataset's path is no file's path ({len(path):,} characters)")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{0,64}", digest):
        raise InputError(f"a file dataset's digest must be hexadecimal; got {str(digest)[:80]!r}")


def check_point_count(n: object, limit: int | None = None) -> int:
    """``n`` if it is a whole number of points from 1 to ``limit`` (the current limit: normally
    :data:`MAX_POINTS`), else :class:`InputError` saying so."""
    top = _limit[0] if limit is None else limit
    if not isinstance(n, int) or isinstance(n, bool):
        raise InputError(f"N must be a whole number; got {n!r}")
    if not MIN_POINTS <= n <= top:
        raise InputError(f"N must be between {MIN_POINTS} and {top:,}; got {n:,}")
    return n


@contextmanager
def points_up_to(limit: int) -> Iterator[None]:
    """Let point sets grow to ``limit`` (at most :data:`BENCH_MAX_POINTS`) inside the block:
    the benchmark's 10 million points, which the app's N field does not offer."""
    previous = _limit[0]
    _limit[0] = max(previous, min(limit, BENCH_MAX_POINTS))
    try:
        yield
    finally:
        _limit[0] = previous


def check_seed(seed: object) -> int:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InputError(f"seed must be a whole number; got {seed!r}")
    if not 0 <= seed < 2**63:
        raise InputError(f"seed must be between 0 and 2**63 - 1; got {seed}")
    return seed


def parse_int(text: str, what: str) -> int:
    """Read a whole number typed by a user (``1000``, ``1_000``, ``1e6`` and ``1,000`` read)."""
    stripped = text.strip().replace("_", "").replace(",", "")
    if not stripped:
        raise InputError(f"{what} is empty; type a whole number")
    if len(stripped) > 24:
        raise InputError(f"{what} is too long to be a sensible number")
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        value = float(stripped)
    except ValueError:
        raise InputError(f"{what} must be a whole number; got {text.strip()!r}") from None
    if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
        raise InputError(f"{what} must be a whole number; got {text.strip()!r}")
    return int(value)


def _grid_side(n: int) -> int:
    return max(2, round(n**0.5))


def make_points(spec: DatasetSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """Build ``(X, colour_values)``: X is (N, 2) float32, colour values lie in [0, 1].

    The Gaussian cloud is ``torch.manual_seed(seed); torch.randn(N, 2)`` exactly, the course's
    cloud, so a seed reproduces the notebook's picture.
    """
    import torch

    if spec.from_file:  # its points are the file's: compute/explorer_jobs.py reads them
        raise InputError(f"the points of {spec.path} are read from the file, not generated")
    generator = torch.Generator().manual_seed(spec.seed)
    if spec.kind == "two_points":
        data = torch.tensor([[0.0, 4.0, 0.1], [0.5, 5.0, 0.2]])
        return data[:, :2].contiguous(), _normalise(data[:, 2])
    if spec.kind == "gaussian":
        points = torch.randn(spec.n, 2, generator=generator)
        colour = points[:, 0].clamp(-COLOR_CLIP, COLOR_CLIP)
        return points, (colour + COLOR_CLIP) / (2 * COLOR_CLIP)
    if spec.kind == "grid":
        side = _grid_side(spec.n)
        axis = torch.linspace(-2.0, 2.0, side)
        yy, xx = torch.meshgrid(axis, axis, indexing="ij")
        points = torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)
        return points, _normalise(points[:, 0])
    angle = torch.linspace(0.0, 2 * torch.pi, spec.n + 1)[:-1]
    points = torch.stack([angle.cos(), angle.sin()], dim=1)
    return points, _normalise(points[:, 0])


def _normalise(values: torch.Tensor) -> torch.Tensor:
    """Map values onto [0, 1] by their range, as matplotlib's ``scatter(c=...)`` does."""
    low, high = values.min(), values.max()
    if float(high - low) == 0.0:
        return values * 0 + 0.5
    return (values - low) / (high - low)
