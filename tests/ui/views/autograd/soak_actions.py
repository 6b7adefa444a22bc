"""The Autograd tab's user actions and what each implies, for the soak test.

A user types lines of torch (good ones, and junk: Python that must never run, huge exponents,
deep nesting, very long text, nothing, unicode) and a tensor x (good and junk), runs them with
Ctrl+Enter or the buttons (Forward, Backward, Backward again, the steps) and ticks no_grad and
retain_graph. The reference runs each good program here with torch autograd itself, written as
Python (never from the app's parser), and the checks compare the graph's values, gradients and
messages with it; junk must leave the last good graph on screen with a clear message.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from PySide6.QtCore import Qt

from linviz_gui.model.autograd.tensor_text import TensorValue, format_block
from tests.soak.driver import CTRL, SoakDriver
from tests.soak.registry import action, allow_messages, caught_up, check, on_reopen

TITLE = "Autograd"
CHANNEL = "autograd.run"
T = torch.Tensor
Lines = dict[str, T]


def _default(x: T) -> Lines:
    y = x - 2.0
    z = y * y * 3.0
    return {"y": y, "z": z, "a": z.mean()}


def _softplus(x: T) -> Lines:
    e = torch.exp(x / 10.0)
    lg = torch.log(e + 1.0)
    return {"e": e, "l": lg, "m": torch.max(lg)}


def _relu(x: T) -> Lines:
    r = torch.relu(x - 1.0)
    q = r**2.0
    return {"r": r, "q": q, "w": q.mean()}


def _clamped(x: T) -> Lines:
    m2 = torch.maximum(x, torch.tensor(0.5))
    mn = torch.minimum(m2, torch.tensor(2.0))
    return {"m2": m2, "mn": mn, "v": mn.sum()}


def _waves(x: T) -> Lines:
    h = torch.tanh(x) * torch.cos(x) + torch.sin(x)
    return {"h": h, "n": torch.sqrt(torch.abs(h) + 1.0).sum()}


def _constants(_x: T) -> Lines:
    c = torch.tensor(2.0) * 3.0
    return {"c": c, "d": c + 1.0}


def _alias(x: T) -> Lines:
    b1 = x * 2.0
    return {"a1": x, "b1": b1, "c1": b1.sum()}


def _renamed(x: T) -> Lines:
    y = x * x
    return {"y": y, "z": y, "q": y.sum()}


#: Good programs and what each line computes, written here with torch.
GOOD_PROGRAMS: dict[str, Callable[[T], Lines]] = {
    "y = x - 2\nz = y * y * 3\na = z.mean()": _default,
    "b = (x * x).sum()": lambda x: {"b": (x * x).sum()},
    "s = torch.sigmoid(x)\nt2 = s.sum()": lambda x: {"s": (s := torch.sigmoid(x)), "t2": s.sum()},
    "# softplus, then its largest\n\ne = exp(x / 10)\nl = log(e + 1)  # smooth relu\nm = l.max()": (
        _softplus
    ),
    "r = relu(x \u2212 1)\nq = r ** 2\nw = q.mean()": _relu,
    "p = x @ x.t()\nk = p.sum()": lambda x: {"p": (p := x @ x.t()), "k": p.sum()},
    "y = x.t() @ x\ntr = y.sum()": lambda x: {"y": (y := x.t() @ x), "tr": y.sum()},
    "y = matmul(x, x)\nz = y.mean()": lambda x: {"y": (y := torch.matmul(x, x)), "z": y.mean()},
    "m2 = max(x, 0.5)\nmn = min(m2, 2)\nv = mn.sum()": _clamped,
    "h = tanh(x) * cos(x) + sin(x)\nn = (abs(h) + 1).sqrt().sum()": _waves,
    "c = 2 * 3\nd = c + 1": _constants,
    "y = x - 2": lambda x: {"y": x - 2.0},
    "y = x / 0\nz = y.sum()": lambda x: {"y": (y := x / 0.0), "z": y.sum()},
    "y = x.pow(3)\nz = y.min()": lambda x: {"y": (y := torch.pow(x, 3.0)), "z": torch.min(y)},
    "y = x ** -0.5\nz = y.sum()": lambda x: {"y": (y := x**-0.5), "z": y.sum()},
    "y = -x ** 2\nz = y.sum()": lambda x: {"y": (y := -(x**2.0)), "z": y.sum()},
    "sq = square(x)\nneg = sq.mean() * -1": lambda x: {
        "sq": (sq := torch.square(x)),
        "neg": sq.mean() * -1.0,
    },
    "a1 = x\nb1 = a1 * 2\nc1 = b1.sum()": _alias,
    "y = x * x\nz = y\nq = z.sum()": _renamed,
    "u = x * 3\nv = x.sum()": lambda x: {"u": x * 3.0, "v": x.sum()},
    "y = x.max()": lambda x: {"y": torch.max(x)},
    # Nothing saved for backward: a second pass works even without retain_graph.
    "y = x - 2\nz = y.sum()": lambda x: {"y": (y := x - 2.0), "z": y.sum()},
    "m = (x + 1).mean()": lambda x: {"m": (x + 1.0).mean()},
}
DEFAULT_PROGRAM = next(iter(GOOD_PROGRAMS))

#: Within the text limits, but a graph of 1,974 nodes: refused with its size (issue 17), except
#: under no_grad, where no graph is recorded and it runs.
RUNAWAY_PROGRAM = "\n".join(
    f"a{chr(65 + k)} = " + "*-".join([f"a{chr(64 + k)}" if k else "x"] * (49 if k else 65))
    for k in range(20)
)


def _runaway(x: T) -> Lines:
    """RUNAWAY_PROGRAM in torch: each line is ``p * -p * -p …``, left to right."""
    lines: Lines = {}
    previous = x
    for line in RUNAWAY_PROGRAM.splitlines():
        name, expression = line.split(" = ")
        value = previous
        for _ in range(expression.count("*-")):
            value = value * -previous
        lines[name] = previous = value
    return lines


JUNK_PROGRAMS = (
    "__import__('os')",
    "y = __import__('os').system('touch /tmp/linviz-pwned')",
    "y = x.__class__.__bases__[0].__subclasses__()",
    "a**99999",
    "a = x ** 99999",
    "a = x ** 16 ** 16",
    "a = x.pow(1e6)",
    "y = exec('print(1)')",
    "y = open('/etc/passwd')",
    "y = torch.load('f')",
    "y = lambda: x",
    "y = [x]",
    "y = x if x else 2",
    "y = x; import os",
    "y = x.data",
    "y = 1e999",
    "y = 10000000 * x",
    "x = x + 1",
    "y = z + 1",
    "y = x\ny = x * 2",
    "y = x.sum(dim=0)",
    "",
    "   \n\n  # only a comment",
    "\u03c8 = x + 1",
    "y = x \u2297 2",
    "y = x\u00b2",
    "y = x + 1" * 30,
    "y = " + "(" * 40 + "x" + ")" * 40,
    "\n".join(f"v{i} = x + {i}" for i in range(30)),
    "y = x + 1\n# " + "a" * 5000,
    "y = +x",
    "y = x % 2",
    "y = sum x",
    "y = x.relu",
    "y = exp",
    "y = torch.exp",
    "torch = x",
    "sum = x",
    "y = x @",
    "y = x\x00",
    'y = "x"',
    RUNAWAY_PROGRAM,
)

JUNK_X = (
    "",
    " ",
    "abc",
    "[[1, 2], [3]]",
    "[1, 2",
    "1e400",
    "nan",
    "inf",
    "[[1, 2, 3, 4, 5, 6, 7]]",
    "__import__('os')",
    "[" * 60 + "]" * 60,
    "1, 2; 3",
    "[[1, 2], 3]",
    "1001",
    "[]",
    "x" * 600,
    "[[1, 2], [3, 4]] + 1",
    "; ".join(["1, 2"] * 7),
    "\u00bd",
)

# Refused input is explained in the tab and on the status bar: these are those messages.
allow_messages(r"^x: ")
allow_messages(r"^line \d+")
allow_messages(r"^write at least one line")
allow_messages(r"^the program (is too long|has too many lines)")


# The reference: a run, and what torch says it gives ----------------------------------------

XValue = float | tuple[float, ...] | tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Run:
    x: XValue
    program: str
    action: str  # forward, backward, backward_twice
    no_grad: bool
    retain: bool
    step_mode: bool = False


@dataclass(frozen=True)
class Outcome:
    refused: bool
    names: tuple[str, ...] = ()
    values: tuple[tuple[str, Any], ...] = ()
    grads: tuple[tuple[str, Any], ...] = ()
    error: str = ""  # the RuntimeError torch raised in backward, if any
    twice_worked: bool = False
    backward_done: bool = False
    node_count: int = 0


@functools.lru_cache(maxsize=64)
def outcome(run: Run) -> Outcome:
    """Run ``run`` with torch here, as the course would, and note what a user should see."""
    fn = GOOD_PROGRAMS.get(run.program)
    if run.program == RUNAWAY_PROGRAM and run.no_grad:
        fn = _runaway
    if fn is None:
        return Outcome(refused=True)
    x = torch.tensor(run.x, dtype=torch.float32, requires_grad=True)
    try:
        with torch.no_grad() if run.no_grad else torch.enable_grad():
            lines = fn(x)
    except RuntimeError:  # shapes that do not fit: the app must refuse before running
        return Outcome(refused=True)
    result = list(lines.values())[-1]
    inner = {n: t for n, t in lines.items() if t is not x and t.grad_fn is not None}
    for tensor in inner.values():
        tensor.retain_grad()
    values = (("x", x.detach().tolist()), *((n, t.detach().tolist()) for n, t in lines.items()))
    error, twice, done, first_pass = "", False, False, {}
    if run.action != "forward":
        try:
            result.backward(retain_graph=run.retain)
            done = True
            first_pass = {n: t.grad.clone() for n, t in inner.items() if t.grad is not None}
            if run.action == "backward_twice":
                result.backward()
                twice = True
        except RuntimeError as raised:
            error = str(raised)
    grads: dict[str, Any] = {}
    if x.grad is not None:
        grads["x"] = x.grad.tolist()
    grads.update({n: g.tolist() for n, g in first_pass.items()})
    return Outcome(
        refused=False,
        names=tuple(lines),
        values=values,
        grads=tuple(grads.items()),
        error=error,
        twice_worked=twice,
        backward_done=done,
        node_count=_node_count(result),
    )


def _node_count(result: T) -> int:
    """The grad_fn nodes backward() runs: every one reachable from the result's."""
    seen: set[Any] = set()
    queue = [result.grad_fn] if result.grad_fn is not None else []
    while queue:
        node = queue.pop()
        if node in seen:
            continue
        seen.add(node)
        queue.extend(n for n, _ in node.next_functions if n is not None)
    return len(seen)


