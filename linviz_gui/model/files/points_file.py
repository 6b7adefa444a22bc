"""Read a user's own points from ``.csv``, ``.npy`` or ``.pt``, whole or not at all.

:func:`load_points_file` reads labelled points (the Classifier's and Training's data),
:func:`load_plain_points` points with or without labels (the Explorer's, up to 2,000,000).

* ``.csv`` / ``.txt``: ``x,y,label`` rows (see :mod:`~linviz_gui.model.files.labelled_csv`).
* ``.npy``: an (N, 3) numeric array of x, y, label; read with ``allow_pickle=False``.
* ``.pt`` / ``.pth``: an (N, 3) tensor, or a dict with ``X`` (N, 2) and ``y`` (N,); read with
  ``torch.load(..., weights_only=True)``, so a pickle that would run code is refused unrun.

Every file is read through :func:`~linviz_gui.model.files.safe_read.read_bounded` and checked as
the CSV reader checks it (at most :data:`MAX_ROWS` points, finite coordinates within ±1e6,
whole-number labels naming 2 to 8 classes). Each refusal is one :class:`InputError` line naming
the file and the problem. Another suffix is told apart by its first bytes.
"""

from __future__ import annotations

import io
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.data.point_sets import MAX_POINTS
from linviz_gui.model.files.labelled_csv import (
    MAX_COORDINATE,
    MAX_FILE_BYTES,
    MAX_ROWS,
    labelled_from_values,
    parse_labelled_csv_bytes,
    parse_points_csv,
)
from linviz_gui.model.files.safe_read import MIB, read_bounded
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

#: The suffixes the load buttons offer, for their file dialogs and tooltips.
POINTS_SUFFIXES = (".csv", ".txt", ".npy", ".pt", ".pth")
POINTS_FILTER = "Points (*.csv *.txt *.npy *.pt *.pth);;All files (*)"
POINTS_TOOLTIP = (
    "Your own labelled points: .csv (x,y,label per row, an optional header), "
    ".npy (an (N, 3) array: x, y, label) or .pt (an (N, 3) tensor, "
    "or a dict with X (N, 2) and y (N,))"
)
#: The key tag of points read from a file (``"csv"`` for CSV, as before): see :func:`is_from_file`.
FILE_TAGS = ("csv", "npy", "pt")
#: The Explorer's points: as many as it draws; 2,000,000 rows of x,y,label text take ~90 MiB.
MAX_PLAIN_ROWS = MAX_POINTS
MAX_PLAIN_FILE_BYTES = 160 * MIB
PLAIN_TOOLTIP = (
    "Your own points for the Explorer: .csv (x,y per row, or x,y,label: the labels colour "
    "the points), .npy (an (N, 2) or (N, 3) array) or .pt (such a tensor, or a dict with X "
    "and y); at most 2,000,000 points"
)
#: Labels are class names, not quantities: anything larger is surely a wrong column.
MAX_LABEL = 10**9

_NPY_MAGIC = b"\x93NUMPY"
# A zip archive (torch.save's format since 1.6) or a pickle (the legacy format).
_TORCH_MAGICS = (b"PK\x03\x04", b"\x80")


def _read_with_kind(path: Path, limit: int) -> tuple[str, bytes]:
    """The file's bytes (at most ``limit``) and its kind: by suffix, else by its first bytes."""
    kind = {".npy": "npy", ".pt": "pt", ".pth": "pt", ".csv": "csv", ".txt": "csv"}.get(
        path.suffix.lower()
    )
    raw = read_bounded(path, "points", limit)
    return (kind if kind is not None else _sniff(raw)), raw


