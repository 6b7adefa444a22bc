"""``linviz analyze``: the analysis of W (det, trace, rank, SVD, eigenvalues) with no display."""

from __future__ import annotations

import argparse
import json
import sys

from linviz_gui.model.linear.analysis import MatrixAnalysis, fmt

HELP = "print det, trace, rank, condition number, SVD and eigenvalues of W (no display needed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from linviz_gui.cli import matrix_argument

    parser.add_argument(
        "--matrix",
        type=matrix_argument,
        required=True,
        metavar='"a,b;c,d"',
        help="the W to analyse",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")


def run(args: argparse.Namespace) -> int:
    from linviz_gui.model.linear.analysis import analyze

    analysis = analyze(args.matrix)
    if args.json:
        print(json.dumps(analysis.to_dict(), indent=2, allow_nan=False))
    else:
        print(report(analysis))
    sys.stdout.flush()
    return 0


def _matrix_lines(name: str, rows: tuple[tuple[float, float], ...]) -> list[str]:
    cells = [[fmt(v) for v in row] for row in rows]
    width = max(len(c) for row in cells for c in row)
    pad = " " * len(name)
    first, second = ("  ".join(c.rjust(width) for c in row) for row in cells)
    return [f"{name} = [[{first}],", f"{pad}    [{second}]]"]


def report(a: MatrixAnalysis) -> str:
    """The analysis as the text a student reads in a terminal."""
    s1, s2 = a.S
    lines = _matrix_lines("W", a.matrix.rows)
    lines += [
        "",
        f"det(W)    = {fmt(a.det)}"
        + ("  (negative: W flips orientation)" if a.det < 0 and a.rank == 2 else ""),
        f"trace(W)  = {fmt(a.trace)}",
        f"rank(W)   = {a.rank}",
        f"cond(W)   = {fmt(a.condition, 4) if a.rank == 2 else '∞ (W is singular)'}",
        f"invertible: {'yes' if a.invertible else 'no'}",
        "",
        "SVD  W = U diag(S) Vᵀ   (torch.linalg.svd)",
    ]
    lines += [*_matrix_lines("U ", a.U), f"     U: {a.u_label.text}"]
    lines += [f"S  = [{fmt(s1)}, {fmt(s2)}]"]
    lines += _matrix_lines("Vh", a.Vh)
    lines += [*_matrix_lines("V ", a.V), f"     V: {a.v_label.text}"]
    lines += [f"max |W − U diag(S) Vᵀ| = {a.reconstruction_error:.2e}", a.svd_note, ""]
    lines.append("eigenvalues:")
    for k, pair in enumerate(a.eigenpairs, 1):
        sign = "-" if pair.imag < 0 else "+"
        (x, xi), (y, yi) = pair.vector
        if pair.is_real:
            vector = f"[{fmt(x)}, {fmt(y)}]"
        else:
            vector = f"[{fmt(x)}{'+' if xi >= 0 else '-'}{fmt(abs(xi))}i, "
            vector += f"{fmt(y)}{'+' if yi >= 0 else '-'}{fmt(abs(yi))}i]"
        lines.append(
            f"  λ{k} = {fmt(pair.real)} {sign} {fmt(abs(pair.imag))}i   eigenvector {vector}"
        )
    lines.append(a.eigen_text)
    lines.extend(a.notes)
    return "\n".join(lines)
