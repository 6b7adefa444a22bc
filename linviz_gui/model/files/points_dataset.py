"""The Explorer's points from a user's file: opened once, fingerprinted, kept for the worker.

:func:`open_points_dataset` reads a file (:func:`~.points_file.load_plain_points`, so with every
refusal of the readers) and returns the :class:`DatasetSpec` naming it; the points it read are
kept, so the worker that draws them (:func:`file_points`) does not read the file again. The
spec's ``digest`` fingerprints the points: a session naming a file that has changed since it
was saved is refused on opening (:func:`resolve_file_dataset`), not drawn with other points.

Colours: a file with labels colours each point by its class (the eye follows the classes
through W); one without, by its original x, as the grid and the circle are coloured.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from linviz_gui.model.data.point_sets import FILE_KIND, DatasetSpec
from linviz_gui.model.files.points_file import PlainPoints, load_plain_points
from linviz_gui.model.linear.matrix import InputError

#: Files whose points are kept in memory (a few: each may hold 2,000,000 points).
_KEPT = 3


@dataclass(frozen=True)
class FilePoints:
    """What a file dataset draws: X (N, 2) float32 and each point's colour value in [0, 1]."""

    points: np.ndarray
    color_values: np.ndarray


@dataclass(frozen=True)
class _Kept:
    stamp: tuple[int, int]  # the file's (size, mtime_ns) when it was read
    points: FilePoints


# Read by the GUI thread (opening) and the worker (drawing): one lock around the few entries.
_lock = threading.Lock()
_kept: dict[tuple[str, str], _Kept] = {}


def open_points_dataset(path: str | Path) -> DatasetSpec:
    """The dataset of the points in ``path`` (its absolute path, N its rows). Raises InputError
    naming the file and the problem."""
    source = Path(path).expanduser().absolute()
    spec, _ = _read(source)
    return spec


def resolve_file_dataset(spec: DatasetSpec, folder: Path | None = None) -> DatasetSpec:
    """``spec`` as a session names it, checked against its file now: a relative path is taken
    from ``folder`` (the session's), N is the file's; a file that is missing, unreadable or
    holds other points than the ``digest`` says is an InputError."""
    if not spec.from_file:
        return spec
    source = Path(spec.path).expanduser()
    if not source.is_absolute() and folder is not None:
        source = folder / source
    source = source.absolute()
    found = _kept_for(str(source), spec.digest)
    if found is not None:
        return DatasetSpec(FILE_KIND, len(found.points), path=str(source), digest=spec.digest)
    opened, _ = _read(source)
    if spec.digest and opened.digest != spec.digest:
        raise InputError(
            f"{source.name} has changed since the session was saved (other points now); "
            "open it again with File → Open points…"
        )
    return opened


def file_points(spec: DatasetSpec) -> FilePoints:
    """The points of the file dataset ``spec``: those read when it was opened, else the file's
    read again (refused when they are not the ones ``spec.digest`` names)."""
    found = _kept_for(spec.path, spec.digest)
    if found is not None:
        return found
    opened, points = _read(Path(spec.path))
    if spec.digest and opened.digest != spec.digest:
        raise InputError(f"{Path(spec.path).name} has changed since it was opened")
    return points


def points_digest(points: np.ndarray, labels: np.ndarray | None) -> str:
    """The fingerprint of what a file dataset draws: its float32 points and its labels."""
    digest = hashlib.sha1(np.ascontiguousarray(points, np.float32).tobytes())
    if labels is not None:
        digest.update(np.ascontiguousarray(labels, np.int64).tobytes())
    return digest.hexdigest()


def _read(source: Path) -> tuple[DatasetSpec, FilePoints]:
    plain = load_plain_points(source)
    digest = points_digest(plain.points, plain.labels)
    drawn = FilePoints(plain.points.astype(np.float32), _color_values(plain))
    spec = DatasetSpec(FILE_KIND, len(drawn.points), path=str(source), digest=digest)
    stamp = _stamp(source)
    if stamp is not None:
        with _lock:
            _kept.pop((spec.path, digest), None)
            while len(_kept) >= _KEPT:
                _kept.pop(next(iter(_kept)))
            _kept[(spec.path, digest)] = _Kept(stamp, drawn)
    return spec, drawn


def _kept_for(path: str, digest: str) -> FilePoints | None:
    """The points kept for ``(path, digest)`` if the file is still as it was when read."""
    if not digest:
        return None
    with _lock:
        kept = _kept.get((path, digest))
    if kept is None or _stamp(Path(path)) != kept.stamp:
        return None
    return kept.points


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _color_values(plain: PlainPoints) -> np.ndarray:
    """Labels: each class an even step of the colour map; no labels: the clipped original x."""
    if plain.labels is not None:
        classes, index = np.unique(plain.labels, return_inverse=True)
        if len(classes) == 1:
            return np.full(len(index), 0.5, np.float32)
        return (index / (len(classes) - 1)).astype(np.float32)
    x = plain.points[:, 0]
    low, high = float(x.min()), float(x.max())
    if high == low:
        return np.full(len(x), 0.5, np.float32)
    return ((x - low) / (high - low)).astype(np.float32)  # by the range, as the grid is coloured
