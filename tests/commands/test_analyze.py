"""``linviz analyze``: the analysis of W in a terminal, as text or JSON, with no display."""

from __future__ import annotations

import json

import pytest

from linviz_gui.cli import main
from tests.fresh_python import fresh_python

SEED = "0.3439,0.9503;-0.2960,0.1503"


def test_json_has_the_documented_keys_and_the_seeds_numbers(capsys) -> None:
    assert main(["analyze", "--matrix", SEED, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("matrix", "det", "trace", "rank", "svd", "eigenvalues", "eigenvectors"):
        assert key in data
    assert data["matrix"] == [[0.3439, 0.9503], [-0.296, 0.1503]]
    assert data["det"] == pytest.approx(0.3330, abs=1e-4)
    assert data["rank"] == 2
    assert data["svd"]["S"] == pytest.approx([1.0115, 0.3292], abs=1e-4)
    assert data["svd"]["U"][0] == pytest.approx([0.9990, 0.0449], abs=1e-4)
    assert data["svd"]["Vh"][0] == pytest.approx([0.3265, 0.9452], abs=1e-4)
    assert data["svd"]["U_label"]["kind"] == "reflection"
    assert data["svd"]["V_label"]["kind"] == "reflection"
    assert data["svd"]["reconstruction_error"] < 1e-12
    assert [e["real"] for e in data["eigenvalues"]] == pytest.approx([0.2471, 0.2471], abs=1e-4)
    assert sorted(e["imag"] for e in data["eigenvalues"]) == pytest.approx(
        [-0.5215, 0.5215], abs=1e-4
    )


def test_text_report_labels_the_factors(capsys) -> None:
    assert main(["analyze", "--matrix", SEED]) == 0
    out = capsys.readouterr().out
    assert "S  = [1.0115, 0.3292]" in out
    assert "U: reflection across the line at 1.3°, det −1" in out
    assert "V: reflection across the line at 35.5°, det −1" in out
    assert "rank(W)   = 2" in out and "det(W)    = 0.3330" in out


def test_the_zero_matrix_is_valid_json_without_nan(capsys) -> None:
    assert main(["analyze", "--matrix", "0,0;0,0", "--json"]) == 0
    text = capsys.readouterr().out
    data = json.loads(text)
    assert data["rank"] == 0 and data["condition"] is None and data["invertible"] is False
    assert "NaN" not in text and "Infinity" not in text


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ("1,2;3", "row 2 of W must have 2 entries"),
        ("a,b;c,d", "must be a number"),
        ("1,2;3,1e9", "between -1000 and 1000"),
        ("nan,0;0,1", "must be a number"),
    ],
)
def test_a_bad_matrix_exits_2_with_one_clear_line(capsys, matrix: str, message: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "--matrix", matrix])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_runs_without_qt_as_a_real_command() -> None:
    code = (
        "import sys\n"
        "from linviz_gui.cli import main\n"
        f"rc = main(['analyze', '--matrix', '{SEED}', '--json'])\n"
        "qt = sorted(k for k in sys.modules if k.startswith(('PySide6', 'pyqtgraph')))\n"
        "print('QT:' + ','.join(qt), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    out = fresh_python(code)
    assert json.loads(out.stdout)["rank"] == 2
    assert "QT:\n" in out.stderr
