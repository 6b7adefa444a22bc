"""The command line: any argument list either parses into valid values, or exits 2 with one
clear line on stderr (``--help``/``--version`` exit 0); no traceback, nothing evaluated."""

from __future__ import annotations

import contextlib
import io
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The sub-commands are imported here, not lazily inside a test: importing runs module code,
# which the no-code-runs guard would take for a parser evaluating text.
import linviz_gui.commands.analyze
import linviz_gui.commands.bench
import linviz_gui.commands.export
import linviz_gui.commands.train  # noqa: F401
from linviz_gui import cli
from linviz_gui.model.data.point_sets import MAX_POINTS, DatasetSpec
from linviz_gui.model.linear.matrix import MAX_ENTRY, Matrix2
from tests.property.hostile import assert_nothing_ran, hostile_text, no_code_runs

#: Hostile argument lists tried (each property below runs this many examples).
EXAMPLES = 300
RUN = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FLAGS = ("--matrix", "--points", "--seed", "--device", "--help", "--version", "-h", "--", "-")
token = st.one_of(st.sampled_from(FLAGS), hostile_text(max_size=30))


def _parse(argv: list[str]) -> tuple[object, int | None, str]:
    """(namespace or None, exit code or None, stderr)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out), no_code_runs():
        try:
            return cli.build_parser().parse_args(argv), None, err.getvalue()
        except SystemExit as stop:
            return None, int(stop.code or 0), err.getvalue()


@RUN
@given(st.lists(token, max_size=6))
def test_any_argument_list_parses_or_exits_with_one_clear_line(argv: list[str]) -> None:
    args, code, err = _parse(argv)
    if args is None:
        assert code in (0, 2)
        if code == 2:
            assert err.startswith("linviz: error: ") and err.count("\n") == 1, err
            assert "Traceback" not in err
        return
    w, n, seed = args.matrix, args.points, args.seed  # type: ignore[attr-defined]
    assert w is None or isinstance(w, Matrix2)
    assert n is None or 1 <= n <= MAX_POINTS
    assert seed is None or 0 <= seed < 2**63
    assert_nothing_ran()


finite_entries = st.floats(-MAX_ENTRY, MAX_ENTRY, allow_nan=False, allow_infinity=False)


@RUN
@given(st.tuples(finite_entries, finite_entries, finite_entries, finite_entries))
def test_every_w_given_on_the_command_line_arrives_exactly(values) -> None:  # type: ignore[no-untyped-def]
    """Negative first entries included: ``--matrix "-1,0;0,1"`` is a W, not an unknown flag."""
    w = Matrix2(*values)
    for argv in (["--matrix", w.to_text()], [f"--matrix={w.to_text()}"]):
        args, code, err = _parse(argv)
        assert code is None, err
        assert args.matrix == w  # type: ignore[attr-defined]


@RUN
@given(st.integers(1, MAX_POINTS), st.integers(0, 2**63 - 1))
def test_points_and_seed_arrive_exactly(n: int, seed: int) -> None:
    args, code, err = _parse(["--points", f"{n:,}", "--seed", str(seed)])
    assert code is None, err
    assert (args.points, args.seed) == (n, seed)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--matrix", "1,2;3"], "row 2 of W must have 2 entries"),
        (["--matrix", "__import__('os')"], "W must be 2x2"),
        (["--points", "0"], "N must be between 1 and 2,000,000"),
        (["--points", "-5"], "N must be between 1 and 2,000,000"),
        (["--seed", "-1"], "seed must be between 0 and 2**63 - 1"),
        (["--seed", "0.5"], "seed must be a whole number"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--matrix"], "expected one argument"),
    ],
)
def test_bad_flags_name_the_problem(argv: list[str], message: str) -> None:
    _args, code, err = _parse(argv)
    assert code == 2 and message in err


def test_main_hands_the_parsed_values_to_the_app() -> None:
    with mock.patch("linviz_gui.ui.shell.app.run_app", return_value=0) as run_app:
        assert cli.main(["--matrix", "-1,0;0,1", "--points", "2e3", "--seed", "7"]) == 0
    run_app.assert_called_once_with(
        matrix=Matrix2(-1.0, 0.0, 0.0, 1.0), dataset=DatasetSpec(n=2000, seed=7), device=None
    )


@RUN
@given(st.lists(token, max_size=6))
def test_main_never_raises_past_the_parser(argv: list[str]) -> None:
    err, out = io.StringIO(), io.StringIO()
    with (
        mock.patch("linviz_gui.ui.shell.app.run_app", return_value=0),
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(out),
        no_code_runs(),
    ):
        try:
            assert cli.main(argv) == 0
        except SystemExit as stop:
            assert stop.code in (0, 2)