def load_points_file(path: str | Path) -> LabelledData:
    """The labelled points in ``path``, by its suffix (or its first bytes for another suffix)."""
    path = Path(path)
    name = path.name
    kind, raw = _read_with_kind(path, MAX_FILE_BYTES)
    if kind == "csv":
        try:
            return parse_labelled_csv_bytes(raw, name)
        except InputError as error:
            message = str(error)
            raise InputError(message if name in message else f"{name}: {message}") from None
    try:
        if kind == "npy":
            points, labels = _columns(_read_npy(raw), "the array")
        else:
            points, labels = _read_pt(raw)
        return labelled_from_values(points, labels, name, kind)
    except InputError as error:
        raise InputError(f"{name}: {error}") from None


@dataclass(frozen=True)
class PlainPoints:
    """Points (N, 2) float64 read from a file, with their whole-number labels if it had any."""

    points: np.ndarray
    labels: np.ndarray | None  # (N,) int64, the file's own label values


def load_plain_points(path: str | Path) -> PlainPoints:
    """The points in ``path``: ``x,y`` or ``x,y,label`` rows, an (N, 2) or (N, 3) ``.npy``, an
    (N, 2) or (N, 3) tensor or a dict with ``X`` (and ``y``) in a ``.pt``; at most
    :data:`MAX_PLAIN_ROWS`. The refusals are :func:`load_points_file`'s, but any number of
    classes is fine (labels only colour the points)."""
    path = Path(path)
    name = path.name
    kind, raw = _read_with_kind(path, MAX_PLAIN_FILE_BYTES)
    try:
        if kind == "csv":
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError("not a UTF-8 text file") from None
            points, labels = parse_points_csv(text, name, MAX_PLAIN_ROWS, labelled=None)
            return PlainPoints(points, None if labels is None else np.array(labels, np.int64))
        if kind == "npy":
            array = _read_npy(raw, (2, 3), MAX_PLAIN_ROWS)
            return _plain_columns(array, "the array")
        return _read_plain_pt(raw)
    except InputError as error:
        message = str(error)
        raise InputError(message if message.startswith(name) else f"{name}: {message}") from None


def check_plain_points(values: np.ndarray, what: str, max_rows: int = MAX_ROWS) -> np.ndarray:
    """``values`` (N, 2), numeric, finite and within ±1e6, as float64; else one InputError
    line naming the shape or the first bad row (for arrays the API is handed)."""
    _check_shape(tuple(values.shape), what, (2,), max_rows)
    checked = _numeric(values, what).astype(np.float64)
    _check_points(checked)
    return checked


def check_labels(labels: np.ndarray) -> list[int]:
    """Whole-number labels within ±MAX_LABEL as ints; else one InputError naming the first."""
    return _labels(labels)


def is_from_file(data: LabelledData) -> bool:
    """Whether ``data`` was read from a user's file (not generated or clicked)."""
    return isinstance(data.key, tuple) and data.key[:1] in tuple((tag,) for tag in FILE_TAGS)


def source_text(data: LabelledData) -> str:
    """How the kind boxes list points read from a file: ``"CSV: mine.csv"``, ``"NumPy: …"``."""
    tag = data.key[0] if isinstance(data.key, tuple) and data.key else ""
    kind = {"csv": "CSV", "npy": "NumPy", "pt": "PyTorch"}.get(str(tag), "File")
    return f"{kind}: {data.name}"


def _sniff(raw: bytes) -> str:
    if raw.startswith(_NPY_MAGIC):
        return "npy"
    if raw.startswith(_TORCH_MAGICS):
        return "pt"
    return "csv"


def _read_npy(raw: bytes, columns: tuple[int, ...] = (3,), max_rows: int = MAX_ROWS) -> np.ndarray:
    """The array in ``raw``, its header checked before numpy allocates anything for it."""
    if not raw.startswith(_NPY_MAGIC):
        raise InputError("not a NumPy .npy file (it does not start with the .npy signature)")
    stream = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(stream)
        header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, _fortran, dtype = header(stream)
    except Exception as error:  # a damaged header raises ValueError, TokenError, SyntaxError, …
        raise InputError(f"not a readable .npy file ({error})") from None
    if dtype.hasobject:
        raise InputError("the array holds Python objects, which are never unpickled; save numbers")
    _check_shape(tuple(shape), "the array", columns, max_rows)
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - stream.tell() < expected:
        raise InputError(
            f"the file is truncated: its header promises {expected:,} bytes of data "
            f"and it has {len(raw) - stream.tell():,}"
        )
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except Exception as error:  # the header was read above, so this is the data's fault
        raise InputError(f"not a readable .npy file ({error})") from None
    return _numeric(np.asarray(array), "the array")


