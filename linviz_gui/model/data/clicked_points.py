"""Labelled points a user adds and removes by clicking (ConvNetJS's way to draw one's own data).

Every edit returns new :class:`LabelledData`; the data never changes under a run that holds it.
The class count is the edited data's, or one more than the highest class clicked when that is
more, so removing points never drops a class from under the net; a net whose output width does
not match a new class is refused with the fix, as for any other data.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np

from linviz_gui.model.data.labelled import MAX_CLASSES, MAX_LABELLED_POINTS, LabelledData
from linviz_gui.model.linear.matrix import InputError

CLICKED_NAME = "clicked points"
#: Clicks further than this from the origin are refused: the regions are drawn over a few units.
MAX_COORDINATE = 1000.0


def clicked_data(points: np.ndarray, labels: np.ndarray, classes: int = 2) -> LabelledData:
    """Clicked points as labelled data with at least ``classes`` classes; ``key`` follows the
    content, so equal sets share it.

    Raises
    ------
    InputError
        Points and labels disagree in length, a coordinate is not finite or too far out, a
        class is outside 0 .. 7, or there are more than :data:`MAX_LABELLED_POINTS`.
    """
    points = np.ascontiguousarray(points, dtype=np.float32).reshape(-1, 2)
    labels = np.ascontiguousarray(labels, dtype=np.int64).reshape(-1)
    if len(points) != len(labels):
        raise InputError(f"{len(points)} clicked points but {len(labels)} labels")
    if len(points) > MAX_LABELLED_POINTS:
        raise InputError(
            f"at most {MAX_LABELLED_POINTS:,} clicked points; got {len(points):,}: remove some"
        )
    if len(points) and not np.isfinite(points).all():
        raise InputError("clicked points must have finite coordinates")
    if len(points) and float(np.abs(points).max()) > MAX_COORDINATE:
        far = float(np.abs(points).max())
        raise InputError(f"clicked points must lie within ±{MAX_COORDINATE:g}; got {far:g}")
    if len(labels) and not (int(labels.min()) >= 0 and int(labels.max()) < MAX_CLASSES):
        raise InputError(
            f"clicked classes must be 1 to {MAX_CLASSES}; got {int(labels.max()) + 1}"
            if int(labels.min()) >= 0
            else "clicked classes must be 1 or more"
        )
    classes = min(MAX_CLASSES, max(2, classes, int(labels.max()) + 1 if len(labels) else 2))
    digest = hashlib.sha1(points.tobytes() + labels.tobytes()).hexdigest()[:16]
    return LabelledData(
        points, labels, tuple(str(k) for k in range(classes)), CLICKED_NAME, ("clicked", digest)
    )


def check_click_class(k: object) -> int:
    """The class (0-based) of the next clicked points; refuses what no key or button gives."""
    if not isinstance(k, int) or isinstance(k, bool):
        raise InputError(f"the class of a clicked point must be a whole number; got {k!r}")
    if not 0 <= k < MAX_CLASSES:
        # Shown 1-based, as the keys and the class box count.
        raise InputError(f"the class of a clicked point must be 1 to {MAX_CLASSES}; got {k + 1}")
    return k


def with_point(data: LabelledData | None, x: float, y: float, k: int) -> LabelledData:
    """``data`` (or nothing) plus the point (x, y) of class ``k`` at the end."""
    check_click_class(k)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise InputError(f"a clicked point must have finite coordinates; got ({x}, {y})")
    if max(abs(x), abs(y)) > MAX_COORDINATE:
        raise InputError(
            f"a clicked point must lie within ±{MAX_COORDINATE:g}; got ({x:.4g}, {y:.4g})"
        )
    points = np.zeros((0, 2), np.float32) if data is None else data.points
    labels = np.zeros(0, np.int64) if data is None else data.labels
    return clicked_data(
        np.concatenate([points, np.array([[x, y]], np.float32)]),
        np.concatenate([labels, np.array([k], np.int64)]),
        0 if data is None else data.class_count,
    )


def without_nearest(data: LabelledData, x: float, y: float) -> tuple[LabelledData, int]:
    """``data`` without its point nearest to (x, y), and that point's index (-1: none left)."""
    if data.size == 0:
        return data, -1
    distances = np.hypot(data.points[:, 0] - x, data.points[:, 1] - y)
    index = int(np.argmin(distances))
    keep = np.ones(data.size, bool)
    keep[index] = False
    return clicked_data(data.points[keep], data.labels[keep], data.class_count), index