# The view and the reference state ---------------------------------------------------------------


def _view(d: SoakDriver) -> Any:
    return next(v for v in d.window.views if getattr(v, "title", "") == TITLE)


def _state(d: SoakDriver) -> dict[str, Any]:
    """What the actions imply; it starts as the app starts (the course's first example)."""
    if TITLE not in d.view_state:
        view = _view(d)
        start = view.view_state()
        d.expect(start["program"] == DEFAULT_PROGRAM, f"the tab starts with {start['program']!r}")
        x = _x_value(_parse_default_x(start["x"]))
        run = Run(x, DEFAULT_PROGRAM, "forward", False, False)
        d.view_state[TITLE] = {
            "x": x,  # the committed x
            "x_junk": None,  # the junk text in the x field, if any
            "program": start["program"],
            "no_grad": False,
            "retain": False,
            "last_action": "forward",
            "shown": run,
            "step": None,
            "error": "",  # "x", "program" or "" (the inline error shown)
            "marker": 0,
        }
    return d.view_state[TITLE]


@on_reopen(TITLE)
def after_reopening(state: dict[str, Any], _saved: dict[str, Any], marker: int) -> dict[str, Any]:
    """This tab's reference after reopening a session saved when it was ``state`` (for the
    session actions; ``marker`` from ``d.next_job_id()`` before reopening): the session kept x
    and the lines of the graph on show (not junk being typed) and the two boxes; it runs
    forward."""
    shown: Run = state["shown"]
    run = Run(shown.x, shown.program, "forward", state["no_grad"], state["retain"])
    return {
        **state,
        "x": shown.x,
        "x_junk": None,
        "program": shown.program,
        "last_action": "forward",
        "shown": run,
        "step": None,
        "error": "",
        "marker": marker,
    }


