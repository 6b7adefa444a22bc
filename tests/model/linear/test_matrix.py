import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linviz_gui.model.linear import matrix as mx
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_matrix, parse_number


def test_seed_example_det_matches_the_course() -> None:
    assert round(mx.seed_example().det, 4) == 0.3330


def test_columns_are_the_images_of_the_basis() -> None:
    w = Matrix2(0.3439, 0.9503, -0.2960, 0.1503)
    assert w.column(0) == w.apply((1.0, 0.0)) == (0.3439, -0.2960)
    assert w.column(1) == w.apply((0.0, 1.0)) == (0.9503, 0.1503)


@pytest.mark.parametrize(
    "text",
    ["1,0;0,1", " 1 0 ; 0 1 ", "[[1, 0], [0, 1]]", "1.0,0,0,1", "1e0,-0;0,+1"],
)
def test_matrix_text_forms(text: str) -> None:
    assert parse_matrix(text) == Matrix2.identity()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2;3", "row 2 of W must have 2 entries"),
        ("1,2,3", "2x2"),
        ("1,2;3,4;5,6", "2 rows"),
        ("a,b;c,d", "must be a number"),
        ("nan,0;0,1", "must be a number"),
        ("inf,0;0,1", "must be a number"),
        ("1e300,0;0,1", "between -1000 and 1000"),
        ("", "2x2"),
        ("__import__('os'),0;0,1", "must be a number"),
    ],
)
def test_bad_matrix_text_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_matrix(text)


@given(st.text(max_size=60))
def test_matrix_parser_accepts_or_refuses_cleanly(text: str) -> None:
    try:
        w = parse_matrix(text)
    except InputError:
        return
    assert all(math.isfinite(v) and abs(v) <= mx.MAX_ENTRY for v in w.entries)
    assert parse_matrix(w.to_text()) == w


@given(st.tuples(*[st.floats(-1000, 1000, allow_nan=False)] * 4))
def test_matrix_text_round_trips_exactly(values: tuple[float, float, float, float]) -> None:
    w = Matrix2(*values)
    assert parse_matrix(w.to_text()) == w


def test_number_parser_messages_name_the_field() -> None:
    with pytest.raises(InputError, match=r"W\[0,1\] is empty"):
        parse_number("  ", "W[0,1]")
    with pytest.raises(InputError, match="W entry a must be finite"):
        Matrix2(float("inf"), 0, 0, 1)
    # What the user typed is quoted, not the "inf" it overflows to.
    with pytest.raises(InputError, match=r"W\[0,0\] must be finite; got '1e999'$"):
        parse_number("1e999", "W[0,0]")
    with pytest.raises(InputError, match=r"got '-1E\+400'$"):
        parse_number(" -1E+400 ", "W[0,0]")


def test_presets_have_the_expected_geometry() -> None:
    assert mx.rotation(90).column(0) == pytest.approx((0.0, 1.0))
    assert mx.rotation(30).det == pytest.approx(1.0)
    assert mx.reflection(0).det == pytest.approx(-1.0)
    assert mx.projection(45).det == pytest.approx(0.0)
    assert mx.shear(1).apply((0.0, 1.0)) == (1.0, 1.0)
    assert mx.scaling(2, 3).det == 6


def test_random_preset_is_torch_randn_under_the_seed() -> None:
    import torch

    torch.manual_seed(0)
    expected = torch.randn(2, 2).tolist()
    assert mx.random_matrix(0).rows == tuple(tuple(r) for r in expected)
