"""Run a parsed program with real torch autograd and describe its graph as plain data.

``x`` is a float32 leaf with ``requires_grad=True``; each line's tensor is computed from the
syntax tree of :mod:`expr_parser` (never from text). The graph is read the way PyTorch stores
it: each tensor's ``grad_fn`` and the ``next_functions`` of every node, down to
``AccumulateGrad``, whose ``.variable`` is x. Gradients arriving at each node during
``backward()`` are recorded in the order the engine runs the nodes, for the step-by-step mode.
Errors PyTorch raises (backward twice, backward under ``no_grad``) become the result's
``message``; they are the lesson, not a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linviz_gui.model.autograd.graph_size import check_graph_size
from linviz_gui.model.autograd.layout import layered_layout
from linviz_gui.model.autograd.parser import (
    INPUT_NAME,
    BinOp,
    Call,
    Expr,
    Name,
    Neg,
    Number,
    Program,
    expr_text,
    parse_program,
)
from linviz_gui.model.autograd.shapes import program_shapes
from linviz_gui.model.autograd.tensor_text import (
    TensorValue,
    format_block,
    format_values,
    parse_tensor,
)
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

DEFAULT_X = "[[1, 2], [3, 4]]"
DEFAULT_PROGRAM = "y = x - 2\nz = y * y * 3\na = z.mean()"

#: What a run does after the forward pass.
ACTIONS = ("forward", "backward", "backward_twice")


@dataclass(frozen=True)
class AutogradRequest:
    x: TensorValue
    program: Program
    action: str = "forward"
    no_grad: bool = False
    retain_graph: bool = False

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise InputError(f"action must be one of {', '.join(ACTIONS)}; got {self.action!r}")


@dataclass(frozen=True)
class GraphNode:
    """One box: a named tensor (``kind == "tensor"``) or a ``grad_fn`` node (``"function"``)."""

    key: str
    kind: str
    title: str
    value: str  # tensor: its values; function: what it computed
    note: str  # tensor: leaf / grad_fn; function: "" or the variable it accumulates into
    grad: str = ""  # after backward: x.grad, dA/dtensor, or the gradient arriving at the node
    owner: str = ""  # tensor: the function whose backward step reveals its gradient
    cell: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class GraphEdge:
    """``next``: node -> next function (gradients flow along it); ``grad_fn``: tensor -> its
    grad_fn; ``variable``: AccumulateGrad -> the leaf it writes ``.grad`` into."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class BackwardStep:
    node: str
    title: str
    grad: str  # the gradient arriving at the node, d(result)/d(its output)


@dataclass(frozen=True)
class AutogradResult:
    request: AutogradRequest
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    values: dict[str, Any]  # name -> nested lists of floats (or a float)
    grads: dict[str, Any]  # name -> d(result)/d(name) after backward (x: x.grad)
    steps: tuple[BackwardStep, ...]
    facts: tuple[str, ...]
    message: str = ""
    backward_done: bool = False
    device: str = "cpu"

    def node(self, key: str) -> GraphNode:
        return next(n for n in self.nodes if n.key == key)


def make_request(
    x_text: str,
    program_text: str,
    action: str = "forward",
    no_grad: bool = False,
    retain_graph: bool = False,
) -> AutogradRequest:
    """Validate the user's text into a request (shapes and graph size checked, nothing
    computed)."""
    x = parse_tensor(x_text)
    program = parse_program(program_text)
    program_shapes(program, x.shape)
    check_graph_size(program, no_grad)
    return AutogradRequest(x, program, action, no_grad, retain_graph)


def run_autograd(request: AutogradRequest, device: str = "cpu") -> AutogradResult:
    """Evaluate ``request`` with torch on ``device`` and read back its graph (see module doc)."""
    import torch

    program_shapes(request.program, request.x.shape)  # refuses before anything is allocated
    check_graph_size(request.program, request.no_grad)
    x = torch.tensor(request.x.data, dtype=torch.float32, device=device, requires_grad=True)
    env: dict[str, Any] = {INPUT_NAME: x}
    produced: list[tuple[Any, str]] = []  # every op's output with its text, for node labels
    with torch.no_grad() if request.no_grad else torch.enable_grad():
        for line in request.program.lines:
            value = _evaluate(line.expr, env, produced, device)
            if not isinstance(value, torch.Tensor):
                value = torch.tensor(value, dtype=torch.float32, device=device)
            env[line.name] = value
    graph = _read_graph(request.program, env, produced)
    message, backward_done = _run_backward(request, env, graph)
    return graph.result(request, env, message, backward_done, str(x.device))


