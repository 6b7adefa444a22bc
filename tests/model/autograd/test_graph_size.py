"""The autograd graph is bounded: counted from the syntax tree exactly, refused past the limit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.autograd import graph as autograd_graph
from linviz_gui.model.autograd.graph import DEFAULT_PROGRAM, DEFAULT_X, make_request, run_autograd
from linviz_gui.model.autograd.graph_size import MAX_GRAPH_NODES, graph_size
from linviz_gui.model.autograd.parser import parse_program
from linviz_gui.model.autograd.tensor_text import parse_tensor
from linviz_gui.model.linear.matrix import InputError
from tests.model.autograd.test_autograd_graph import _expressions


def runaway_program(lines: int = 20, width: int = 199) -> str:
    """The issue's program: each line ``aK = aJ*-aJ*-aJ*…`` as long as a line may be."""
    text, previous = [], "x"
    for index in range(lines):
        name = f"a{chr(ord('A') + index)}"
        factors = 1
        while len(f"{name} = " + "*-".join([previous] * (factors + 1))) <= width:
            factors += 1
        text.append(f"{name} = " + "*-".join([previous] * factors))
        previous = name
    return "\n".join(text)


def test_the_runaway_program_is_refused_naming_its_size_and_the_line() -> None:
    program = runaway_program()
    assert len(program) <= 4000 and program.count("\n") == 19  # within the text limits
    with pytest.raises(InputError) as caught:
        make_request(DEFAULT_X, program)
    assert str(caught.value) == (
        f"line 3: the graph passes {MAX_GRAPH_NODES} nodes here; the program would make 1,974 "
        "(1,953 grad_fn nodes and 21 tensors): use fewer or shorter lines"
    )


def test_a_request_built_around_the_check_is_refused_before_torch_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_run(*args: object) -> None:
        raise AssertionError("evaluated")

    monkeypatch.setattr(autograd_graph, "_evaluate", must_not_run)
    request = autograd_graph.AutogradRequest(
        parse_tensor(DEFAULT_X), parse_program(runaway_program())
    )
    with pytest.raises(InputError, match="would make 1,974"):
        run_autograd(request)


def test_the_largest_accepted_graph_runs_backward_and_has_the_counted_size() -> None:
    lines = [*runaway_program(lines=3).splitlines(), "s = aC.sum()"]
    name, expression = lines[2].split(" = ")
    factors = expression.split("*-")
    while graph_size(parse_program("\n".join(lines))).nodes > MAX_GRAPH_NODES:
        factors.pop()  # shorten the third line until the graph fits
        lines[2] = f"{name} = " + "*-".join(factors)
    program = "\n".join(lines)
    result = run_autograd(make_request(DEFAULT_X, program, "backward"))
    assert result.message == "" and result.backward_done
    assert MAX_GRAPH_NODES - 2 <= len(result.nodes) <= MAX_GRAPH_NODES
    assert len(result.nodes) == graph_size(parse_program(program)).nodes


@pytest.mark.parametrize(
    ("program", "no_grad", "tensors", "functions"),
    [
        (DEFAULT_PROGRAM, False, 4, 5),  # Sub, Mul, Mul, Mean and x's AccumulateGrad
        (DEFAULT_PROGRAM, True, 4, 0),
        ("c = 2 * 3\nd = c + 1", False, 3, 0),  # constants record nothing
        ("y = x\nz = y.sum()", False, 3, 2),  # a name is no node
        ("y = -x ** 2\nz = y.sum()", False, 3, 4),
        ("y = 2 / x", False, 2, 3),  # torch: x.reciprocal() * 2
        ("c = 2 * 3\ny = c / x", False, 3, 2),  # a constant tensor divides in one node
    ],
)
def test_the_count_is_the_graph_torch_records(
    program: str, no_grad: bool, tensors: int, functions: int
) -> None:
    size = graph_size(parse_program(program), no_grad)
    assert (size.tensors, size.functions) == (tensors, functions)
    result = run_autograd(make_request(DEFAULT_X, program, no_grad=no_grad))
    assert len(result.nodes) == size.nodes
    assert sum(node.kind == "function" for node in result.nodes) == functions


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_accepted_program_has_exactly_the_counted_nodes(data: st.DataObject) -> None:
    first = data.draw(_expressions(["x"]))
    second = data.draw(_expressions(["x", "p", "c"]))
    program = f"c = 2 * 3\np = {first}\nq = ({second}).sum()"
    no_grad = data.draw(st.booleans())
    try:
        request = make_request("[[1, 2], [3, 4]]", program, no_grad=no_grad)
    except InputError:
        return
    assert len(run_autograd(request).nodes) == graph_size(request.program, no_grad).nodes
