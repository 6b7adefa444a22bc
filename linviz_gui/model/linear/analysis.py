"""What W is made of: det, trace, rank, condition number, its SVD and its eigenvectors.

Everything is computed with torch (``torch.linalg.svd``, ``torch.linalg.eig``, imported lazily),
in float64 where the device has it. The factors are shown as torch returns them, so for the seed's
example matrix they carry the seed's signs; any simultaneous sign flip of uᵢ and vᵢ is an equally
valid SVD. When s₁ = s₂ the SVD is not unique at all (any rotation pair works); linviz then shows
the simplest one, V = I and U = W / s₁, and says so.

U and V are labelled by their determinant, not by their position in the product: det +1 is a
rotation (with its angle), det -1 a reflection (with the angle of its mirror line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from linviz_gui.model.linear.matrix import Matrix2

Rows = tuple[tuple[float, float], tuple[float, float]]

#: relative gap under which s₁ and s₂ count as equal (the SVD is then not unique)
REPEATED_TOLERANCE = 1e-9


@dataclass(frozen=True)
class OrthogonalLabel:
    """What an orthogonal 2x2 factor does: a rotation by ``angle`` or a reflection whose mirror
    line makes ``angle`` degrees with the x axis."""

    kind: Literal["rotation", "reflection"]
    angle: float
    det: float

    @property
    def text(self) -> str:
        if self.kind == "rotation":
            if abs(self.angle) < 5e-5:
                return "rotation by 0° (the identity), det +1"
            return f"rotation by {fmt(self.angle, 1)}°, det +1"
        return f"reflection across the line at {fmt(self.angle, 1)}°, det −1"


@dataclass(frozen=True)
class Eigenpair:
    """One eigenvalue λ = real + imag·i and its eigenvector (complex entries as (re, im))."""

    real: float
    imag: float
    vector: tuple[tuple[float, float], tuple[float, float]]

    @property
    def is_real(self) -> bool:
        return self.imag == 0.0

    @property
    def real_vector(self) -> tuple[float, float]:
        return (self.vector[0][0], self.vector[1][0])


@dataclass(frozen=True)
class MatrixAnalysis:
    """The analysis of one W; build it with :func:`analyze`."""

    matrix: Matrix2
    det: float
    trace: float
    rank: int
    condition: float  # s₁ / s₂, inf when W is singular
    U: Rows
    S: tuple[float, float]
    Vh: Rows
    reconstruction_error: float  # max |W - U diag(S) Vh|
    u_label: OrthogonalLabel
    v_label: OrthogonalLabel
    svd_note: str
    eigenpairs: tuple[Eigenpair, Eigenpair]
    eigen_text: str
    device: str = "cpu"
    notes: tuple[str, ...] = field(default=())

    @property
    def V(self) -> Rows:
        (a, b), (c, d) = self.Vh
        return ((a, c), (b, d))

    @property
    def invertible(self) -> bool:
        return self.rank == 2

    @property
    def repeated_singular_values(self) -> bool:
        s1, s2 = self.S
        return s1 - s2 <= REPEATED_TOLERANCE * s1

    @property
    def real_eigenvectors(self) -> list[tuple[float, tuple[float, float]]]:
        """(λ, unit v) for each real eigenvalue, without repeating a direction."""
        found: list[tuple[float, tuple[float, float]]] = []
        for pair in self.eigenpairs:
            if not pair.is_real:
                continue
            v = pair.real_vector
            if any(abs(v[0] * u[1] - v[1] * u[0]) < 1e-9 for _, u in found):
                continue
            found.append((pair.real, v))
        return found

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; the condition number is ``None`` when W is singular."""
        return {
            "matrix": [list(r) for r in self.matrix.rows],
            "det": self.det,
            "trace": self.trace,
            "rank": self.rank,
            "condition": self.condition if math.isfinite(self.condition) else None,
            "invertible": self.invertible,
            "svd": {
                "U": [list(r) for r in self.U],
                "S": list(self.S),
                "Vh": [list(r) for r in self.Vh],
                "V": [list(r) for r in self.V],
                "reconstruction_error": self.reconstruction_error,
                "U_label": _label_dict(self.u_label),
                "V_label": _label_dict(self.v_label),
                "note": self.svd_note,
            },
            "eigenvalues": [{"real": p.real, "imag": p.imag} for p in self.eigenpairs],
            "eigenvectors": [
                [{"real": re, "imag": im} for re, im in p.vector] for p in self.eigenpairs
            ],
            "eigen_description": self.eigen_text,
            "device": self.device,
        }