def _read_pt(raw: bytes) -> tuple[np.ndarray, list[int]]:
    import torch

    try:
        loaded = torch.load(io.BytesIO(raw), weights_only=True, map_location="cpu")
    except Exception as error:  # torch raises many kinds: UnpicklingError, RuntimeError, …
        raise InputError(_torch_refusal(error)) from None
    if isinstance(loaded, torch.Tensor):
        return _columns(_tensor(loaded, "the tensor"), "the tensor")
    if isinstance(loaded, dict) and "X" in loaded and "y" in loaded:
        points_in, labels_in = loaded["X"], loaded["y"]
        if not isinstance(points_in, torch.Tensor) or not isinstance(labels_in, torch.Tensor):
            raise InputError("X and y must both be tensors")
        points = _tensor(points_in, "X")
        labels = _tensor(labels_in, "y")
        _check_shape(points.shape, "X", 2)
        if labels.ndim != 1 or len(labels) != len(points):
            raise InputError(
                f"y must have shape ({len(points)},), one label per row of X; "
                f"got {_shape_text(labels.shape)}"
            )
        _check_points(points.astype(np.float64))
        return points.astype(np.float64), _labels(labels)
    if isinstance(loaded, dict):
        keys = ", ".join(repr(k) for k in list(loaded)[:6]) or "none"
        raise InputError(f"a dict needs keys 'X' (N, 2) and 'y' (N,); this one has {keys}")
    raise InputError(
        f"holds a {type(loaded).__name__}; save an (N, 3) tensor or a dict with X and y"
    )


def _read_plain_pt(raw: bytes) -> PlainPoints:
    import torch

    try:
        loaded = torch.load(io.BytesIO(raw), weights_only=True, map_location="cpu")
    except Exception as error:  # torch raises many kinds: UnpicklingError, RuntimeError, …
        raise InputError(_torch_refusal(error)) from None
    if isinstance(loaded, dict) and "X" in loaded and "y" not in loaded:
        loaded = loaded["X"]
        if not isinstance(loaded, torch.Tensor):
            raise InputError("X must be a tensor")
    if isinstance(loaded, torch.Tensor):
        array = _tensor(loaded, "the tensor")
        _check_shape(array.shape, "the tensor", (2, 3), MAX_PLAIN_ROWS)
        return _plain_columns(array, "the tensor")
    if isinstance(loaded, dict) and "X" in loaded:  # with y: the labelled reader's checks
        tensor = loaded["X"]
        if isinstance(tensor, torch.Tensor):
            _check_shape(tuple(tensor.shape), "X", (2,), MAX_PLAIN_ROWS)
    points, labels = _read_pt(raw)
    return PlainPoints(points, np.array(labels, np.int64))


def _plain_columns(array: np.ndarray, what: str) -> PlainPoints:
    """A checked (N, 2) or (N, 3) array as points and (for 3 columns) labels."""
    values = _numeric(array, what).astype(np.float64)
    _check_points(values[:, :2])
    labels = None if values.shape[1] == 2 else np.array(_labels(values[:, 2]), np.int64)
    return PlainPoints(np.ascontiguousarray(values[:, :2]), labels)


