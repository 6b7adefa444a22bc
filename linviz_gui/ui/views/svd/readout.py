"""The SVD view's readout: U, S, Vᵀ and V with their labels, the reconstruction check,
det/trace/rank/cond, the eigenvalues, the Gaussian's fractions and the covariance of Y."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from linviz_gui.model.linear.analysis import MatrixAnalysis, fmt
from linviz_gui.model.linear.gaussian_circles import CircleFractions

Rows = tuple[tuple[float, float], tuple[float, float]]

_MONO = "font-family: monospace;"


def matrix_html(rows: Rows) -> str:
    """A 2x2 matrix as a small right-aligned table in brackets, as the seed prints tensors."""
    cells = "".join(
        "<tr>" + "".join(f"<td align='right'>&nbsp;{fmt(v)}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<table style='{_MONO}' cellspacing='0' cellpadding='1'>{cells}</table>"


def factors_html(a: MatrixAnalysis) -> str:
    s1, s2 = a.S
    flip = " <b style='color:#d55e00'>(orientation flipped)</b>" if a.det < 0 else ""
    rows = [
        ("W", matrix_html(a.matrix.rows), f"det {fmt(a.det)}{flip}"),
        ("U", matrix_html(a.U), html.escape(a.u_label.text)),
        ("S", f"<span style='{_MONO}'>[{fmt(s1)}, {fmt(s2)}]</span>", "stretch along the axes"),
        ("Vᵀ", matrix_html(a.Vh), "V transposed (first step)"),
        ("V", matrix_html(a.V), html.escape(a.v_label.text)),
    ]
    body = "".join(
        f"<tr><td valign='middle'><b>{name}</b> =</td><td>{m}</td>"
        f"<td valign='middle'>&nbsp;{text}</td></tr>"
        for name, m, text in rows
    )
    check = (
        f"W ≈ U diag(S) Vᵀ: max error {a.reconstruction_error:.1e} "
        f"({'ok' if a.reconstruction_error < 1e-6 * max(1.0, s1) else 'large'})"
    )
    return (
        f"<table>{body}</table><div>{check}</div>"
        f"<div style='color:#555'>{html.escape(a.svd_note)}</div>"
    )


def properties_html(a: MatrixAnalysis) -> str:
    cond = fmt(a.condition, 3) if a.rank == 2 else "∞"
    invertible = "invertible" if a.invertible else "<b style='color:#d55e00'>singular</b>"
    lines = [
        f"det {fmt(a.det)} · trace {fmt(a.trace)} · rank {a.rank} · cond {cond} · {invertible}",
        html.escape(a.eigen_text),
        *(html.escape(n) for n in a.notes),
    ]
    for k, pair in enumerate(a.eigenpairs, 1):
        (x, xi), (y, yi) = pair.vector
        if pair.is_real:
            lines.append(f"λ{k} = {fmt(pair.real)}, v{k} = [{fmt(x)}, {fmt(y)}]")
        else:
            sign = "+" if pair.imag >= 0 else "−"
            lines.append(
                f"λ{k} = {fmt(pair.real)} {sign} {fmt(abs(pair.imag))}i, "
                f"v{k} = [{fmt(x)}{_imag(xi)}, {fmt(y)}{_imag(yi)}]"
            )
    return "<br>".join(lines)


def _imag(value: float) -> str:
    return f" {'+' if value >= 0 else '−'} {fmt(abs(value))}i"


def gaussian_html(fractions: CircleFractions, covariance: Rows, a: MatrixAnalysis) -> str:
    head = (
        "<tr><th>r</th><th>inside circle</th><th>expected</th>"
        "<th>|x| &lt; r per axis</th><th>expected</th></tr>"
    )
    body = "".join(
        f"<tr><td>{r:g}σ</td><td align='right'>{100 * obs:.1f}%</td>"
        f"<td align='right'>{100 * exp:.1f}%</td><td align='right'>{100 * axis:.1f}%</td>"
        f"<td align='right'>{100 * exp_axis:.1f}%</td></tr>"
        for r, obs, exp, axis, exp_axis in zip(
            fractions.radii,
            fractions.observed_radial,
            fractions.expected_radial,
            fractions.observed_per_axis,
            fractions.expected_per_axis,
            strict=True,
        )
    )
    (a_, b_), (c_, d_) = a.matrix.rows
    wwt = ((a_ * a_ + b_ * b_, a_ * c_ + b_ * d_), (a_ * c_ + b_ * d_, c_ * c_ + d_ * d_))
    return (
        f"<table cellspacing='4'>{head}{body}</table>"
        f"<div style='color:#555'>N = {fractions.count:,}. Radially 1 − exp(−r²/2); the "
        "68-95-99.7 rule is per axis. Each ellipse holds the same points as its circle.</div>"
        "<table cellspacing='4'><tr><th>sample cov(Y)</th><th>W Wᵀ</th></tr>"
        f"<tr><td>{matrix_html(covariance)}</td><td>{matrix_html(wwt)}</td></tr></table>"
        "<div style='color:#555'>For X = torch.randn(N, 2), cov(Y) → W Wᵀ as N grows.</div>"
    )


class SvdReadout(QWidget):
    """Three rich-text labels, refreshed from each analysis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.factors = self._label("factors")
        self.properties = self._label("properties")
        self.gaussian = self._label("gaussian")
        for label in (self.factors, self.properties, self.gaussian):
            layout.addWidget(label)
        layout.addStretch(1)

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"svd-{name}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_analysis(
        self, a: MatrixAnalysis, fractions: CircleFractions, covariance: Rows
    ) -> None:
        self.factors.setText(factors_html(a))
        self.properties.setText(properties_html(a))
        self.gaussian.setText(gaussian_html(fractions, covariance, a))