def _parse_default_x(text: str) -> Any:
    return json.loads(text)  # the app's default x is written as JSON would write it


def _x_value(data: Any) -> XValue:
    if isinstance(data, list):
        return tuple(_x_value(v) for v in data)  # type: ignore[return-value]
    return float(data)


def _caught_up_now(d: SoakDriver) -> bool:
    view = _view(d)
    return view.result is not None and view._applied_id > _state(d)["marker"]


def _wait(d: SoakDriver) -> None:
    d.wait_until(lambda: _caught_up_now(d), "the autograd graph for the last run came back")


def _attempt(d: SoakDriver, action: str, step_mode: bool, marker: int) -> None:
    """A run was asked for: it is refused (x junk, program junk or shapes) or shown."""
    state = _state(d)
    if state["x_junk"] is not None:
        state["error"] = "x"
        return
    run = Run(state["x"], state["program"], action, state["no_grad"], state["retain"], step_mode)
    if outcome(run).refused:
        state["error"] = "program"
        return
    state.update(error="", last_action=action, shown=run, step=None, marker=marker)


def _expect_refusal_shown(d: SoakDriver, seen: int) -> None:
    state, view = _state(d), _view(d)
    if not state["error"]:
        return
    text = view.error_label.text()
    d.expect(not view.error_label.isHidden() and text != "", "a refused run says why in the tab")
    if state["error"] == "x":
        d.expect(text.startswith("x: "), f"a junk x is named: {text!r}")
    d.expect(
        text in d.messages_since(seen), f"the status bar repeats {text!r}: {d.messages_since(seen)}"
    )