def _torch_refusal(error: Exception) -> str:
    """Why torch.load refused, in one line (torch's own text advises weights_only=False)."""
    text = str(error)
    if isinstance(error, pickle.UnpicklingError) and "Weights only" in text:
        found = re.search(r"GLOBAL (\S+)", text)
        what = f"Python objects ({found.group(1)})" if found else "pickle code"
        return (
            f"it holds {what} that loading would run, so it was refused unrun; "
            "save plain tensors: an (N, 3) tensor or a dict with X and y"
        )
    if isinstance(error, EOFError) or "central directory" in text or "zip archive" in text:
        return "the file is truncated or not one torch.save wrote"
    return "not a file torch.save wrote (torch.load(weights_only=True) could not read it)"


def _tensor(tensor: torch.Tensor, what: str) -> np.ndarray:
    import torch

    if tensor.is_complex() or tensor.layout != torch.strided:
        raise InputError(f"{what} must be a plain real tensor; got {tensor.dtype}, {tensor.layout}")
    if not tensor.dtype.is_floating_point and tensor.dtype != torch.bool:
        return tensor.detach().cpu().to(torch.int64).numpy()
    return tensor.detach().cpu().to(torch.float64).numpy()


def _numeric(array: np.ndarray, what: str) -> np.ndarray:
    if array.dtype.kind not in "biuf":
        raise InputError(f"{what} must hold numbers; its dtype is {array.dtype}")
    return array


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _check_shape(
    shape: tuple[int, ...], what: str, columns: int | tuple[int, ...], max_rows: int = MAX_ROWS
) -> None:
    """Refuse anything but (N, c) for a c in ``columns``, 1 ≤ N ≤ ``max_rows``, naming the shape."""
    allowed = (columns,) if isinstance(columns, int) else columns
    need = " or ".join(f"(N, {c})" for c in allowed)
    names = " or ".join({2: "x, y", 3: "x, y, label"}[c] for c in allowed)
    if len(shape) != 2:
        raise InputError(f"{what} has shape {_shape_text(shape)}; it must be 2-D, {need}: {names}")
    rows, width = shape
    if width == 2 and allowed == (3,):
        raise InputError(
            f"{what} has shape {_shape_text(shape)}: points without labels; "
            "add a third column with each point's class (or save a dict with X and y)"
        )
    if width not in allowed:
        raise InputError(f"{what} has shape {_shape_text(shape)}; it must be {need}: {names}")
    if rows == 0:
        raise InputError(f"{what} has no rows; it needs at least one point")
    if rows > max_rows:
        raise InputError(f"too many rows: {rows:,} points (at most {max_rows:,})")


def _columns(array: np.ndarray, what: str) -> tuple[np.ndarray, list[int]]:
    """Split a checked (N, 3) array into points (N, 2) float64 and whole-number labels."""
    _check_shape(array.shape, what, 3)
    values = _numeric(array, what).astype(np.float64)
    _check_points(values[:, :2])
    return values[:, :2], _labels(values[:, 2])


def _check_points(points: np.ndarray) -> None:
    finite = np.isfinite(points)
    if not finite.all():
        row, column = np.argwhere(~finite)[0]
        raise InputError(
            f"row {row + 1}: {'xy'[column]} must be a finite number; got {points[row, column]}"
        )
    large = np.abs(points) > MAX_COORDINATE
    if large.any():
        row, column = np.argwhere(large)[0]
        raise InputError(
            f"row {row + 1}: {'xy'[column]} must be between -{MAX_COORDINATE:g} and "
            f"{MAX_COORDINATE:g}; got {points[row, column]:g}"
        )


def _labels(labels: np.ndarray) -> list[int]:
    """Whole numbers within ±MAX_LABEL, as Python ints; the first bad one is named."""
    values = _numeric(labels, "the labels").astype(np.float64)
    bad = ~np.isfinite(values) | (values != np.round(values)) | (np.abs(values) > MAX_LABEL)
    if bad.any():
        row = int(np.argmax(bad))
        raise InputError(
            f"row {row + 1}: label must be a whole number between -{MAX_LABEL:,} and "
            f"{MAX_LABEL:,} such as 0, 1 or -1; got {values[row]:g}"
        )
    return [int(v) for v in values]
