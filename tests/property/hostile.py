"""Hostile text for property tests of every parser a user reaches (shared by all views).

``hostile_text()`` mixes plain random text with the shapes that break parsers in practice:
code that would run if anything evaluated it, numbers with odd signs, exponents, separators
and non-ASCII digits, very long and very large numbers, control characters and brackets.
A parser under test must either accept (and round-trip) or raise its own clear error.
"""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Iterator
from pathlib import Path

from hypothesis import strategies as st

#: Would do something visible if a parser ever evaluated it.
CODE_INJECTIONS = (
    "__import__('os').system('touch /tmp/linviz-pwned')",
    "exec('raise SystemExit')",
    "eval('1+1')",
    "lambda: 0",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "1;import os",
    "${HOME}",
    "$(touch /tmp/linviz-pwned)",
    "`touch /tmp/linviz-pwned`",
    "{{7*7}}",
    "%s%s%s%n",
    "9**9**9**9",
    "10**100000",
)

NUMBER_SHAPES = (
    "0",
    "-0",
    "+0",
    "1",
    "-1",
    ".5",
    "5.",
    "-.5",
    "1e3",
    "1E-3",
    "1e",
    "e3",
    "1e+",
    "--1",
    "+-1",
    "1.2.3",
    "1,5",
    "1_000",
    "1 000",
    "0x10",
    "0b1",
    "0o7",
    "1j",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "infinity",
    "1e308",
    "1e309",
    "-1e400",
    "5e-324",
    "1e-400",
    "999.9999",
    "1000",
    "1000.0000001",
    "-1000",
    "1001",
    "2**63",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "١٢٣",
    "１２",
    "½",
    "²",
    "−1",
    "\u00a01",
    "1\u200b",
    "1\x00",
    "\t1\n",
    "(1)",
    "[1]",
    "{1}",
    "'1'",
    '"1"',
    "1 + 1",
    "1/2",
    "2*3",
    "True",
    "None",
    "",
    " ",
    "\n",
    ";",
    ",",
    ",,",
    ";;",
    "1;",
    ";1",
    "1e6",
    "2e6",
    "2000001",
    "1.5e6",
    "3.0",
    "1" * 30,
    "9" * 400,
    "-" * 50,
    "." * 50,
    "1e" + "9" * 40,
)


def hostile_text(max_size: int = 80) -> st.SearchStrategy[str]:
    """Random text, known troublemakers, and joins of both."""
    known = st.sampled_from(CODE_INJECTIONS + NUMBER_SHAPES)
    pieces = st.lists(
        st.one_of(known, st.text(max_size=8), st.sampled_from([",", ";", " ", "[", "]", "-"])),
        max_size=8,
    ).map("".join)
    return st.one_of(known, st.text(max_size=max_size), pieces)


@contextlib.contextmanager
def no_code_runs() -> Iterator[None]:
    """Fail loudly if anything calls ``eval`` or ``exec`` while the block runs."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a parser evaluated user text")

    saved = builtins.eval, builtins.exec
    builtins.eval = refuse  # type: ignore[assignment]
    builtins.exec = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.eval, builtins.exec = saved


def assert_nothing_ran() -> None:
    """The injections above would create this file if any of them ran."""
    assert not Path("/tmp/linviz-pwned").exists(), "user text was executed"
