"""Read a user's own labelled points from CSV: ``x,y,label`` per row, an optional header.

Everything is checked before anything is returned, so a file is loaded whole or not at all; each
refusal is an :class:`InputError` naming the row and what is wrong with it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from array import array
from pathlib import Path

import numpy as np

from linviz_gui.model.data.labelled import MAX_CLASSES, MIN_CLASSES, LabelledData
from linviz_gui.model.files.safe_read import MIB, read_bounded
from linviz_gui.model.linear.matrix import InputError, quoted

MAX_ROWS = 100_000
#: 100,000 rows of full-precision numbers take about 6 MiB.
MAX_FILE_BYTES = 16 * MIB
#: Coordinates beyond this are refused: the plot and float32 training would be meaningless.
MAX_COORDINATE = 1e6

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+(\.0*)?")
_LONG_LAST_CELL = re.compile(r",[^,\n]{13,}$", re.MULTILINE)
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def load_labelled_csv(path: str | Path) -> LabelledData:
    """Read ``path`` (see :func:`parse_labelled_csv`); unreadable files are an InputError too.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read, so ``/dev/zero``, a FIFO or
    a folder is refused at once (see :func:`~linviz_gui.model.files.safe_read.read_bounded`).
    """
    path = Path(path)
    return parse_labelled_csv_bytes(read_bounded(path, "CSV", MAX_FILE_BYTES), path.name)


def parse_labelled_csv_bytes(raw: bytes, source: str) -> LabelledData:
    """Decode ``raw`` (UTF-8, an optional BOM) and parse it (see :func:`parse_labelled_csv`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not a UTF-8 text file") from None
    return parse_labelled_csv(text, source)


def parse_labelled_csv(text: str, source: str = "CSV") -> LabelledData:
    """Parse ``x,y,label`` rows into :class:`LabelledData`.

    The first row is a header when none of its cells is a number. Blank rows are skipped.
    x and y must be finite numbers within ±1e6; the label a whole number. Between 2 and 8
    distinct labels are needed; they become classes ``0 .. K-1`` in increasing order, so with
    labels -1 and 1 (or 0 and 1) the larger is the +1 class.
    """
    points, labels = parse_points_csv(text, source, MAX_ROWS, labelled=True)
    assert labels is not None
    return labelled_from_values(points, labels, source, "csv")


def parse_points_csv(
    text: str, source: str, max_rows: int, *, labelled: bool | None
) -> tuple[np.ndarray, list[int] | None]:
    """Rows of ``x,y`` or ``x,y,label`` as points (N, 2) float64 and the labels (or None).

    ``labelled`` True needs 3 columns, False 2; None takes what the first data row has and
    holds every later row to it. The checks are :func:`parse_labelled_csv`'s.
    """
    fast = _parse_plain_rows(text, max_rows, labelled)
    return fast if fast is not None else parse_rows_one_by_one(text, source, max_rows, labelled)


def parse_rows_one_by_one(
    text: str, source: str, max_rows: int, labelled: bool | None
) -> tuple[np.ndarray, list[int] | None]:
    """:func:`parse_points_csv` row by row with the csv module: the rules themselves, and the
    message naming the row for a refused file."""
    xs: array[float] = array("d")
    ys: array[float] = array("d")
    labels: list[int] = []
    width = {True: 3, False: 2, None: 0}[labelled]
    reader = csv.reader(io.StringIO(text))
    first = True
    rows = 0
    try:
        for cells in reader:
            row = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if first:
                first = False
                if not any(_NUMBER.fullmatch(cell.strip()) for cell in cells):
                    continue  # a header such as "x,y,label"
            if not width and len(cells) in (2, 3):
                width = len(cells)  # the first data row says whether the file has labels
            if len(cells) != width:
                raise InputError(_columns_refusal(row, cells, width, labelled))
            if rows >= max_rows:
                raise InputError(f"too many rows: more than {max_rows:,} points (row {row})")
            rows += 1
            xs.append(_coordinate(cells[0], "x", row))
            ys.append(_coordinate(cells[1], "y", row))
            if width == 3:
                labels.append(_label(cells[2], row))
    except csv.Error as error:
        raise InputError(f"row {reader.line_num}: not valid CSV ({error})") from None
    if not rows:
        need = "x,y,label" if labelled else "x,y" if labelled is False else "x,y (and a label)"
        raise InputError(f"{source} has no data rows; write one {need} per row")
    points = np.stack([np.frombuffer(xs, np.float64), np.frombuffer(ys, np.float64)], axis=1)
    return points, labels if width == 3 else None


def _parse_plain_rows(
    text: str, max_rows: int, labelled: bool | None
) -> tuple[np.ndarray, list[int] | None] | None:
    """The common file (plain numbers, commas, no quotes) parsed by numpy's C reader, 20 times
    faster than row by row: 2,000,000 rows take a second or two, not most of a minute.

    It only ever accepts what the row-by-row parser accepts, with the same values (both round
    correctly); anything else, a refusal included, returns None and that parser reads the file
    again to name the row and the problem.
    """
    lines = text.lstrip("\r\n").split("\n", 1)
    first = lines[0]
    if not first.strip() or '"' in first:
        return None  # blank rows of spaces or quoted cells: the csv module's rules decide
    header = not any(_NUMBER.fullmatch(cell.strip()) for cell in first.split(","))
    body = (lines[1] if len(lines) > 1 else "") if header else text
    if not body.strip():
        return None
    width = len(body.lstrip().split("\n", 1)[0].split(","))
    if width not in (2, 3) or (labelled is not None and width != (3 if labelled else 2)):
        return None
    # A label of more than 12 characters is refused row by row, even 0000000000001.
    if width == 3 and _LONG_LAST_CELL.search(body):
        return None
    fields = [("x", np.float64), ("y", np.float64)] + ([("k", np.int64)] if width == 3 else [])
    try:
        rows = np.loadtxt(
            io.StringIO(body),
            np.dtype(fields),
            delimiter=",",
            comments=None,
            quotechar=None,
            ndmin=1,
        )
    except ValueError:
        return None
    if not 1 <= len(rows) <= max_rows:
        return None
    points = np.stack([rows["x"], rows["y"]], axis=1)
    if not (np.isfinite(points).all() and (np.abs(points) <= MAX_COORDINATE).all()):
        return None
    return points, rows["k"].tolist() if width == 3 else None


def _columns_refusal(row: int, cells: list[str], width: int, labelled: bool | None) -> str:
    count = len(cells)
    hint = ""
    if count == 1 and any(sep in cells[0] for sep in ";\t"):
        hint = "; separate the values with commas"
    if labelled is None and width:
        need = f"{width} as the first data row has"
    else:
        need = "3: x, y, label" if labelled else "2: x, y" if labelled is False else "2 or 3"
        if labelled is None:
            need = "2 (x, y) or 3 (x, y, label)"
    return f"row {row} has {count} column{'s' if count != 1 else ''}; each row needs {need}{hint}"


def labelled_from_values(
    points: np.ndarray, labels: list[int], source: str, tag: str
) -> LabelledData:
    """Checked points (N, 2) and whole-number labels as :class:`LabelledData`, keyed ``(tag, …)``.

    Between 2 and 8 distinct labels are needed; they become classes ``0 .. K-1`` in increasing
    order, and ``class_names`` keeps the labels themselves.
    """
    values = sorted(set(labels))
    if not MIN_CLASSES <= len(values) <= MAX_CLASSES:
        shown = ", ".join(str(v) for v in values[:10]) + (", …" if len(values) > 10 else "")
        raise InputError(
            f"labels must name between {MIN_CLASSES} and {MAX_CLASSES} classes; "
            f"{source} has {len(values)} ({shown})"
        )
    index = {value: k for k, value in enumerate(values)}
    stored = np.asarray(points, dtype=np.float64).astype(np.float32)
    classes = np.array([index[v] for v in labels], dtype=np.int64)
    digest = hashlib.sha1(stored.tobytes() + classes.tobytes()).hexdigest()
    return LabelledData(stored, classes, tuple(str(v) for v in values), source, (tag, digest))


def format_labelled_csv(points: np.ndarray, labels: list[int]) -> str:
    """Write points and integer labels as ``parse_labelled_csv`` reads them (with a header)."""
    lines = ["x,y,label"]
    lines += [
        f"{float(x)!r},{float(y)!r},{int(k)}" for (x, y), k in zip(points, labels, strict=True)
    ]
    return "\n".join(lines) + "\n"


def _shown(cell: str) -> str:
    return quoted(cell.strip())


def _coordinate(cell: str, what: str, row: int) -> float:
    text = cell.strip()
    if text.lower() in _NOT_FINITE:
        raise InputError(f"row {row}: {what} must be a finite number; got {_shown(cell)}")
    if not _NUMBER.fullmatch(text):
        raise InputError(f"row {row}: {what} is not a number; got {_shown(cell)}")
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_COORDINATE:
        raise InputError(
            f"row {row}: {what} must be between -{MAX_COORDINATE:g} and {MAX_COORDINATE:g}; "
            f"got {_shown(cell)}"
        )
    return value


def _label(cell: str, row: int) -> int:
    text = cell.strip()
    if not _INTEGER.fullmatch(text) or len(text) > 12:
        raise InputError(
            f"row {row}: label must be a whole number such as 0, 1 or -1; got {_shown(cell)}"
        )
    return int(float(text)) if "." in text else int(text)
