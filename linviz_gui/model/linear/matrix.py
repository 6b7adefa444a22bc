"""The 2x2 weight matrix W, its text form, and the presets a student starts from."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: Entries beyond this are refused: they only make the picture a single dot or a single line.
MAX_ENTRY = 1000.0

#: The seed notebook's ``torch.randn(2, 2)`` example.
SEED_EXAMPLE = ((0.3439, 0.9503), (-0.2960, 0.1503))


class InputError(ValueError):
    """A user's input that cannot be used; the message is meant to be shown as it is."""


@dataclass(frozen=True)
class Matrix2:
    """W = [[a, b], [c, d]], acting on column vectors: y = W x, or Y = X @ W.T for row points."""

    a: float
    b: float
    c: float
    d: float

    def __post_init__(self) -> None:
        for name in "abcd":
            check_entry(getattr(self, name), f"W entry {name}")

    @classmethod
    def identity(cls) -> Matrix2:
        return cls(1.0, 0.0, 0.0, 1.0)

    @classmethod
    def from_rows(cls, rows: tuple[tuple[float, float], tuple[float, float]]) -> Matrix2:
        (a, b), (c, d) = rows
        return cls(float(a), float(b), float(c), float(d))

    @property
    def rows(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return ((self.a, self.b), (self.c, self.d))

    @property
    def entries(self) -> tuple[float, float, float, float]:
        return (self.a, self.b, self.c, self.d)

    @property
    def det(self) -> float:
        return self.a * self.d - self.b * self.c

    def column(self, j: int) -> tuple[float, float]:
        """The image of basis vector e_{j+1}: column j of W."""
        return (self.a, self.c) if j == 0 else (self.b, self.d)

    def with_column(self, j: int, xy: tuple[float, float]) -> Matrix2:
        x, y = xy
        if j == 0:
            return Matrix2(x, self.b, y, self.d)
        return Matrix2(self.a, x, self.c, y)

    def with_entry(self, index: int, value: float) -> Matrix2:
        values = list(self.entries)
        values[index] = value
        return Matrix2(*values)

    def apply(self, xy: tuple[float, float]) -> tuple[float, float]:
        x, y = xy
        return (self.a * x + self.b * y, self.c * x + self.d * y)

    def to_text(self) -> str:
        """The ``"a,b;c,d"`` form that :func:`parse_matrix` reads back exactly."""
        return f"{self.a!r},{self.b!r};{self.c!r},{self.d!r}"


def check_entry(value: float, what: str = "value") -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise InputError(f"{what} must be a number; got {value!r}")
    if math.isnan(value):
        raise InputError(f"{what} must be a number; got NaN")
    if math.isinf(value):
        raise InputError(f"{what} must be finite; got {value}")
    if abs(value) > MAX_ENTRY:
        raise InputError(f"{what} must be between -{MAX_ENTRY:g} and {MAX_ENTRY:g}; got {value:g}")
    return float(value)


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def quoted(text: str, limit: int = 20) -> str:
    """``text`` as an error message shows it: its repr, cut after ``limit`` characters (and its
    escapes kept short too: one astral character is ten of them)."""
    shown = repr(text if len(text) <= limit else text[:limit] + "…")
    return shown if len(shown) <= 3 * limit else shown[: 3 * limit] + "…"


def parse_number(text: str, what: str = "value") -> float:
    """Read one matrix entry typed by a user; only plain decimal numbers are accepted."""
    stripped = text.strip().replace("\u2212", "-")
    if not stripped:
        raise InputError(f"{what} is empty; type a number such as 0.5")
    if len(stripped) > 64 or not _NUMBER.fullmatch(stripped):
        raise InputError(f"{what} must be a number such as 0.5 or -1e-2; got {quoted(stripped)}")
    value = float(stripped)
    if math.isinf(value):  # "1e999" overflows: say what was typed, not "inf"
        raise InputError(f"{what} must be finite; got {quoted(stripped)}")
    return check_entry(value, what)


def parse_matrix(text: str) -> Matrix2:
    """Read ``"a,b;c,d"`` (rows separated by ``;``, entries by ``,`` or spaces) into W.

    Brackets are allowed and ignored, so ``[[1, 0], [0, 1]]`` also reads.
    """
    if len(text) > 1000:
        raise InputError("matrix text is too long; write it as a,b;c,d")
    cleaned = text.replace("[", " ").replace("]", " ").strip()
    # Without ';' ("[[1, 0], [0, 1]]" leaves "1, 0 ,  0, 1"), read four numbers in order.
    rows = cleaned.split(";") if ";" in cleaned else []
    if rows:
        if len(rows) != 2:
            raise InputError(f"W must have 2 rows separated by ';'; got {len(rows)}")
        cells = [[c for c in re.split(r"[,\s]+", r.strip()) if c] for r in rows]
        for i, row in enumerate(cells):
            if len(row) != 2:
                raise InputError(f"row {i + 1} of W must have 2 entries; got {len(row)}")
        flat = [c for row in cells for c in row]
    else:
        flat = [c for c in re.split(r"[,\s]+", cleaned) if c]
        if len(flat) != 4:
            raise InputError('W must be 2x2, written "a,b;c,d"; got ' + quoted(text, 40))
    names = ("W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]")
    return Matrix2(*(parse_number(c, n) for c, n in zip(flat, names, strict=True)))


# Presets ---------------------------------------------------------------------------------------


def rotation(degrees: float) -> Matrix2:
    t = math.radians(degrees)
    return Matrix2(math.cos(t), -math.sin(t), math.sin(t), math.cos(t))


def scaling(sx: float, sy: float) -> Matrix2:
    return Matrix2(sx, 0.0, 0.0, sy)


def shear(k: float) -> Matrix2:
    """Horizontal shear: x' = x + k y."""
    return Matrix2(1.0, k, 0.0, 1.0)


def reflection(axis_degrees: float) -> Matrix2:
    """Reflection across the line through the origin at ``axis_degrees``."""
    t = math.radians(2 * axis_degrees)
    return Matrix2(math.cos(t), math.sin(t), math.sin(t), -math.cos(t))


def projection(axis_degrees: float) -> Matrix2:
    """Orthogonal projection onto the line at ``axis_degrees`` (singular: det = 0)."""
    t = math.radians(axis_degrees)
    c, s = math.cos(t), math.sin(t)
    return Matrix2(c * c, c * s, c * s, s * s)


def random_matrix(seed: int) -> Matrix2:
    """``torch.manual_seed(seed); torch.randn(2, 2)``, exactly as the course draws W."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    (a, b), (c, d) = torch.randn(2, 2, generator=generator).tolist()
    return Matrix2(a, b, c, d)


def seed_example() -> Matrix2:
    return Matrix2.from_rows(SEED_EXAMPLE)
