"""Every number a user types (W entries, the matrix text, N, seed, preset parameters):
accepted and round-tripped, or refused with an ``InputError`` naming the field; nothing else
is raised, nothing hangs, nothing is evaluated."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.data.point_sets import (
    MAX_POINTS,
    DatasetSpec,
    check_point_count,
    check_seed,
    parse_int,
)
from linviz_gui.model.linear.matrix import (
    MAX_ENTRY,
    InputError,
    Matrix2,
    parse_matrix,
    parse_number,
)
from linviz_gui.ui.widgets.validated_field import _format_number
from tests.property.hostile import assert_nothing_ran, hostile_text, no_code_runs

#: Hostile inputs tried per parser (each property below runs this many examples).
EXAMPLES = 300
RUN = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite_entries = st.floats(-MAX_ENTRY, MAX_ENTRY, allow_nan=False, allow_infinity=False)


@RUN
@given(hostile_text())
def test_a_w_entry_is_a_number_in_range_or_a_clear_refusal(text: str) -> None:
    with no_code_runs():
        try:
            value = parse_number(text, "W[0,1]")
        except InputError as error:
            assert "W[0,1]" in str(error)
            assert len(str(error)) < 200  # one readable line, never the whole input
            return
    assert math.isfinite(value) and abs(value) <= MAX_ENTRY
    # What the field then shows reads back as the same number, to its six shown digits.
    shown = _format_number(value)
    assert parse_number(shown) == float(shown)
    assert math.isclose(float(shown), value, rel_tol=1e-5, abs_tol=1e-300)
    assert_nothing_ran()


@RUN
@given(finite_entries)
def test_every_allowed_entry_round_trips_exactly_through_repr(value: float) -> None:
    assert parse_number(repr(value)) == value


def test_a_refusal_quotes_astral_characters_briefly() -> None:
    """Hypothesis found one: 40 characters above U+FFFF made a 200-character message."""
    text = "\x1f" * 3 + "\U00012544" * 40
    with pytest.raises(InputError) as refusal:
        parse_matrix(text)
    assert len(str(refusal.value)) < 200


@RUN
@given(hostile_text(max_size=120))
def test_the_matrix_text_is_a_w_or_a_clear_refusal(text: str) -> None:
    with no_code_runs():
        try:
            w = parse_matrix(text)
        except InputError as error:
            assert str(error) and len(str(error)) < 200
            return
    assert all(math.isfinite(v) and abs(v) <= MAX_ENTRY for v in w.entries)
    assert parse_matrix(w.to_text()) == w
    assert_nothing_ran()


@RUN
@given(st.tuples(finite_entries, finite_entries, finite_entries, finite_entries), st.data())
def test_every_w_reads_back_from_each_written_form(values, data) -> None:  # type: ignore[no-untyped-def]
    w = Matrix2(*values)
    a, b, c, d = (repr(v) for v in values)
    form = data.draw(
        st.sampled_from(
            [
                f"{a},{b};{c},{d}",
                f"[[{a}, {b}], [{c}, {d}]]",
                f" {a} {b} ; {c} {d} ",
                f"{a},{b},{c},{d}",
            ]
        )
    )
    assert parse_matrix(form) == w


@RUN
@given(hostile_text())
def test_n_is_a_count_in_range_or_a_clear_refusal(text: str) -> None:
    with no_code_runs():
        try:
            n = check_point_count(parse_int(text, "N"))
        except InputError as error:
            assert str(error).startswith("N ")
            return
    assert isinstance(n, int) and 1 <= n <= MAX_POINTS
    assert DatasetSpec(n=n).n == n
    assert parse_int(f"{n:,}", "N") == n  # the field shows 1,000 and reads it back


@RUN
@given(hostile_text())
def test_a_seed_is_a_torch_seed_or_a_clear_refusal(text: str) -> None:
    with no_code_runs():
        try:
            seed = check_seed(parse_int(text, "seed"))
        except InputError as error:
            assert str(error).startswith("seed ")
            return
    assert isinstance(seed, int) and 0 <= seed < 2**63
    assert parse_int(str(seed), "seed") == seed


@RUN
@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_whole_numbers_read_back_in_every_written_form(value: int) -> None:
    for text in (str(value), f"{value:,}", f"{value:_}"):
        assert parse_int(text, "N") == value


@RUN
@given(st.integers(min_value=0, max_value=2**63 - 1), st.integers(1, MAX_POINTS))
def test_every_valid_dataset_spec_is_accepted(seed: int, n: int) -> None:
    spec = DatasetSpec("gaussian", n, seed)
    assert (spec.n, spec.seed, spec.size) == (n, seed, n)
