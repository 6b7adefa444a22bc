"""The fast CSV path (numpy's reader) never accepts what the row-by-row rules refuse, and what it
accepts it reads to the same values: any text built from number-like cells, separators,
quotes, blanks and headers gives the same points, labels or refusal either way."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.files.labelled_csv import parse_points_csv, parse_rows_one_by_one
from linviz_gui.model.linear.matrix import InputError

RUN = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CELLS = st.sampled_from(
    ["1", "-2.5", "+.5", "1.", "3e2", "1e7", "nan", "inf", "0x1", "1_0", " 4 ", "\t5", '"6"', "",
     "x", "label", "1.0", "1e0", "0000000000001", "99999999999", "7\u00a0", "٣", "-0", "1e-3"]
)  # fmt: skip
PLAIN = st.sampled_from(["0", "1", "-2.5", "+.5", "3e2", "12.75", "-1e-3", "2"])
# Mostly rows of 2 or 3 plain numbers, so that many texts are ones the fast path takes.
ROW = st.one_of(
    st.lists(st.one_of(PLAIN, PLAIN, PLAIN, PLAIN, CELLS), min_size=2, max_size=3),
    st.lists(CELLS, min_size=1, max_size=4),
).map(",".join)
ENDS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\n\n", "\n  \n", "\n,,\n"])


def outcome(parse: object, text: str, labelled: bool | None) -> object:
    try:
        points, labels = parse(text, "t.csv", 5, labelled=labelled)  # type: ignore[operator]
    except InputError as error:
        return ("refused", str(error))
    return (points.tobytes(), points.shape, labels)


@RUN
@given(st.lists(st.tuples(ROW, ENDS), min_size=1, max_size=7), st.sampled_from([None, True, False]))
def test_the_fast_path_reads_exactly_what_the_rules_read(
    rows: list[tuple[str, str]], labelled: bool | None
) -> None:
    text = "".join(row + end for row, end in rows)
    slow = outcome(
        lambda t, s, m, labelled: parse_rows_one_by_one(t, s, m, labelled), text, labelled
    )
    assert outcome(parse_points_csv, text, labelled) == slow


@pytest.mark.parametrize(
    "text",
    ["x,y\n1,2\n3,4\n", "1,2,0\n3,4,1\n", "\n\nx,y,k\r\n1,2,5\r\n", "1.5e3,-2\n.5,+3\n"],
)
def test_plain_files_take_the_fast_path_with_the_same_values(text: str) -> None:
    fast = parse_points_csv(text, "t.csv", 10, labelled=None)
    slow = parse_rows_one_by_one(text, "t.csv", 10, None)
    assert np.array_equal(fast[0], slow[0]) and fast[1] == slow[1]
