"""Points a user adds and removes by clicking (ConvNetJS's way to draw one's own data).

:class:`ClickedPoints` is the editable set (any number of points, none included); each edit
returns a new one. The training core's :func:`~linviz_gui.model.training.points.clicked_data`
checks it into :class:`LabelledData` (refusing fewer than two points, saying to click more).
The class count is kept through removals, so taking away the only point of a class never drops
it from under the net.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from linviz_gui.model.data.labelled import MAX_CLASSES, MIN_CLASSES, LabelledData
from linviz_gui.model.files.labelled_csv import MAX_COORDINATE, MAX_ROWS
from linviz_gui.model.linear.matrix import InputError


def check_click_class(k: object) -> int:
    """The class (0-based) of the next clicked points; refuses what no key or button gives."""
    if not isinstance(k, int) or isinstance(k, bool):
        raise InputError(f"the class of a clicked point must be a whole number; got {k!r}")
    if not 0 <= k < MAX_CLASSES:
        # Shown 1-based, as the keys and the class box count.
        raise InputError(f"the class of a clicked point must be 1 to {MAX_CLASSES}; got {k + 1}")
    return k


@dataclass(frozen=True, eq=False)
class ClickedPoints:
    """``points`` (N, 2) float32 with class ``labels`` (N,) int64, out of ``classes``."""

    points: np.ndarray
    labels: np.ndarray
    classes: int = MIN_CLASSES

    @classmethod
    def empty(cls, classes: int = MIN_CLASSES) -> ClickedPoints:
        return cls(np.zeros((0, 2), np.float32), np.zeros(0, np.int64), classes)

    @classmethod
    def of(cls, data: LabelledData) -> ClickedPoints:
        """The points of ``data`` (any kind) to draw on."""
        return cls(data.points, data.labels, data.class_count)

    @classmethod
    def checked(cls, points: object, labels: object, classes: object) -> ClickedPoints:
        """Clicks read back from a file: every value checked, the first bad one named."""
        if not isinstance(classes, int) or isinstance(classes, bool):
            raise InputError(f"clicked 'classes' must be a whole number; got {classes!r}")
        if not MIN_CLASSES <= classes <= MAX_CLASSES:
            raise InputError(
                f"clicked 'classes' must be {MIN_CLASSES} to {MAX_CLASSES}; got {classes}"
            )
        try:
            xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
            k = np.asarray(labels, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InputError("clicked points must be [x, y] pairs of numbers") from None
        if len(xy) != len(k):
            raise InputError(f"{len(xy)} clicked points but {len(k)} labels")
        if len(xy) > MAX_ROWS:
            raise InputError(f"at most {MAX_ROWS:,} clicked points; got {len(xy):,}")
        bad = np.flatnonzero(~np.isfinite(xy).all(1) | (np.abs(xy) > MAX_COORDINATE).any(1))
        if len(bad):
            raise InputError(
                f"clicked point {int(bad[0]) + 1} must be finite and within ±{MAX_COORDINATE:g}"
            )
        wrong = np.flatnonzero((k != np.round(k)) | (k < 0) | (k >= classes))
        if len(wrong):
            i = int(wrong[0])
            raise InputError(
                f"clicked point {i + 1} has class {k[i]:g}; classes are 0 to {classes - 1}"
            )
        return cls(xy.astype(np.float32), k.astype(np.int64), classes)

    @property
    def size(self) -> int:
        return len(self.labels)

    def with_point(self, x: float, y: float, k: int) -> ClickedPoints:
        """These points and (x, y) of class ``k`` at the end; the classes grow to hold ``k``."""
        check_click_class(k)
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > MAX_COORDINATE:
            raise InputError(
                f"a clicked point must be finite and within ±{MAX_COORDINATE:g}; "
                f"got ({x:.4g}, {y:.4g})"
            )
        if self.size >= MAX_ROWS:
            raise InputError(f"at most {MAX_ROWS:,} points can be clicked: remove some first")
        return ClickedPoints(
            np.concatenate([self.points, np.array([[x, y]], np.float32)]),
            np.concatenate([self.labels, np.array([k], np.int64)]),
            max(self.classes, k + 1),
        )

    def without_nearest(self, x: float, y: float) -> tuple[ClickedPoints, int]:
        """These points without the one nearest to (x, y), and its index (-1: there is none)."""
        if self.size == 0:
            return self, -1
        distances = np.hypot(self.points[:, 0] - x, self.points[:, 1] - y)
        index = int(np.argmin(distances))
        keep = np.arange(self.size) != index
        return ClickedPoints(self.points[keep], self.labels[keep], self.classes), index
