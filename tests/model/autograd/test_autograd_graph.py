"""The autograd graph, computed with real torch: the course's numbers and the notebook's lessons."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.autograd import graph as autograd_graph
from linviz_gui.model.autograd.graph import (
    DEFAULT_PROGRAM,
    DEFAULT_X,
    AutogradResult,
    make_request,
    run_autograd,
)
from linviz_gui.model.autograd.layout import layered_layout
from linviz_gui.model.autograd.parser import parse_program
from linviz_gui.model.autograd.tensor_text import TensorValue, format_block, parse_tensor
from linviz_gui.model.linear.matrix import InputError


def run(action: str = "forward", **options: object) -> AutogradResult:
    x = str(options.pop("x", DEFAULT_X))
    program = str(options.pop("program", DEFAULT_PROGRAM))
    return run_autograd(make_request(x, program, action, **options))  # type: ignore[arg-type]


def titles(result: AutogradResult) -> list[str]:
    return [n.title for n in result.nodes if n.kind == "function"]


def test_forward_reproduces_the_course_exactly() -> None:
    result = run()
    assert result.values == {
        "x": [[1.0, 2.0], [3.0, 4.0]],
        "y": [[-1.0, 0.0], [1.0, 2.0]],
        "z": [[3.0, 0.0], [3.0, 12.0]],
        "a": 4.5,
    }
    assert result.node("t:a").value == "4.5"
    assert result.grads == {} and not result.backward_done
    assert sorted(titles(result)) == [
        "AccumulateGrad",
        "MeanBackward0",
        "MulBackward0",
        "MulBackward0",
        "SubBackward0",
    ]


def test_backward_gives_the_course_gradient() -> None:
    result = run("backward")
    assert result.backward_done and result.message == ""
    assert result.grads["x"] == [[-1.5, 0.0], [1.5, 3.0]]  # 1.5 (x - 2)
    assert result.grads["a"] == 1.0
    assert result.grads["z"] == [[0.25, 0.25], [0.25, 0.25]]
    assert result.node("t:x").grad == "x.grad =\n[[-1.5, 0],\n [ 1.5, 3]]"
    assert "x.grad = [[-1.5, 0], [1.5, 3]]" in result.facts


def test_the_graph_is_the_one_pytorch_records() -> None:
    result = run()
    by_key = {n.key: n for n in result.nodes}
    owner = {n.title.split(" ")[0]: by_key[n.owner].title for n in result.nodes if n.owner}
    assert owner == {
        "x": "AccumulateGrad",
        "y": "SubBackward0",
        "z": "MulBackward0",
        "a": "MeanBackward0",
    }
    # y.grad_fn.next_functions[0][0] is AccumulateGrad, whose .variable is x
    sub = by_key[by_key["t:y"].owner]
    flows = {(by_key[e.source].title, by_key[e.target].title) for e in result.edges}
    assert (sub.title, "AccumulateGrad") in flows
    assert ("AccumulateGrad", "x (requires_grad=True)") in flows
    assert "y.grad_fn.next_functions[0][0] = <AccumulateGrad>, whose .variable is x" in result.facts
    # leaves have no grad_fn, non-leaves do
    assert "is_leaf: True\ngrad_fn: None" in by_key["t:x"].note
    assert by_key["t:y"].note == "is_leaf: False\ngrad_fn: SubBackward0"
    # the anonymous y * y is shown on its own MulBackward0
    inner = [n for n in result.nodes if n.value.startswith("y * y")]
    assert len(inner) == 1 and inner[0].title == "MulBackward0"


def test_steps_follow_the_engine_one_node_at_a_time() -> None:
    result = run("backward")
    assert [s.title for s in result.steps] == [
        "MeanBackward0",
        "MulBackward0",
        "MulBackward0",
        "SubBackward0",
        "AccumulateGrad",
    ]
    assert [s.grad for s in result.steps] == [
        "1",
        "[[0.25, 0.25], [0.25, 0.25]]",
        "[[0.75, 0.75], [0.75, 0.75]]",
        "[[-1.5, 0], [1.5, 3]]",
        "[[-1.5, 0], [1.5, 3]]",
    ]


def test_backward_twice_without_retain_graph_shows_pytorchs_error() -> None:
    result = run("backward_twice")
    assert result.message.startswith("second a.backward() raised RuntimeError: Trying to backward")
    assert "retain_graph=True" in result.message
    assert result.grads["x"] == [[-1.5, 0.0], [1.5, 3.0]]  # the first pass still counted


def test_backward_twice_with_retain_graph_accumulates() -> None:
    result = run("backward_twice", retain_graph=True)
    assert "gradients accumulate" in result.message
    assert result.grads["x"] == [[-3.0, 0.0], [3.0, 6.0]]


def test_backward_twice_without_saved_tensors_works_and_says_why() -> None:
    # A sum of x saves no tensor for backward: PyTorch runs the second pass without
    # retain_graph, and the message must not claim retain_graph was on.
    result = run("backward_twice", x="[1, 2]", program="v = x.sum()")
    assert result.grads["x"] == [2.0, 2.0]
    assert "retain_graph=True" not in result.message
    assert "without retain_graph" in result.message and "twice as large" in result.message


def test_no_grad_records_no_graph_and_backward_is_refused() -> None:
    result = run("backward", no_grad=True)
    assert titles(result) == [] and result.edges == ()
    assert result.values["a"] == 4.5
    assert result.node("t:y").note == "grad_fn: None\nrequires_grad: False"
    assert "does not require grad" in result.message and not result.backward_done
    assert any("no graph is recorded" in fact for fact in result.facts)


def test_backward_of_a_matrix_shows_pytorchs_error() -> None:
    result = run("backward", program="y = x - 2\nz = y * y * 3")
    assert "grad can be implicitly created only for scalar outputs" in result.message


def test_other_functions_match_torch() -> None:
    program = (
        "b = -x ** 2 + 3 * x / 2 - x @ x.t()\n"
        "c = torch.tanh(b).sum() + sigmoid(x).mean() + relu(x - 2).max() + pow(x, 2).min()\n"
        "d = c + (x.exp().log().abs().sqrt().square().sin().cos() + max(x, 2)).sum() + 2 ** 3"
    )
    result = run("backward", x="[[0.5, -1], [2, 0.25]]", program=program)
    x = torch.tensor([[0.5, -1], [2, 0.25]], requires_grad=True)
    b = -(x**2) + 3 * x / 2 - x @ x.t()
    c = b.tanh().sum() + x.sigmoid().mean() + (x - 2).relu().max() + x.pow(2).min()
    d = (
        c
        + (
            x.exp().log().abs().sqrt().square().sin().cos() + torch.maximum(x, torch.tensor(2.0))
        ).sum()
        + 8
    )
    d.backward()
    np.testing.assert_allclose(result.values["b"], b.tolist(), rtol=1e-6)
    assert result.values["d"] == pytest.approx(d.item())
    assert x.grad is not None
    np.testing.assert_allclose(result.grads["x"], x.grad.tolist(), rtol=1e-6)
    assert result.message == ""


def test_constant_lines_are_tensors_outside_the_graph() -> None:
    result = run(program="c = 2 * 3\ny = x * c")
    assert result.values["c"] == 6.0
    assert result.node("t:c").note == "grad_fn: None\nrequires_grad: False"
    assert "c.grad_fn = None (c does not depend on x)" in result.facts


def test_intermediates_beyond_the_limit_are_refused_before_torch_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_run(*args: object) -> None:
        raise AssertionError("evaluated")

    monkeypatch.setattr(autograd_graph, "_evaluate", must_not_run)
    wide = TensorValue((tuple(float(i) for i in range(3000)),))
    request = autograd_graph.AutogradRequest(wide, parse_program("y = x.t() @ x"))
    with pytest.raises(InputError, match="9000000 elements"):
        run_autograd(request)


def test_make_request_refuses_bad_x_and_bad_shapes() -> None:
    with pytest.raises(InputError, match="rectangular"):
        make_request("[[1, 2], [3]]", "y = x")
    with pytest.raises(InputError, match="cannot multiply"):
        make_request("[[1, 2, 3]]", "y = x @ x")
    with pytest.raises(InputError, match="action must be one of"):
        make_request(DEFAULT_X, "y = x", "sideways")


@pytest.mark.parametrize(
    ("text", "shape", "shown"),
    [
        ("[[1, 2], [3, 4]]", (2, 2), "[[1, 2], [3, 4]]"),
        ("1, 2; 3, 4", (2, 2), "[[1, 2], [3, 4]]"),
        ("[1, -2.5, 3]", (3,), "[1, -2.5, 3]"),
        ("7", (), "7"),
        ("[1.23456789, -0]", (2,), "[1.23456789, -0]"),  # x is shown, and re-read, exactly
    ],
)
def test_x_reads_in_the_usual_forms(text: str, shape: tuple[int, ...], shown: str) -> None:
    value = parse_tensor(text)
    assert value.shape == shape and value.to_text() == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("[[1, 2], [3, 4]", "list of rows"),
        ("[[1, 2]] 3", "does not end"),
        ("[[1, a]]", r"x\[0, 1\] must be a number"),
        ("[[1, 2000]]", "between -1000 and 1000"),
        ("1,2,3,4,5,6,7", "limit is 6"),
        ("[[[1]]]", "list of rows"),
        ("x" * 600, "too long"),
    ],
)
def test_bad_x_is_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_tensor(text)


def test_matrix_values_print_as_aligned_rows() -> None:
    assert format_block([[-1.5, 0.0], [1.5, 3.0]]) == "[[-1.5, 0],\n [ 1.5, 3]]"
    assert format_block(4.5) == "4.5"


def test_layout_puts_x_left_and_each_tensor_above_its_grad_fn() -> None:
    cells = layered_layout(
        ["mean", "mul", "sub", "acc"],
        [("mean", "mul"), ("mul", "sub"), ("sub", "acc")],
        {"mean": ["a"], "sub": ["y"], "acc": ["x"]},
        ["c"],
    )
    assert cells["acc"] == (0, 1) and cells["x"] == (0, 0)
    assert cells["sub"] == (1, 1) and cells["y"] == (1, 0)
    assert cells["mul"] == (2, 1)  # no tensor of its own: an empty slot above
    assert cells["mean"] == (3, 1) and cells["a"] == (3, 0)
    assert cells["c"] == (0, 2)


def test_a_name_for_x_itself_is_called_so() -> None:
    result = run(program="b = x\nc = b * 2")
    assert "b is x itself: the same leaf tensor, grad_fn = None" in result.facts


_FUNCTIONS_1 = ["mean", "sum", "exp", "tanh", "relu", "sigmoid", "abs", "sin", "cos", "t"]


def _expressions(names: list[str]) -> st.SearchStrategy[str]:
    leaves = st.sampled_from(names) | st.sampled_from(["2", "0.5", "3"])

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return (
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            )
            | st.tuples(st.sampled_from(_FUNCTIONS_1), inner).map(lambda t: f"{t[0]}({t[1]})")
            | inner.map(lambda e: f"-{e}")
            | inner.map(lambda e: f"{e} ** 2")
            | st.tuples(inner, inner).map(lambda t: f"max({t[0]}, {t[1]})")
        )

    return st.recursive(leaves, extend, max_leaves=6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_program_the_parser_accepts_runs_or_is_refused(data: st.DataObject) -> None:
    first = data.draw(_expressions(["x"]))
    second = data.draw(_expressions(["x", "p"]))
    program = f"p = {first}\nq = ({second}).sum()"
    x = data.draw(st.sampled_from(["[[1, 2], [3, 4]]", "[1, -2, 3]", "0.5", "[[1, 2, 3]]"]))
    try:
        request = make_request(x, program, "backward")
    except InputError:
        return
    result = run_autograd(request)  # only InputError may escape; torch errors become messages
    assert set(result.values) == {"x", "p", "q"}
    assert result.message == "" or "RuntimeError" in result.message