# Evaluation ----------------------------------------------------------------------------------


def _evaluate(expr: Expr, env: dict[str, Any], produced: list[tuple[Any, str]], device: str) -> Any:
    import torch

    if isinstance(expr, Number):
        return expr.value
    if isinstance(expr, Name):
        return env[expr.id]
    if isinstance(expr, Neg):
        operand = _evaluate(expr.operand, env, produced, device)
        result = -operand
    elif isinstance(expr, BinOp):
        left = _evaluate(expr.left, env, produced, device)
        right = _evaluate(expr.right, env, produced, device)
        if not isinstance(left, torch.Tensor) and not isinstance(right, torch.Tensor):
            # Two constants: compute in float32 like torch, so 1/0 is inf and nothing overflows
            left = torch.tensor(left, dtype=torch.float32, device=device)
        result = _BINARY[expr.op](left, right)
    else:
        args = [_evaluate(a, env, produced, device) for a in expr.args]
        result = _call(expr, args, device)
    produced.append((result, expr_text(expr)))
    return result


_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
    "@": lambda a, b: a @ b,
}


def _call(call: Call, args: list[Any], device: str) -> Any:
    import torch

    def tensor(value: Any) -> torch.Tensor:
        if isinstance(value, torch.Tensor):
            return value
        return torch.tensor(value, dtype=torch.float32, device=device)

    name = call.func
    if name == "pow":
        return torch.pow(tensor(args[0]), args[1])
    if name == "matmul":
        return torch.matmul(tensor(args[0]), tensor(args[1]))
    if name in ("max", "min") and len(args) == 2:
        pick = torch.maximum if name == "max" else torch.minimum
        return pick(tensor(args[0]), tensor(args[1]))
    unary: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
        "mean": torch.mean,
        "sum": torch.sum,
        "exp": torch.exp,
        "log": torch.log,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "abs": torch.abs,
        "sqrt": torch.sqrt,
        "sin": torch.sin,
        "cos": torch.cos,
        "square": torch.square,
        "t": torch.t,
        "max": torch.max,
        "min": torch.min,
    }
    return unary[name](tensor(args[0]))


# The graph -----------------------------------------------------------------------------------