# Actions ---------------------------------------------------------------------------------------


def _good_x(d: SoakDriver) -> tuple[str, XValue]:
    rng = d.rng

    def number() -> tuple[str, float]:
        value = rng.choice([float(rng.randint(-3, 4)), round(rng.uniform(-3, 3), 1)])
        text = f"{value:g}"
        if value < 0 and rng.random() < 0.3:
            text = "\u2212" + text[1:]  # the minus sign a word processor writes
        return text, value

    kind = rng.choice(["scalar", "vector", "matrix", "matrix", "matrix"])
    if kind == "scalar":
        return number()
    if kind == "vector":
        cells = [number() for _ in range(rng.randint(1, 4))]
        inner = ", ".join(t for t, _ in cells)
        text = f"[{inner}]" if len(cells) == 1 or rng.random() < 0.6 else inner
        return text, tuple(v for _, v in cells)
    r, c = rng.randint(1, 4), rng.randint(1, 4)
    rows = [[number() for _ in range(c)] for _ in range(r)]
    if r > 1 and rng.random() < 0.4:
        text = "; ".join(" ".join(t for t, _ in row) for row in rows)
    else:
        text = "[" + ", ".join("[" + ", ".join(t for t, _ in row) + "]" for row in rows) + "]"
    return text, tuple(tuple(v for _, v in row) for row in rows)


@action(weight=0.7, tab=TITLE)
def type_x(d: SoakDriver) -> None:
    state, view, rng = _state(d), _view(d), d.rng
    good = rng.random() < 0.65
    text, value = _good_x(d) if good else (rng.choice(JUNK_X), None)
    d.note(f"type x {text[:60]!r}")
    seen, marker, error_before = len(d.messages), d.next_job_id(), view.x_field.error
    d.type_text(view.x_field, text, by_keys=_by_keys(d, text))
    if not good:
        state.update(x_junk=text, error="x")
        d.expect(view.x_field.error != "", f"x {text[:60]!r} is refused in the field")
        if view.x_field.error != error_before:  # (the same junk again: still red, still said)
            _expect_refusal_shown(d, seen)
        return
    state["x_junk"] = None
    d.expect(view.x_field.error == "", f"x {text!r} is accepted: {view.x_field.error!r}")
    if state["error"] == "x":
        state["error"] = ""  # a good x clears what was said about the bad one
    if value != state["x"]:  # a new x re-runs the last action
        state["x"] = value
        _attempt(d, state["last_action"], False, marker)
        _expect_refusal_shown(d, seen)


