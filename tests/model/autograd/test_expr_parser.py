"""The autograd view's line parser: it reads the course's lines and refuses everything else
without evaluating anything."""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.autograd import parser as expr_parser
from linviz_gui.model.autograd import shapes as expr_shapes
from linviz_gui.model.autograd.parser import (
    BinOp,
    Call,
    Name,
    Neg,
    Number,
    Program,
    expr_text,
    parse_program,
)
from linviz_gui.model.autograd.shapes import program_shapes
from linviz_gui.model.linear.matrix import InputError


def test_the_course_lines_parse_into_the_expected_tree() -> None:
    program = parse_program("y = x - 2\nz = y * y * 3\na = z.mean()")
    assert program.names == ("y", "z", "a")
    assert program.result_name == "a"
    y, z, a = (line.expr for line in program.lines)
    assert y == BinOp("-", Name("x"), Number(2.0))
    assert z == BinOp("*", BinOp("*", Name("y"), Name("y")), Number(3.0))
    assert a == Call("mean", (Name("z"),), method=True)
    assert program_shapes(program, (2, 2)) == {"x": (2, 2), "y": (2, 2), "z": (2, 2), "a": ()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-x ** 2", "-(x ** 2)"),  # ** binds tighter than unary minus, as in Python
        ("x ** -1", "x ** (-1)"),
        ("1 + 2 * x", "1 + (2 * x)"),
        ("(1 + 2) * x", "(1 + 2) * x"),
        ("x @ x.t() / 2", "(x @ x.t()) / 2"),
        ("torch.exp(x).sum()", "exp(x).sum()"),
        ("max(x, 2 * x) - pow(x, 3)", "max(x, 2 * x) - pow(x, 3)"),
        ("relu(x − 2)", "relu(x - 2)"),  # the typographic minus a student may paste
    ],
)
def test_precedence_and_spelling(text: str, expected: str) -> None:
    program = parse_program(f"b = {text}")
    assert expr_text(program.lines[0].expr) == expected


def test_blank_lines_and_comments_are_skipped_and_line_numbers_kept() -> None:
    program = parse_program("# the course\n\ny = x - 2  # shift\n")
    assert program.lines[0].line_no == 3
    with pytest.raises(InputError, match="line 4"):
        parse_program("# c\n\ny = x\nz = q + 1")


HOSTILE = [
    "__import__('os').system('ls')",
    "().__class__.__bases__",
    "x.__dict__",
    "x.__class__",
    "lambda: 1",
    "x ** 1e9",
    "x ** 99999 ** 99999",
    "pow(x, 400)",
    "exec('1')",
    "eval('1')",
    "compile('1', 'f', 'exec')",
    "getattr(x, 'grad')",
    "open('f')",
    "print(x)",
    "x.data",
    "x.grad",
    "x.T",
    "x.numpy()",
    "torch.load('f')",
    "torch.nn.functional.relu(x)",
    "os.system('ls')",
    "x[0]",
    "[x for x in x]",
    "{}",
    "x if x else x",
    "x.mean(dim=0)",
    "exp(x, out=x)",
    "'a' * 10",
    "not x",
    "x; import os",
    "x % 2",
    "x << 1",
    "x $ 2",
    "y",  # not defined yet
    "_secret",
]


