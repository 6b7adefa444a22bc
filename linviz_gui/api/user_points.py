"""A notebook's own points handed to the API: X (N, 2) for the Explorer, with labels y the
Classifier's data too. Checked whole in memory first (nothing is written for a refused X or y),
then written as one ``.npy`` the session names, as File → Open points… would open it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import numpy as np

    from linviz_gui.model.data.point_sets import DatasetSpec

#: Where the points file goes: a folder, or a function making one (called only to write).
PointsFolder = Path | Callable[[], Path]


@dataclass(frozen=True)
class UserPoints:
    """Checked points (N, 2) float64 and, when given, their whole-number labels."""

    points: np.ndarray
    labels: list[int] | None


def is_array_like(X: object) -> bool:
    """Whether ``X`` is points themselves rather than a kind's name or a DatasetSpec."""
    from linviz_gui.model.data.point_sets import DatasetSpec

    return X is not None and not isinstance(X, (str, DatasetSpec))


def user_points(X: object, y: object) -> UserPoints:
    """``X`` (N, 2) and ``y`` (N,) or None, checked as the points readers check a file."""
    from linviz_gui.model.data.point_sets import MAX_POINTS
    from linviz_gui.model.files.labelled_csv import MAX_ROWS, labelled_from_values
    from linviz_gui.model.files.points_file import check_labels, check_plain_points

    values = _array(X, "X")
    if values.ndim == 2 and values.shape[1] == 3 and y is None:
        raise InputError(
            f"X has shape {tuple(values.shape)}; the Explorer's points are (N, 2): "
            "give labels separately as y"
        )
    try:
        points = check_plain_points(values, "X", MAX_POINTS)
    except InputError as error:
        text = str(error)
        raise InputError(text if text.startswith("X") else f"X {text}") from None
    if y is None:
        return UserPoints(points, None)
    labels_in = _array(y, "y")
    if labels_in.ndim != 1 or len(labels_in) != len(points):
        raise InputError(
            f"y must have shape ({len(points)},), one label per row of X; "
            f"got {tuple(labels_in.shape)}"
        )
    if len(points) > MAX_ROWS:
        raise InputError(
            f"with y, X has at most {MAX_ROWS:,} points (the Classifier's); got {len(points):,}"
        )
    try:
        labels = check_labels(labels_in)
        labelled_from_values(points, labels, "y", "npy")  # 2 to 8 classes, as a file's
    except InputError as error:
        raise InputError(f"y: {error}") from None
    return UserPoints(points, labels)


def write_user_points(given: UserPoints, folder: PointsFolder) -> DatasetSpec:
    """Write ``given`` as ``points-<digest>.npy`` ((N, 2), or (N, 3) with the labels) in
    ``folder`` and open it as the Explorer's dataset (its path absolute)."""
    import numpy as np

    from linviz_gui.model.files.atomic_file import check_target, write_atomic
    from linviz_gui.model.files.points_dataset import open_points_dataset, points_digest

    labels = None if given.labels is None else np.array(given.labels, np.int64)
    array = given.points if labels is None else np.column_stack([given.points, labels])
    place = folder() if callable(folder) else folder
    # Named by content: a second show of other points never overwrites a file a session names.
    name = f"points-{points_digest(given.points, labels)[:12]}.npy"
    target = check_target(Path(place).expanduser().absolute() / name, (".npy",))
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    write_atomic(target, buffer.getvalue())
    return open_points_dataset(target)


def _array(value: object, name: str) -> np.ndarray:
    import numpy as np

    if hasattr(value, "detach"):  # a tensor, on any device
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"cannot read {name} as numbers ({error})") from None
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise InputError(f"{name} must hold real numbers; got {array.dtype}")
    return array