@action(weight=1.6, tab=TITLE)
def type_lines_and_run(d: SoakDriver) -> None:
    state, view, rng = _state(d), _view(d), d.rng
    good = rng.random() < 0.6
    text = rng.choice(list(GOOD_PROGRAMS) if good else JUNK_PROGRAMS)
    editor = view.program_edit
    by_keys = _by_keys(d, text.replace("\n", " ")) and "\u2212" not in text
    d.note(f"type lines {text[:60]!r} ({'keys' if by_keys else 'pasted'})")
    editor.setFocus()
    d.qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    if by_keys:
        d.qtbot.keyClick(editor, Qt.Key.Key_Backspace)
        for k, line in enumerate(text.split("\n")):
            if k:
                d.qtbot.keyClick(editor, Qt.Key.Key_Return)
            if line:
                d.qtbot.keyClicks(editor, line)
    else:
        editor.insertPlainText(text)  # a paste replaces the selection
    d.pump()
    d.expect(editor.toPlainText() == text, f"the editor holds {editor.toPlainText()[:60]!r}")
    state["program"] = text
    if rng.random() < 0.2:
        return  # typed, not run yet
    _run_by_a_button(d, rng.choice(["ctrl+enter", "ctrl+enter", "forward", "backward", "again"]))


def _run_by_a_button(d: SoakDriver, how: str) -> None:
    view = _view(d)
    seen, marker = len(d.messages), d.next_job_id()
    d.note(f"run: {how}")
    if how == "ctrl+enter":
        d.key(view.program_edit, Qt.Key.Key_Return, CTRL)
    else:
        buttons = {
            "forward": view.forward_button,
            "backward": view.backward_button,
            "again": view.again_button,
        }
        d.click(buttons[how])
    action_name = {"again": "backward_twice", "ctrl+enter": "forward"}.get(how, how)
    _attempt(d, action_name, False, marker)
    _expect_refusal_shown(d, seen)
    if d.rng.random() < 0.7:  # mostly the user looks before the next click
        _wait(d)
        autograd_graph_is_torchs(d)


@action(weight=0.8, tab=TITLE)
def click_a_run_button(d: SoakDriver) -> None:
    _run_by_a_button(d, d.rng.choice(["forward", "backward", "backward", "again"]))


@action(weight=0.8, tab=TITLE)
def step_backward(d: SoakDriver) -> None:
    _wait(d)  # the buttons step through the graph on screen
    state, view = _state(d), _view(d)
    shown = outcome(state["shown"])
    can_step = shown.backward_done and shown.node_count > 0
    last = shown.node_count - 1
    ahead = d.rng.random() < 0.65
    d.note(f"click {'Step ▶' if ahead else '◀ Step'} (step {state['step']}, can step {can_step})")
    d.expect(view.step_prev_button.isEnabled() == can_step, "◀ Step is enabled when it can step")
    if ahead:
        seen, marker = len(d.messages), d.next_job_id()
        d.click(view.step_next_button)
        if not can_step:
            _attempt(d, "backward", True, marker)
            _expect_refusal_shown(d, seen)
            _wait(d)
            run = state["shown"]
            if run.step_mode and outcome(run).backward_done and state["error"] == "":
                state["step"] = 0
        else:
            state["step"] = -1 if state["step"] is None else min(state["step"] + 1, last)
    else:
        d.click(view.step_prev_button)
        if can_step:
            state["step"] = max(-1, (last if state["step"] is None else state["step"]) - 1)
    d.expect(view.step == state["step"], f"the step is {view.step}, not {state['step']}")
    autograd_graph_is_torchs(d)


@action(weight=0.5, tab=TITLE)
def toggle_no_grad_or_retain(d: SoakDriver) -> None:
    state, view = _state(d), _view(d)
    key = d.rng.choice(["no_grad", "retain"])
    box = view.no_grad_check if key == "no_grad" else view.retain_check
    d.note(f"click {box.text()!r}")
    seen, marker = len(d.messages), d.next_job_id()
    d.click_check_box(box)
    state[key] = not state[key]
    d.expect(box.isChecked() == state[key], f"{box.text()} toggled")
    _attempt(d, state["last_action"], False, marker)
    _expect_refusal_shown(d, seen)


def _by_keys(d: SoakDriver, text: str) -> bool:
    """Short printable ASCII is typed key by key (QTest aborts on other keys); the rest pasted."""
    return len(text) <= 40 and text.isascii() and text.isprintable() and d.rng.random() < 0.5


# Caught up and checks ----------------------------------------------------------------------------


