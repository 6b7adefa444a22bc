"""Shapes of every line of a parsed program, worked out before anything is computed.

This refuses shape mismatches (``@`` of 2x3 by 2x2) and intermediates above
:data:`MAX_ELEMENTS` with a message naming the line, so torch never allocates them.
"""

from __future__ import annotations

from linviz_gui.model.autograd.parser import (
    INPUT_NAME,
    Assignment,
    BinOp,
    Call,
    Expr,
    Name,
    Neg,
    Number,
    Program,
)
from linviz_gui.model.linear.matrix import InputError

Shape = tuple[int, ...]

MAX_ELEMENTS = 4096
MAX_DIMS = 2

_REDUCTIONS = frozenset({"mean", "sum"})


def program_shapes(program: Program, x_shape: Shape) -> dict[str, Shape]:
    """The shape of ``x`` and of each line's tensor; :class:`InputError` names a bad line."""
    shapes: dict[str, Shape] = {INPUT_NAME: tuple(x_shape)}
    _check_size(shapes[INPUT_NAME], "x")
    for line in program.lines:
        shapes[line.name] = _shape(line.expr, shapes, line)
    return shapes


def _shape(expr: Expr, shapes: dict[str, Shape], line: Assignment) -> Shape:
    if isinstance(expr, Number):
        return ()
    if isinstance(expr, Name):
        return shapes[expr.id]
    if isinstance(expr, Neg):
        return _shape(expr.operand, shapes, line)
    if isinstance(expr, BinOp):
        left = _shape(expr.left, shapes, line)
        right = _shape(expr.right, shapes, line)
        if expr.op == "@":
            result = _matmul_shape(left, right, line)
        else:
            result = _broadcast(left, right, expr.op, line)
    else:
        result = _call_shape(expr, [_shape(a, shapes, line) for a in expr.args], line)
    _check_size(result, f"line {line.line_no}")
    return result


def _call_shape(call: Call, args: list[Shape], line: Assignment) -> Shape:
    if call.func in _REDUCTIONS or (call.func in ("max", "min") and len(args) == 1):
        return ()
    if call.func == "t":
        if len(args[0]) > 2:
            raise InputError(f"line {line.line_no}: t() needs a tensor with at most 2 dimensions")
        return tuple(reversed(args[0]))
    if call.func == "matmul":
        return _matmul_shape(args[0], args[1], line)
    if len(args) == 2:  # pow, max, min of two tensors broadcast like the operators
        return _broadcast(args[0], args[1], call.func, line)
    return args[0]


def _broadcast(left: Shape, right: Shape, op: str, line: Assignment) -> Shape:
    size = max(len(left), len(right))
    padded_left = (1,) * (size - len(left)) + left
    padded_right = (1,) * (size - len(right)) + right
    result = []
    for a, b in zip(padded_left, padded_right, strict=True):
        if a != b and 1 not in (a, b):
            raise InputError(
                f"line {line.line_no}: shapes {_text(left)} and {_text(right)} do not "
                f"broadcast for {op!r}"
            )
        result.append(max(a, b))
    return tuple(result)


def _matmul_shape(left: Shape, right: Shape, line: Assignment) -> Shape:
    where = f"line {line.line_no}: "
    if not left or not right:
        raise InputError(f"{where}@ needs tensors with at least 1 dimension; got a scalar")
    if len(left) > 2 or len(right) > 2:
        raise InputError(f"{where}@ is limited to vectors and matrices here")
    inner_left = left[-1]
    inner_right = right[0] if len(right) == 1 else right[-2]
    if inner_left != inner_right:
        raise InputError(
            f"{where}cannot multiply {_text(left)} @ {_text(right)}: "
            f"{inner_left} columns against {inner_right} rows"
        )
    return left[:-1] + right[1:] if len(right) == 2 else left[:-1]


def _check_size(shape: Shape, where: str) -> None:
    count = 1
    for size in shape:
        count *= size
    if len(shape) > MAX_DIMS:
        raise InputError(f"{where}: {len(shape)} dimensions; the limit is {MAX_DIMS}")
    if count > MAX_ELEMENTS:
        raise InputError(
            f"{where}: a {_text(shape)} tensor has {count} elements; the limit is {MAX_ELEMENTS}"
        )


def _text(shape: Shape) -> str:
    return "×".join(str(s) for s in shape) if shape else "scalar"
