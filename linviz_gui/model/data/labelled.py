"""Labelled point sets for the classifier: blobs, XOR, circles and the course's K-class spiral.

Each set is rebuilt exactly from its :class:`LabelledSpec` (kind, N, seed and the kind's own
parameter). Building needs torch, so it runs in the worker; the result is plain numpy.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from linviz_gui.model.choices import check_choice
from linviz_gui.model.data.point_sets import check_seed
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

LabelledKind = Literal["blobs", "xor", "circles", "spirals"]

LABELLED_KINDS: dict[LabelledKind, str] = {
    "blobs": "Two Gaussian blobs",
    "xor": "XOR (four quadrants)",
    "circles": "Concentric circles",
    "spirals": "K-class spiral (the course's)",
}

MIN_LABELLED_POINTS = 2
#: The Classifier draws its points as rasters and drags w over a million of them.
MAX_LABELLED_POINTS = 1_000_000
#: The Training tab trains an MLP on all of its points on every step: it keeps a smaller cap.
MAX_TRAINING_POINTS = 20_000
MIN_CLASSES = 2
MAX_CLASSES = 8
MAX_SEPARATION = 10.0
#: Standard deviation of each blob: a separation of 3 leaves six of them between the centres.
BLOB_STD = 0.5
#: The blobs sit either side of this point, so the best line does not pass through the origin
#: and the bias b matters.
BLOB_MIDPOINT = (1.0, 0.5)


@dataclass(frozen=True)
class LabelledSpec:
    """What to build: ``kind``, N points in all, the torch ``seed``, and the kind's parameter.

    ``separation`` is the distance between the two blob centres (blobs only); ``classes`` is K
    for the spiral (spirals only; the other kinds have two classes).
    """

    kind: LabelledKind = "blobs"
    n: int = 200
    seed: int = 0
    separation: float = 4.0
    classes: int = 3

    def __post_init__(self) -> None:
        check_choice(self.kind, LABELLED_KINDS, "dataset")
        check_labelled_count(self.n)
        check_seed(self.seed)
        check_separation(self.separation)
        check_class_count(self.classes)

    @property
    def class_count(self) -> int:
        return self.classes if self.kind == "spirals" else 2

    @property
    def size(self) -> int:
        """How many points the set has (a spiral has N // K points per class)."""
        if self.kind == "spirals":
            return self.classes * max(1, self.n // self.classes)
        return self.n


def check_labelled_count(n: object, maximum: int = MAX_LABELLED_POINTS) -> int:
    if not isinstance(n, int) or isinstance(n, bool):
        raise InputError(f"N must be a whole number; got {n!r}")
    if not MIN_LABELLED_POINTS <= n <= maximum:
        raise InputError(f"N must be between {MIN_LABELLED_POINTS} and {maximum:,}; got {n:,}")
    return n


def check_separation(value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        raise InputError(f"separation must be a number; got {value!r}")
    if not 0.0 <= value <= MAX_SEPARATION:
        raise InputError(f"separation must be between 0 and {MAX_SEPARATION:g}; got {value:g}")
    return float(value)


def check_class_count(k: object) -> int:
    if not isinstance(k, int) or isinstance(k, bool):
        raise InputError(f"K (classes) must be a whole number; got {k!r}")
    if not MIN_CLASSES <= k <= MAX_CLASSES:
        raise InputError(f"K (classes) must be between {MIN_CLASSES} and {MAX_CLASSES}; got {k}")
    return k


@dataclass(frozen=True, eq=False)
class LabelledData:
    """Points (N, 2) float32 with a class index (N,) int64 in ``0 .. K-1`` each.

    ``class_names`` are what the user knows the classes by (the CSV's own labels, or ``0 .. K-1``).
    ``key`` identifies the data for caching on the worker's device; ``name`` is shown to the user.
    """

    points: np.ndarray
    labels: np.ndarray
    class_names: tuple[str, ...]
    name: str
    key: Hashable

    @property
    def class_count(self) -> int:
        return len(self.class_names)

    @property
    def size(self) -> int:
        return len(self.labels)

    def signed_targets(self) -> np.ndarray:
        """Class 0 as -1 and class 1 as +1: the targets of the two-class losses."""
        return np.where(self.labels == 0, -1.0, 1.0).astype(np.float32)


def make_labelled(spec: LabelledSpec) -> LabelledData:
    """Build the set for ``spec`` with a torch generator seeded with ``spec.seed``."""
    import torch

    generator = torch.Generator().manual_seed(spec.seed)
    if spec.kind == "spirals":
        points, labels = course_spiral(spec.n // spec.classes or 1, spec.classes, generator)
    elif spec.kind == "blobs":
        points, labels = _blobs(spec.n, spec.separation, generator)
    elif spec.kind == "xor":
        points = torch.rand(spec.n, 2, generator=generator) * 2 - 1
        labels = (points[:, 0] * points[:, 1] > 0).long()
    else:
        points, labels = _circles(spec.n, generator)
    names = tuple(str(k) for k in range(spec.class_count))
    return LabelledData(
        points.numpy().astype(np.float32),
        labels.numpy().astype(np.int64),
        names,
        LABELLED_KINDS[spec.kind],
        spec,
    )


def course_spiral(
    n_per_class: int, classes: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """The course's spiral: for class k, ``t = linspace(0, 1, n)``, radius ``0.8 t + 0.2`` and
    angle ``(2t + k) 2π / K + 0.2 noise``; the point is ``radius * (sin angle, cos angle)``.

    Returns ``(X, y)`` as torch tensors, class by class (noise drawn with ``generator``).
    """
    import torch

    xs, ys = [], []
    t = torch.linspace(0, 1, n_per_class)
    for k in range(classes):
        noise = torch.randn(n_per_class, generator=generator)
        angle = (2 * t + k) * (2 * math.pi / classes) + 0.2 * noise
        radius = 0.8 * t + 0.2
        xs.append(torch.stack([radius * angle.sin(), radius * angle.cos()], dim=1))
        ys.append(torch.full((n_per_class,), k, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


def _blobs(
    n: int, separation: float, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    import torch

    half = n // 2
    direction = torch.tensor([1.0, 1.0]) / math.sqrt(2.0)
    middle = torch.tensor(BLOB_MIDPOINT)
    offset = direction * (separation / 2)
    noise = torch.randn(n, 2, generator=generator) * BLOB_STD
    labels = _two_classes(half, n)
    centres = torch.where(labels[:, None] == 0, middle - offset, middle + offset)
    return centres + noise, labels


def _circles(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    import torch

    half = n // 2
    angle = torch.rand(n, generator=generator) * 2 * math.pi
    spread = torch.rand(n, generator=generator)
    labels = _two_classes(half, n)
    # inner disc up to radius 0.5 (uniform over its area), outer ring from 0.7 to 1.0
    radius = torch.where(labels == 0, 0.5 * spread.sqrt(), 0.7 + 0.3 * spread)
    return torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1), labels


def _two_classes(half: int, n: int) -> torch.Tensor:
    """``half`` labels 0 followed by ``n - half`` labels 1."""
    import torch

    return (torch.arange(n) >= half).long()