@caught_up
def autograd_shows_the_last_run(d: SoakDriver) -> bool:
    return _caught_up_now(d)


@check
def autograd_editors_match_the_reference(d: SoakDriver) -> None:
    state, view = _state(d), _view(d)
    d.expect(view.program_edit.toPlainText() == state["program"], "the lines are as typed")
    d.expect(view.no_grad_check.isChecked() == state["no_grad"], "the no_grad box")
    d.expect(view.retain_check.isChecked() == state["retain"], "the retain_graph box")
    field = view.x_field
    if state["x_junk"] is None:
        d.expect(field.error == "", f"x is good: {field.error!r}")
        # the field shows x exactly, -0 included (the run re-reads it)
        shown = TensorValue(state["x"]).to_text()
        d.expect(field.text() == shown, f"the x field shows {field.text()!r}, not {shown!r}")
    else:
        d.expect(field.text() == state["x_junk"] and field.error != "", "the junk x is marked")
    d.expect(field.value().data == state["x"], f"x in force is {field.value().data}")
    expected_error = state["error"] != ""
    d.expect(
        view.error_label.isHidden() != expected_error,
        f"the inline error is shown exactly after a refused run: {view.error_label.text()!r}",
    )


@check
def autograd_graph_is_torchs(d: SoakDriver) -> None:
    state, view = _state(d), _view(d)
    run: Run = state["shown"]
    result = view.result
    want = outcome(run)
    request = result.request
    d.expect(
        request.x.data == run.x
        and request.action == run.action
        and request.no_grad == run.no_grad
        and request.retain_graph == run.retain
        and request.program.names == want.names,
        f"the graph shown is for {run}, not {request}",
    )
    values = dict(want.values)
    d.expect(set(result.values) == set(values), f"values for {sorted(result.values)}")
    for name, value in values.items():
        d.expect(_close(result.values[name], value), f"{name} = {result.values[name]}, not {value}")
    grads = dict(want.grads)
    d.expect(set(result.grads) == set(grads), f"gradients of {sorted(result.grads)}, not {grads}")
    for name, grad in grads.items():
        d.expect(_close(result.grads[name], grad), f"d/d{name} = {result.grads[name]}, not {grad}")
    d.expect(result.backward_done == want.backward_done, "backward done or not, as in torch")
    message = view.message_label.text()
    if want.error:
        d.expect(want.error in message, f"torch's error {want.error!r} is shown: {message!r}")
    elif want.twice_worked:
        d.expect("twice as large" in message, f"the second backward() is explained: {message!r}")
        if not run.retain:
            d.expect(
                "retain_graph=True)" not in message,
                f"retain_graph was off, the message must not say it was on: {message!r}",
            )
    else:
        d.expect(message == "" and view.message_label.isHidden(), f"no message: {message!r}")
    if want.backward_done:
        d.expect(len(result.steps) == want.node_count, f"{len(result.steps)} backward steps")
    result_name = want.names[-1]
    facts = view.facts_edit.toPlainText()
    d.expect(facts.startswith(f"{result_name} = "), f"the facts start with the result: {facts!r}")
    _boxes_show_it(d, values, grads, want)


def _boxes_show_it(
    d: SoakDriver, values: dict[str, Any], grads: dict[str, Any], want: Outcome
) -> None:
    view, state = _view(d), _state(d)
    canvas = view.canvas
    if d.ref.device == "cpu":  # the same float32 arithmetic: the same digits
        for name, value in values.items():
            box = canvas.box_text(f"t:{name}")
            d.expect(format_block(value) in box, f"the {name} box shows {value}: {box!r}")
    step = state["step"]
    x_box = canvas.box_text("t:x")
    if "x" in grads and step is None:
        d.expect("x.grad =" in x_box, f"x.grad is shown after backward: {x_box!r}")
    if "x" not in grads or step == -1:
        d.expect("x.grad" not in x_box, f"no x.grad before backward reaches x: {x_box!r}")
    label = view.step_label.text()
    if step is not None:
        d.expect(label.startswith(f"step {step + 1} of {want.node_count}"), f"step label {label!r}")
    elif want.backward_done and want.node_count:
        d.expect(label == f"all {want.node_count} backward steps shown", f"step label {label!r}")


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(_close(p, q) for p, q in zip(a, b, strict=True))
        )
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6)