@pytest.mark.parametrize("expression", HOSTILE)
def test_hostile_inputs_are_refused_without_evaluation(
    expression: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return wrapper

    error: InputError | None = None
    with monkeypatch.context() as patch:
        for name in ("__import__", "open", "exec", "eval", "compile", "getattr", "print"):
            patch.setattr(builtins, name, spy(name, getattr(builtins, name)))
        calls.clear()  # monkeypatch itself imports and looks up while patching
        try:
            parse_program(f"y = {expression}")
        except InputError as refused:
            error = refused
        seen = list(calls)  # before the patches are undone
        control = "len"
        getattr(builtins, control)  # control: the spies do see a real call
        assert calls[-1] == "getattr"
    assert seen == [], f"parsing {expression!r} called {seen}"
    assert error is not None and str(error).startswith("line 1")


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("__import__('os').system('ls')", "names starting with '_'"),
        ("x.__dict__", "dunder"),
        ("x.data", "attribute 'data' is not allowed"),
        ("lambda: 1", "no lambdas"),
        ("x ** 99999 ** 99999", "exponent 99999 is too large"),
        ("x ** 1e9", "too large"),
        ("open('f')", "calling 'open' is not allowed"),
        ("x.mean(dim=0)", "keyword arguments"),
        ("x[0]", "subscripts"),
        ("2 ** 3 ** 2", "plain number"),
    ],
)
def test_refusals_say_what_is_wrong(expression: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        parse_program(f"y = {expression}")


def test_the_parser_has_no_way_to_evaluate_text() -> None:
    for module in (expr_parser, expr_shapes):
        source = inspect.getsource(module)
        for word in (" eval(", " exec(", " compile(", "getattr(", "__import__(", "import ast"):
            assert word not in source, f"{module.__name__} uses {word}"


def test_deep_nesting_is_refused_cleanly_not_with_recursion_error() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        parse_program("y = " + "(" * 90 + "x" + ")" * 90)
    with pytest.raises(InputError):  # so deep that the line-length limit stops it first
        parse_program("y = " + "(" * 1900 + "x" + ")" * 1900)
    with pytest.raises(InputError, match="nested too deeply"):
        parse_program("y = " + "-" * 60 + "x")
    with pytest.raises(InputError, match="nested too deeply"):
        parse_program("y = " + "exp(" * 35 + "x" + ")" * 35)


def test_long_text_and_many_lines_are_refused_before_reading() -> None:
    with pytest.raises(InputError, match="too long"):
        parse_program("y = x\n" + "#" * 10_000_000)
    with pytest.raises(InputError, match="line 1 is too long"):
        parse_program("y = " + " + ".join(["x"] * 80))
    with pytest.raises(InputError, match="too many lines"):
        parse_program("\n".join(f"v{i} = x" for i in range(30)))


def test_names_must_be_new_and_not_reserved() -> None:
    for text, message in [
        ("x = 2", "x is the input"),
        ("y = x\ny = x", "already defined"),
        ("exp = x", "reserved"),
        ("torch = x", "reserved"),
        ("for = x", "reserved"),
        ("2 = x", "must start with a name"),
        ("y == x", "expected a name"),
        ("", "at least one line"),
    ]:
        with pytest.raises(InputError, match=message):
            parse_program(text)


def test_shapes_are_checked_before_anything_is_computed() -> None:
    program = parse_program("p = x @ x")
    with pytest.raises(InputError, match=r"line 1: cannot multiply 2×3 @ 2×3"):
        program_shapes(program, (2, 3))
    assert program_shapes(program, (3, 3))["p"] == (3, 3)
    outer = parse_program("p = x.t() + x")
    with pytest.raises(InputError, match="9000000 elements; the limit is 4096"):
        program_shapes(outer, (1, 3000))
    with pytest.raises(InputError, match="do not broadcast"):
        program_shapes(parse_program("p = x + x.t()"), (2, 3))
    with pytest.raises(InputError, match="at least 1 dimension"):
        program_shapes(parse_program("p = x.sum() @ x"), (2, 2))


_ALPHABET = "xyzab0123456789.eE+-*/@()=,_ \n#'[]{}:;torchmeansumexp"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=300) | st.text(max_size=200))
def test_any_text_gives_a_program_or_an_input_error(text: str) -> None:
    try:
        program = parse_program(text)
    except InputError as error:
        assert str(error)
        return
    assert isinstance(program, Program)
    for line in program.lines:  # every tree reads back into the same tree
        again = parse_program(f"{line.name} = {expr_text(line.expr)}")
        assert _same_tree(again.lines[0].expr, line.expr)


def _same_tree(a: Any, b: Any) -> bool:
    """Equal up to the method/function spelling of calls."""
    if isinstance(a, Call) and isinstance(b, Call):
        return a.func == b.func and all(map(_same_tree, a.args, b.args))
    if isinstance(a, Neg) and isinstance(b, Neg):
        return _same_tree(a.operand, b.operand)
    if isinstance(a, BinOp) and isinstance(b, BinOp):
        return a.op == b.op and _same_tree(a.left, b.left) and _same_tree(a.right, b.right)
    return bool(a == b)