@dataclass
class _Graph:
    """What was read from the tensors' grad_fn chains; filled in by backward."""

    keys: dict[Any, str]  # grad_fn node -> key
    titles: dict[str, str]
    outputs: dict[str, str]  # function key -> text of the anonymous tensor it made
    edges: list[GraphEdge]
    owners: dict[str, str]  # tensor name -> its function key
    steps: list[BackwardStep] = field(default_factory=list)
    arriving: dict[str, Any] = field(default_factory=dict)  # key -> gradient values
    recording: bool = False

    def record(self, key: str, grads: Any) -> None:
        if not self.recording:
            return
        grad = grads[0] if grads else None
        if grad is None:
            self.steps.append(BackwardStep(key, self.titles[key], "None"))
            return
        values = grad.detach().cpu().tolist()
        self.arriving[key] = values
        self.steps.append(BackwardStep(key, self.titles[key], format_values(values)))

    def result(
        self,
        request: AutogradRequest,
        env: dict[str, Any],
        message: str,
        backward_done: bool,
        device: str,
    ) -> AutogradResult:
        names = (INPUT_NAME, *request.program.names)
        values = {name: env[name].detach().cpu().tolist() for name in names}
        grads: dict[str, Any] = {}
        x = env[INPUT_NAME]
        if x.grad is not None:
            grads[INPUT_NAME] = x.grad.detach().cpu().tolist()
        for name in request.program.names:
            owner = self.owners.get(name, "")
            if owner in self.arriving and any(s.node == owner for s in self.steps):
                grads[name] = self.arriving[owner]
        nodes = self._nodes(request, env, values, grads)
        return AutogradResult(
            request=request,
            nodes=nodes,
            edges=tuple(self.edges),
            values=values,
            grads=grads,
            steps=tuple(self.steps),
            facts=_facts(request, env, self, grads, backward_done),
            message=message,
            backward_done=backward_done,
            device=device,
        )

    def _nodes(
        self,
        request: AutogradRequest,
        env: dict[str, Any],
        values: dict[str, Any],
        grads: dict[str, Any],
    ) -> tuple[GraphNode, ...]:
        result_name = request.program.result_name
        functions = list(self.titles)
        attached: dict[str, list[str]] = {}
        loose: list[str] = []
        sources = {INPUT_NAME: "x (requires_grad=True)"}
        sources.update({line.name: line.source for line in request.program.lines})
        for name in sources:
            owner = self.owners.get(name)
            if owner is None:
                loose.append(f"t:{name}")
            else:
                attached.setdefault(owner, []).append(f"t:{name}")
        next_edges = [(e.source, e.target) for e in self.edges if e.kind == "next"]
        cells = layered_layout(functions, next_edges, attached, loose)
        nodes = []
        for name, source in sources.items():
            tensor = env[name]
            grad = ""
            if name == INPUT_NAME:
                note = f"is_leaf: True\ngrad_fn: None\nrequires_grad: {tensor.requires_grad}"
                if name in grads:
                    grad = f"x.grad =\n{format_block(grads[name])}"
            elif tensor.grad_fn is not None:
                note = f"is_leaf: False\ngrad_fn: {_node_title(tensor.grad_fn)}"
                if name in grads:
                    grad = f"∂{result_name}/∂{name} =\n{format_block(grads[name])}"
            else:
                note = f"grad_fn: None\nrequires_grad: {tensor.requires_grad}"
            key = f"t:{name}"
            nodes.append(
                GraphNode(
                    key,
                    "tensor",
                    source,
                    format_block(values[name]),
                    note,
                    grad,
                    self.owners.get(name, ""),
                    cells[key],
                )
            )
        for key, title in self.titles.items():
            grad = f"grad in:\n{format_block(self.arriving[key])}" if key in self.arriving else ""
            nodes.append(
                GraphNode(
                    key, "function", title, self.outputs.get(key, ""), "", grad, "", cells[key]
                )
            )
        return tuple(nodes)


def _read_graph(program: Program, env: dict[str, Any], produced: list[tuple[Any, str]]) -> _Graph:
    """Walk ``grad_fn.next_functions`` from each named tensor, result first, breadth first."""
    keys: dict[Any, str] = {}
    titles: dict[str, str] = {}
    edges: list[GraphEdge] = []
    owners: dict[str, str] = {}
    names = [program.result_name, *reversed(program.names[:-1])]
    queue = [env[name].grad_fn for name in names if env[name].grad_fn is not None]
    x = env[INPUT_NAME]
    while queue:
        node = queue.pop(0)
        if node in keys:
            continue
        key = f"f{len(keys)}"
        keys[node] = key
        titles[key] = _node_title(node)
        for next_node, _index in node.next_functions:
            if next_node is not None:
                queue.append(next_node)
        if getattr(node, "variable", None) is x:
            owners[INPUT_NAME] = key
    seen_edges: set[tuple[str, str]] = set()
    for node, key in keys.items():
        for next_node, _index in node.next_functions:
            if next_node is None or (key, keys[next_node]) in seen_edges:
                continue
            seen_edges.add((key, keys[next_node]))
            edges.append(GraphEdge(key, keys[next_node], "next"))
    for name in (INPUT_NAME, *program.names):
        grad_fn = env[name].grad_fn
        if grad_fn is not None and grad_fn in keys:
            owners[name] = keys[grad_fn]
            edges.append(GraphEdge(f"t:{name}", keys[grad_fn], "grad_fn"))
    if INPUT_NAME in owners:
        edges.append(GraphEdge(owners[INPUT_NAME], f"t:{INPUT_NAME}", "variable"))
    named = {id(env[name]) for name in program.names}
    outputs: dict[str, str] = {}
    for tensor, text in produced:
        grad_fn = getattr(tensor, "grad_fn", None)
        if grad_fn in keys and id(tensor) not in named:
            outputs[keys[grad_fn]] = f"{text} =\n{format_block(tensor.detach().cpu().tolist())}"
    graph = _Graph(keys, titles, outputs, edges, owners)
    for node, key in keys.items():
        node.register_prehook(_Recorder(graph, key))
    return graph


