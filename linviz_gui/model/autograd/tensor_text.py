"""The autograd view's input tensor x as text: read it (validated) and write tensors compactly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linviz_gui.model.linear.matrix import InputError, parse_number

#: Rows and columns of x are limited so every value still fits in a box of the graph.
MAX_SIDE = 6
MAX_TEXT = 500


@dataclass(frozen=True)
class TensorValue:
    """A 0-, 1- or 2-D float tensor as nested tuples (hashable, so it can travel in a Job)."""

    data: float | tuple[float, ...] | tuple[tuple[float, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        if isinstance(self.data, float):
            return ()
        if self.data and isinstance(self.data[0], tuple):
            return (len(self.data), len(self.data[0]))
        return (len(self.data),)

    def to_text(self) -> str:
        """Text that reads back to exactly these values (-0 and every digit kept): the x field
        shows it and the run re-reads it, so rounding here would change x itself."""
        return _exact_values(self.data)


def parse_tensor(text: str) -> TensorValue:
    """Read ``[[1, 2], [3, 4]]``, ``1, 2; 3, 4``, ``[1, 2, 3]`` or ``5`` into a TensorValue.

    At most 2 dimensions of at most :data:`MAX_SIDE` entries; entries as in W (plain decimal
    numbers between -1000 and 1000).
    """
    if len(text) > MAX_TEXT:
        raise InputError(f"x is too long ({len(text)} characters; limit {MAX_TEXT})")
    stripped = text.strip().replace("\u2212", "-")
    if not stripped:
        raise InputError("x is empty; type a tensor such as [[1, 2], [3, 4]]")
    if stripped.startswith("["):
        rows = _bracketed_rows(stripped)
        if rows is None:  # one level of brackets: a vector
            return TensorValue(_row_values(_cells(stripped[1:-1]), 0, two_d=False))
    elif ";" in stripped:
        rows = [_cells(row) for row in stripped.split(";")]
    else:
        cells = _cells(stripped)
        if len(cells) == 1:
            return TensorValue(parse_number(cells[0], "x"))
        return TensorValue(_row_values(cells, 0, two_d=False))
    if len(rows) > MAX_SIDE:
        raise InputError(f"x has {len(rows)} rows; the limit is {MAX_SIDE}")
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InputError(
                f"row {i + 1} of x has {len(row)} entries but row 1 has {width}; x must be "
                "rectangular"
            )
    return TensorValue(tuple(_row_values(row, i, two_d=True) for i, row in enumerate(rows)))


def _bracketed_rows(text: str) -> list[list[str]] | None:
    """The rows of ``[[..], [..]]``; None for a single level ``[..]``."""
    if not text.endswith("]"):
        raise InputError("x starts with '[' but does not end with ']'")
    inner = text[1:-1].strip()
    if "[" not in inner:
        if "]" in inner:
            raise InputError("x has unbalanced brackets")
        return None
    rows = re.findall(r"\[([^\[\]]*)\]", inner)
    leftover = re.sub(r"\[[^\[\]]*\]", "", inner).replace(",", "").strip()
    if leftover or not rows:
        raise InputError("x must be a list of rows such as [[1, 2], [3, 4]]")
    return [_cells(row) for row in rows]


def _cells(text: str) -> list[str]:
    cells = [c for c in re.split(r"[,\s]+", text.strip()) if c]
    if not cells:
        raise InputError("x has an empty row")
    if len(cells) > MAX_SIDE:
        raise InputError(f"a row of x has {len(cells)} entries; the limit is {MAX_SIDE}")
    return cells


def _row_values(cells: list[str], row: int, two_d: bool) -> tuple[float, ...]:
    names = [f"x[{row}, {j}]" if two_d else f"x[{j}]" for j in range(len(cells))]
    return tuple(parse_number(c, n) for c, n in zip(cells, names, strict=True))


def format_number(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text == "-0" else text


def format_values(values: Any) -> str:
    """``[[-1.5, 0], [1.5, 3]]``: nested lists of numbers with up to 4 significant digits."""
    if isinstance(values, (list, tuple)):
        return "[" + ", ".join(format_values(v) for v in values) + "]"
    if isinstance(values, bool):
        return str(values)
    return format_number(float(values))


def _exact_values(values: Any) -> str:
    if isinstance(values, (list, tuple)):
        return "[" + ", ".join(_exact_values(v) for v in values) + "]"
    text = repr(float(values))  # the shortest text that reads back to the same float
    return text[:-2] if text.endswith(".0") else text


def format_block(values: Any) -> str:
    """Like :func:`format_values`, but a matrix gets one aligned row per line."""
    if not (isinstance(values, (list, tuple)) and values and isinstance(values[0], (list, tuple))):
        return format_values(values)
    cells = [[format_values(v) for v in row] for row in values]
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    lines = []
    for i, row in enumerate(cells):
        body = ", ".join(c.rjust(w) for c, w in zip(row, widths, strict=True))
        opening = "[[" if i == 0 else " ["
        closing = "]]" if i == len(cells) - 1 else "],"
        lines.append(f"{opening}{body}{closing}")
    return "\n".join(lines)
