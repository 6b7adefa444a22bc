"""How many boxes a program's graph will have, counted from its syntax tree before torch runs.

Twenty lines within the text limit, each ``aK = aJ*-aJ*-aJ*…``, make a graph of about two
thousand nodes: seconds to record and lay out, more to draw, and unreadable. So the graph is
bounded like the shapes are (:mod:`shapes`): every operation whose operand depends on ``x``
records one ``grad_fn`` node (a name only refers to a node made earlier), except a plain number
divided by a tensor, which torch records as a reciprocal and a product (two); ``x`` adds its
``AccumulateGrad``, and each line's tensor and ``x`` are a box each. Under ``no_grad`` nothing
is recorded. ``tests/model/autograd/test_graph_size.py`` checks the count against torch's.
"""

from __future__ import annotations

from dataclasses import dataclass

from linviz_gui.model.autograd.parser import (
    INPUT_NAME,
    BinOp,
    Call,
    Expr,
    Name,
    Neg,
    Number,
    Program,
)
from linviz_gui.model.linear.matrix import InputError

#: The most boxes (tensors and grad_fn nodes) a graph may have; the course's has 8, and a
#: graph of a few hundred boxes is already too small to read on a screen.
MAX_GRAPH_NODES = 300


@dataclass(frozen=True)
class GraphSize:
    """The boxes a program's graph will show: its tensors and its ``grad_fn`` nodes."""

    tensors: int
    functions: int

    @property
    def nodes(self) -> int:
        return self.tensors + self.functions


def graph_size(program: Program, no_grad: bool = False) -> GraphSize:
    """Count the boxes of ``program``'s graph without running it (see the module docstring)."""
    return _sizes(program, no_grad)[-1]


def check_graph_size(program: Program, no_grad: bool = False) -> GraphSize:
    """:func:`graph_size`, refusing a graph over :data:`MAX_GRAPH_NODES`.

    The message starts with the line where the graph passes the limit (the editor marks it)
    and says how many nodes the whole program would make.
    """
    sizes = _sizes(program, no_grad)
    total = sizes[-1]
    if total.nodes <= MAX_GRAPH_NODES:
        return total
    line = next(
        line
        for line, size in zip(program.lines, sizes, strict=True)
        if size.nodes > MAX_GRAPH_NODES
    )
    raise InputError(
        f"line {line.line_no}: the graph passes {MAX_GRAPH_NODES} nodes here; the program "
        f"would make {total.nodes:,} ({total.functions:,} grad_fn nodes and {total.tensors} "
        "tensors): use fewer or shorter lines"
    )


def _sizes(program: Program, no_grad: bool) -> list[GraphSize]:
    """The graph's size after each line (the last is the whole program's; x alone if empty)."""
    tracked = {INPUT_NAME}  # names whose tensors carry a grad_fn chain back to x
    functions = 0
    sizes = []
    for index, line in enumerate(program.lines):
        depends, made = _count(line.expr, tracked)
        functions += made
        if depends:
            tracked.add(line.name)
        # under no_grad nothing is recorded; otherwise x's AccumulateGrad joins the first node
        recorded = 0 if no_grad or not functions else functions + 1
        sizes.append(GraphSize(tensors=index + 2, functions=recorded))
    return sizes or [GraphSize(tensors=1, functions=0)]


def _count(expr: Expr, tracked: set[str]) -> tuple[bool, int]:
    """Whether ``expr`` depends on x, and how many grad_fn nodes evaluating it records."""
    if isinstance(expr, Name):
        return expr.id in tracked, 0
    if isinstance(expr, Neg):
        operands: tuple[Expr, ...] = (expr.operand,)
    elif isinstance(expr, BinOp):
        operands = (expr.left, expr.right)
    elif isinstance(expr, Call):
        operands = expr.args
    else:  # a Number
        return False, 0
    depends = False
    made = 0
    for operand in operands:
        operand_depends, operand_made = _count(operand, tracked)
        depends = depends or operand_depends
        made += operand_made
    if not depends:
        return False, made
    # 2 / x runs as x.reciprocal() * 2 (the evaluator keeps a plain number a Python float)
    two = isinstance(expr, BinOp) and expr.op == "/" and _is_plain_number(expr.left)
    return True, made + (2 if two else 1)


def _is_plain_number(expr: Expr) -> bool:
    while isinstance(expr, Neg):
        expr = expr.operand
    return isinstance(expr, Number)