def _label_dict(label: OrthogonalLabel) -> dict[str, Any]:
    return {"kind": label.kind, "angle_degrees": label.angle, "det": label.det, "text": label.text}


def fmt(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` decimals, never "-0.0000", "nan" shown as "undefined"."""
    if math.isnan(value):
        return "undefined"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def orthogonal_label(q: Rows) -> OrthogonalLabel:
    """Label an orthogonal 2x2 matrix by its determinant: rotation (+1) or reflection (-1)."""
    (a, b), (c, d) = q
    det = a * d - b * c
    if det >= 0:
        return OrthogonalLabel("rotation", _clean_angle(math.degrees(math.atan2(c, a)), 180), 1.0)
    # A reflection [[cos 2φ, sin 2φ], [sin 2φ, -cos 2φ]] mirrors across the line at angle φ.
    axis = math.degrees(math.atan2(c, a)) / 2
    return OrthogonalLabel("reflection", _clean_angle(axis, 90), -1.0)


def _clean_angle(angle: float, half_turn: float) -> float:
    """``angle`` folded into (-half_turn, half_turn], with -0.0 made 0.0."""
    period = 2 * half_turn
    folded = (angle + half_turn) % period - half_turn
    if folded <= -half_turn + 1e-9:
        folded += period
    return folded + 0.0


def analyze(w: Matrix2, device: str = "cpu") -> MatrixAnalysis:
    """Analyse W with torch on ``device`` (float64, or float32 where the device lacks it)."""
    import torch

    dev = torch.device(device)
    dtype = torch.float32 if dev.type == "mps" else torch.float64
    eps = torch.finfo(dtype).eps
    weight = torch.tensor(w.rows, dtype=dtype, device=dev)
    u, s, vh = torch.linalg.svd(weight)
    s1, s2 = (float(x) for x in s.cpu())
    rank = sum(1 for x in (s1, s2) if x > max(s1, 0.0) * 2 * eps)
    notes: list[str] = []
    if s1 == 0.0:
        svd_note = "W is the zero matrix: S = [0, 0], and any U and V will do; showing U = V = I."
        u = torch.eye(2, dtype=dtype, device=dev)
        vh = torch.eye(2, dtype=dtype, device=dev)
    elif s1 - s2 <= REPEATED_TOLERANCE * s1:
        svd_note = (
            "s₁ = s₂: W is a scaled rotation or reflection and the SVD is not unique; "
            "showing the simplest choice, V = I and U = W / s₁."
        )
        vh = torch.eye(2, dtype=dtype, device=dev)
        u = weight / ((s1 + s2) / 2)
    elif rank < 2:
        svd_note = (
            "s₂ = 0: W squashes the plane onto a line (a projection-like map); "
            "u₂ and v₂ only complete the bases."
        )
    else:
        svd_note = "Signs as torch.linalg.svd returns them; flipping both uᵢ and vᵢ is also valid."
    reconstruction = u @ torch.diag(s) @ vh
    error = float((reconstruction - weight).abs().max().cpu())
    u_rows = _rows(u)
    vh_rows = _rows(vh)
    (va, vb), (vc, vd) = vh_rows
    det = float(torch.linalg.det(weight).cpu()) + 0.0
    trace = float(torch.trace(weight).cpu()) + 0.0
    condition = s1 / s2 if rank == 2 else math.inf
    if rank == 2 and condition > 1e8:
        notes.append("W is nearly singular: its condition number is huge.")
    eigenpairs = _eigenpairs(weight)
    return MatrixAnalysis(
        matrix=w,
        det=det,
        trace=trace,
        rank=rank,
        condition=condition,
        U=u_rows,
        S=(s1 + 0.0, s2 + 0.0),
        Vh=vh_rows,
        reconstruction_error=error,
        u_label=orthogonal_label(u_rows),
        v_label=orthogonal_label(((va, vc), (vb, vd))),
        svd_note=svd_note,
        eigenpairs=eigenpairs,
        eigen_text=describe_eigen(eigenpairs, w),
        device=str(dev),
        notes=tuple(notes),
    )


def _rows(t: Any) -> Rows:
    (a, b), (c, d) = t.cpu().tolist()
    return ((a + 0.0, b + 0.0), (c + 0.0, d + 0.0))


def _eigenpairs(weight: Any) -> tuple[Eigenpair, Eigenpair]:
    import torch

    values, vectors = torch.linalg.eig(weight.cpu())  # eig is CPU-only on some devices
    scale = max(1.0, float(weight.abs().max()))
    pairs: list[Eigenpair] = []
    for k in range(2):
        value = complex(values[k])
        column = [complex(x) for x in vectors[:, k]]
        if abs(value.imag) <= 1e-12 * scale:
            value = complex(value.real if abs(value.real) > 1e-12 * scale else 0.0, 0.0)
            real = [z.real for z in column]
            norm = math.hypot(*real) or 1.0
            real = [x / norm for x in real]
            # A fixed sign (largest entry positive) so the same W always draws the same arrow.
            if real[max(range(2), key=lambda i: abs(real[i]))] < 0:
                real = [-x for x in real]
            column = [complex(x, 0.0) for x in real]
        vec = (
            (column[0].real + 0.0, column[0].imag + 0.0),
            (column[1].real + 0.0, column[1].imag + 0.0),
        )
        pairs.append(Eigenpair(value.real + 0.0, value.imag + 0.0, vec))
    return (pairs[0], pairs[1])


def describe_eigen(pairs: tuple[Eigenpair, Eigenpair], w: Matrix2) -> str:
    """One or two sentences a student can read about W's eigenvalues."""
    first, second = pairs
    if not first.is_real:
        r = math.hypot(first.real, first.imag)
        theta = math.degrees(math.atan2(abs(first.imag), first.real))
        return (
            f"λ = {fmt(first.real)} ± {fmt(abs(first.imag))}i: no real eigenvector. "
            f"In the basis (Re v, Im v) W rotates by {fmt(theta, 1)}° and scales by {fmt(r)}."
        )
    a, b, c, d = w.entries
    if a == b == c == d == 0.0:
        return "λ = 0 twice: W is the zero matrix and sends every point to the origin."
    if b == 0.0 and c == 0.0 and a == d:
        return f"λ = {fmt(a)} twice: W = {fmt(a)}·I, every direction is an eigen-direction."
    text = f"λ₁ = {fmt(first.real)}, λ₂ = {fmt(second.real)}"
    v1, v2 = first.real_vector, second.real_vector
    if abs(v1[0] * v2[1] - v1[1] * v2[0]) < 1e-8:
        return (
            text + ": only one eigen-direction (W is defective, like a shear); "
            "points on that line are scaled by λ, the rest are slid along it."
        )
    notes = []
    for name, pair in (("λ₁", first), ("λ₂", second)):
        if pair.real == 0.0:
            notes.append(f"{name} = 0: its line is squashed to the origin")
        elif pair.real < 0:
            notes.append(f"{name} < 0: its line is flipped")
    return (
        text
        + ": points on each eigenline stay on it, scaled by λ"
        + ("; " + "; ".join(notes) if notes else "")
        + "."
    )