class _Recorder:
    """A prehook: the gradient arriving at one node, kept while ``graph.recording``."""

    def __init__(self, graph: _Graph, key: str) -> None:
        self._graph = graph
        self._key = key

    def __call__(self, grad_outputs: Any) -> None:
        self._graph.record(self._key, grad_outputs)


def _node_title(node: Any) -> str:
    name = type(node).__name__
    return name if name and name != "Node" else node.name().rsplit("::", 1)[-1]


def _run_backward(request: AutogradRequest, env: dict[str, Any], graph: _Graph) -> tuple[str, bool]:
    """Run backward as asked; PyTorch's own error text is returned, not raised."""
    if request.action == "forward":
        return "", False
    result = env[request.program.result_name]
    graph.recording = True
    try:
        result.backward(retain_graph=request.retain_graph)
    except RuntimeError as error:
        return f"{request.program.result_name}.backward() raised RuntimeError: {error}", False
    finally:
        graph.recording = False
    if request.action == "backward":
        return "", True
    first_steps = list(graph.steps)
    graph.steps.clear()
    graph.recording = True
    try:
        result.backward()
    except RuntimeError as error:
        graph.steps[:] = first_steps  # show the pass that worked
        return (
            f"second {request.program.result_name}.backward() raised RuntimeError: {error}",
            True,
        )
    finally:
        graph.recording = False
    # Without retain_graph a second pass still works when no node saved a tensor to free
    # (sums, subtractions of constants): say so, not that the graph was kept.
    why = (
        "because the first kept the graph (retain_graph=True)"
        if request.retain_graph
        else "without retain_graph: no node of this graph saved a tensor for backward, so "
        "nothing was freed"
    )
    return (
        f"the second backward() worked {why}; gradients accumulate, so x.grad is now twice "
        "as large",
        True,
    )


def _facts(
    request: AutogradRequest,
    env: dict[str, Any],
    graph: _Graph,
    grads: dict[str, Any],
    backward_done: bool,
) -> tuple[str, ...]:
    """The notebook's lessons, read off this very graph."""
    program = request.program
    result_name = program.result_name
    facts = [f"{result_name} = {format_values(env[result_name].detach().cpu().tolist())}"]
    if request.no_grad:
        facts.append(
            "inside torch.no_grad() no graph is recorded: every grad_fn is None and "
            "requires_grad is False, so there is nothing to call backward() on"
        )
        return tuple(facts)
    facts.append("x is a leaf: x.is_leaf = True, x.grad_fn = None")
    for name in program.names:
        grad_fn = env[name].grad_fn
        if env[name] is env[INPUT_NAME]:
            facts.append(f"{name} is x itself: the same leaf tensor, grad_fn = None")
            continue
        if grad_fn is None:
            facts.append(f"{name}.grad_fn = None ({name} does not depend on x)")
            continue
        facts.append(f"{name}.grad_fn = <{_node_title(grad_fn)}>, {name}.is_leaf = False")
        for index, (next_node, _i) in enumerate(grad_fn.next_functions):
            if next_node is not None and _node_title(next_node) == "AccumulateGrad":
                facts.append(
                    f"{name}.grad_fn.next_functions[{index}][0] = <AccumulateGrad>, "
                    "whose .variable is x"
                )
    if backward_done:
        if INPUT_NAME in grads:
            facts.append(f"x.grad = {format_values(grads[INPUT_NAME])}")
        non_leaf = [n for n in program.names if env[n].grad_fn is not None]
        if non_leaf:
            shown = non_leaf[0]
            facts.append(
                f"{shown}.grad is None: PyTorch keeps .grad only for leaves "
                f"(the boxes show ∂{result_name}/∂{shown}, the gradient that flowed through)"
            )
    return tuple(facts)
