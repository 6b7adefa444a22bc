"""Where each box of the autograd graph goes: columns from the input x (left) to the result
(right), gradients flowing leftwards along the arrows; each tensor sits just above the
``grad_fn`` node that made it."""

from __future__ import annotations

from collections.abc import Sequence

Cell = tuple[int, int]  # (column, row)


def layered_layout(
    functions: Sequence[str],
    next_edges: Sequence[tuple[str, str]],
    attached: dict[str, list[str]],
    loose: Sequence[str],
) -> dict[str, Cell]:
    """Grid cells for every node.

    Parameters
    ----------
    functions
        The ``grad_fn`` nodes, result side first (the order they were found in).
    next_edges
        ``(node, next_function)`` pairs, as in ``grad_fn.next_functions``; the graph is acyclic.
    attached
        function -> the tensors it belongs to (``t.grad_fn``, or the leaf of ``AccumulateGrad``).
    loose
        Tensors without a node in the graph (under ``no_grad``, or constants); they get a row
        of their own below the graph, in program order.
    """
    depth = _longest_path_depth(functions, next_edges)
    deepest = max(depth.values(), default=0)
    columns: dict[int, list[str]] = {}
    for function in functions:
        columns.setdefault(deepest - depth[function], []).append(function)
    cells: dict[str, Cell] = {}
    bottom = 0
    for column, members in columns.items():
        row = 0
        for function in members:
            tensors = attached.get(function, [])
            for offset, tensor in enumerate(tensors):
                cells[tensor] = (column, row + offset)
            row += max(1, len(tensors))  # an empty slot keeps functions on one row
            cells[function] = (column, row)
            row += 1
        bottom = max(bottom, row)
    for column, tensor in enumerate(loose):
        cells[tensor] = (column, bottom)
    return cells


def _longest_path_depth(
    functions: Sequence[str], next_edges: Sequence[tuple[str, str]]
) -> dict[str, int]:
    """Depth of each node: the longest chain of edges from a node nothing points to."""
    incoming = {f: 0 for f in functions}
    outgoing: dict[str, list[str]] = {f: [] for f in functions}
    for source, target in next_edges:
        outgoing[source].append(target)
        incoming[target] += 1
    depth = {f: 0 for f in functions}
    ready = [f for f in functions if incoming[f] == 0]
    while ready:  # Kahn's topological order, relaxing depths on the way
        node = ready.pop(0)
        for target in outgoing[node]:
            depth[target] = max(depth[target], depth[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return depth
