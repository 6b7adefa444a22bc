"""CSV import: malformed files are refused with the row and the problem, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.model.files.labelled_csv import (
    MAX_ROWS,
    format_labelled_csv,
    load_labelled_csv,
    parse_labelled_csv,
)
from linviz_gui.model.linear.matrix import InputError


def test_a_good_file_with_a_header_loads_whole(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("x,y,label\n0.5,1,-1\n\n-2,3e-1,1\n 4 , 5 , 1 \n", encoding="utf-8")
    data = load_labelled_csv(path)
    np.testing.assert_allclose(data.points, [[0.5, 1.0], [-2.0, 0.3], [4.0, 5.0]])
    np.testing.assert_array_equal(data.labels, [0, 1, 1])
    assert data.class_names == ("-1", "1")
    assert data.name == "mine.csv"


def test_labels_become_classes_in_increasing_order_and_header_is_optional() -> None:
    data = parse_labelled_csv("0,0,7\n1,1,2\n2,2,5\n3,3,2.0\n")
    np.testing.assert_array_equal(data.labels, [2, 0, 1, 0])
    assert data.class_names == ("2", "5", "7")


BAD_FILES = [
    ("", "has no data rows"),
    ("x,y,label\n", "has no data rows"),
    ("\n\n  \n", "has no data rows"),
    ("1,2,0\n3,4\n", "row 2 has 2 columns; each row needs 3: x, y, label"),
    ("1,2,0\n3,4,1,9\n", "row 2 has 4 columns"),
    ("x,y,label\n1,2,0\nabc,4,1\n", "row 3: x is not a number; got 'abc'"),
    ("1,2,0\n3,,1\n", "row 2: y is not a number; got ''"),
    ("1,2,0\nnan,4,1\n", "row 2: x must be a finite number; got 'nan'"),
    ("1,2,0\n3,-inf,1\n", "row 2: y must be a finite number; got '-inf'"),
    ("1,2,0\n3,1e999,1\n", "row 2: y must be between -1e+06 and 1e+06"),
    ("1,2,0\n3,4,1.5\n", "row 2: label must be a whole number such as 0, 1 or -1; got '1.5'"),
    ("1,2,0\n3,4,cat\n", "row 2: label must be a whole number"),
    ("1,2,0\n3,4,0\n", "between 2 and 8 classes; CSV has 1 (0)"),
    ("".join(f"{k},{k},{k}\n" for k in range(9)), "between 2 and 8 classes; CSV has 9"),
    ("1,2,0\n3,4,1\n0x10,4,1\n", "row 3: x is not a number"),
    ('1,2,0\n"3,4,1\n', "row 2 has 1 column"),
    ("x;y;label\n1;2;0\n", "row 2 has 1 column; each row needs 3: x, y, label; separate the"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_malformed_files_are_refused_naming_the_row_and_problem(text: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_labelled_csv(text)
    assert message in str(refused.value)


def test_too_many_rows_are_refused() -> None:
    text = "".join(f"{i % 7},{i % 3},{i % 2}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(InputError, match=f"too many rows: more than {MAX_ROWS:,} points"):
        parse_labelled_csv(text)


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot open .*missing\.csv: no such file"):
        load_labelled_csv(tmp_path / "missing.csv")
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\xff\xfe\x00")
    with pytest.raises(InputError, match="not a UTF-8 text file"):
        load_labelled_csv(binary)


coordinate = st.floats(-1e6, 1e6, allow_nan=False, width=32)
rows = st.lists(
    st.tuples(coordinate, coordinate, st.integers(-3, 3)), min_size=1, max_size=40
).filter(lambda r: 2 <= len({k for *_, k in r}) <= 8)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_written_files_read_back_exactly(table) -> None:
    points = np.array([(x, y) for x, y, _ in table], dtype=np.float32)
    labels = [k for *_, k in table]
    data = parse_labelled_csv(format_labelled_csv(points, labels))
    np.testing.assert_array_equal(data.points, points)
    names = [int(name) for name in data.class_names]
    assert [names[c] for c in data.labels] == labels


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('0123456789.,-+eE naif"\n\t;x')), max_size=80))
def test_any_text_loads_or_is_refused_with_an_input_error(text: str) -> None:
    try:
        data = parse_labelled_csv(text)
    except InputError as error:
        assert str(error)
        return
    assert len(data.points) == len(data.labels) >= 1
    assert np.isfinite(data.points).all()
    assert 2 <= data.class_count <= 8
