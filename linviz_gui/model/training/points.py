"""Labelled points a user places by hand (clicks), checked into :class:`LabelledData`.

Classes are the numbers ``0 .. K-1`` the user picks; a class nobody has clicked yet still
counts, so a net with K outputs can train on a few clicks before every class has a point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from linviz_gui.model.data.labelled import MAX_CLASSES, MIN_CLASSES, LabelledData
from linviz_gui.model.files.labelled_csv import MAX_COORDINATE, MAX_ROWS
from linviz_gui.model.linear.matrix import InputError


def clicked_data(
    points: Sequence[Sequence[float]] | np.ndarray,
    labels: Sequence[int] | np.ndarray,
    classes: int,
) -> LabelledData:
    """The clicked ``points`` (N, 2) with class ``labels`` (N,) out of ``classes``.

    Raises
    ------
    InputError
        Naming the first bad point or label, or the class count, when any is out of range.
    """
    if not isinstance(classes, int) or isinstance(classes, bool):
        raise InputError(f"K (classes) must be a whole number; got {classes!r}")
    if not MIN_CLASSES <= classes <= MAX_CLASSES:
        raise InputError(
            f"K (classes) must be between {MIN_CLASSES} and {MAX_CLASSES}; got {classes}"
        )
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2) if len(points) else np.zeros((0, 2))
    k = np.asarray(labels)
    if len(xy) != len(k):
        raise InputError(f"{len(xy)} points but {len(k)} labels; give one label per point")
    if len(xy) < 2:
        raise InputError(f"training needs at least 2 points; there are {len(xy)}: click more")
    if len(xy) > MAX_ROWS:
        raise InputError(f"at most {MAX_ROWS:,} points can be clicked; there are {len(xy):,}")
    bad = np.flatnonzero(~np.isfinite(xy).all(1) | (np.abs(xy) > MAX_COORDINATE).any(1))
    if len(bad):
        i = int(bad[0])
        raise InputError(
            f"point {i + 1} ({xy[i, 0]:g}, {xy[i, 1]:g}) must be finite and within "
            f"±{MAX_COORDINATE:g}"
        )
    if k.dtype.kind not in "iu":
        raise InputError(f"labels must be whole numbers; got {k.dtype} values")
    wrong = np.flatnonzero((k < 0) | (k >= classes))
    if len(wrong):
        i = int(wrong[0])
        raise InputError(f"point {i + 1} has class {int(k[i])}; classes are 0 to {classes - 1}")
    xy32 = xy.astype(np.float32)
    k64 = k.astype(np.int64)
    digest = hashlib.sha1(xy32.tobytes() + k64.tobytes()).hexdigest()
    names = tuple(str(c) for c in range(classes))
    return LabelledData(xy32, k64, names, f"{len(xy):,} clicked points", ("clicked", digest))
