"""The Classifier tab's user actions and what each implies, for the soak test.

Real events only: drags of each w handle (near, far off screen, past 1000, onto the origin,
cancelled by a right-click) and of each hyperplane sideways, numbers and junk typed into w, b,
N, seed, separation, K and the learning rate, combo boxes moved with the keyboard, the scale
buttons, Play / Pause / Step / Reset clicked. The reference trains alongside with its own torch
loop, so the weights after a few hundred ms of Play are checked step for step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QPointF, QRectF, Qt

from linviz_gui.model.classifier.hyperplane import LinearParams
from linviz_gui.model.classifier.training import TrainConfig
from linviz_gui.model.data.labelled import (
    LABELLED_KINDS,
    MAX_LABELLED_POINTS,
    LabelledSpec,
    make_labelled,
)
from linviz_gui.ui.widgets.class_colors import class_argb
from tests.soak.driver import NO_MODIFIER, SHIFT, SoakDriver, drag_target, straight_path
from tests.soak.registry import action, allow_messages, caught_up, check, on_reopen
from tests.ui.views.explorer.soak_actions import (
    JUNK_NUMBERS,
    JUNK_SEEDS,
    _by_keys,
    _drag_candidates,
    _good_number,
)

TAB = "Classifier"
MAX_ENTRY = 1000.0
#: The tab opens on these (written out here, not read from the app).
OPENING_PARAMS = LinearParams.binary((1.0, -0.5), 0.5)
BINARY_LOSSES = ("perceptron", "hinge", "logistic")
LOSS_ORDER = ("perceptron", "hinge", "logistic", "softmax")
OPTIMIZER_ORDER = ("sgd", "adam")
STEPS_ORDER = (1, 5, 20, 100)
#: Play runs this long at most (ms): training must not slow the soak down.
PLAY_MS = (0, 20, 60, 150)

allow_messages(
    r"classes: training with softmax cross-entropy|; keeping the last value|^Cannot scale: "
    r"|training diverged|loss needs 2 classes"
)


@dataclass
class ClassifierRef:
    """What the actions imply: the data, the training options, the run's start and where it is,
    and the reference trainer's own Adam memory."""

    spec: LabelledSpec = field(default_factory=LabelledSpec)
    config: TrainConfig = field(default_factory=TrainConfig)
    params: LinearParams = OPENING_PARAMS
    start: LinearParams = OPENING_PARAMS
    step: int = 0
    steps_per_frame: int = 20
    gradient: bool = True
    regions: bool = True
    memory_of: str = ""  # the optimiser of the last step taken: its memory carries on
    moments: Any = None  # Adam: (count, first moments, second moments)
    first_job: int = 0  # jobs before this one ran before the soak listened

    def new_run(self, params: LinearParams) -> None:
        self.params = self.start = params
        self.step = 0
        self.memory_of, self.moments = "", None

    @property
    def classes(self) -> int:
        return self.spec.classes if self.spec.kind == "spirals" else 2


def _ref(d: SoakDriver) -> ClassifierRef:
    state = d.view_state.setdefault(TAB, {})
    if "ref" not in state:
        state["ref"] = ClassifierRef(first_job=d.next_job_id())
        d.ref.register(TAB, lambda snapshot: _put_back(d, snapshot))
    ref: ClassifierRef = state["ref"]
    return ref


# Undo: a step holds the data's spec and the w, b it showed; putting one back starts a new run --


Snapshot = tuple[LabelledSpec, LinearParams, str]  # the data, w and b, the loss they are for


def _now(ref: ClassifierRef) -> Snapshot:
    return (ref.spec, ref.params, ref.config.loss)


def _record(d: SoakDriver, before: Snapshot) -> None:
    d.ref.record(TAB, before, _now(_ref(d)))


def _put_back(d: SoakDriver, snapshot: Snapshot) -> None:
    ref = _ref(d)
    spec, params, loss = snapshot
    if (loss == "softmax") != (ref.config.loss == "softmax"):  # w, b bring their loss back
        ref.config = replace(ref.config, loss=loss)
    new_data = spec != ref.spec
    ref.spec, ref.params = spec, params
    if new_data:
        _wait_for_data(d)
    else:
        ref.new_run(params)


@on_reopen(TAB)
def after_reopening(state: dict[str, Any], _saved: dict[str, Any], _marker: int) -> dict[str, Any]:
    """A reopened session starts a new run from the weights it saved (those of the save)."""
    if "ref" in state:
        ref: ClassifierRef = state["ref"]
        ref.new_run(ref.params)
    return state


def _view(d: SoakDriver) -> Any:
    return next(v for v in d.window.views if getattr(v, "title", "") == TAB)


def _spread(classes: int) -> LinearParams:
    """K unit vectors evenly round the circle, zero biases: where a softmax run starts."""
    angles = [2 * math.pi * k / classes for k in range(classes)]
    rows = tuple((round(math.cos(a), 12), round(math.sin(a), 12)) for a in angles)
    return LinearParams(rows, (0.0,) * classes)


# The data and the maths, apart from the app -------------------------------------------------

_data_cache: dict[LabelledSpec, tuple[torch.Tensor, torch.Tensor]] = {}


def _data(spec: LabelledSpec) -> tuple[torch.Tensor, torch.Tensor]:
    if spec not in _data_cache:
        if len(_data_cache) > 8:
            _data_cache.clear()
        data = make_labelled(spec)
        _data_cache[spec] = (torch.from_numpy(data.points), torch.from_numpy(data.labels))
    return _data_cache[spec]


def _loss(scores: torch.Tensor, labels: torch.Tensor, kind: str) -> torch.Tensor:
    """The course's losses: y = -1 / +1 and s = w · x + b for two classes, else softmax."""
    functional = torch.nn.functional
    if kind == "softmax":
        return functional.cross_entropy(scores, labels)
    margin = torch.where(labels == 0, -1.0, 1.0) * scores[:, 0]
    if kind == "perceptron":
        return functional.relu(-margin).mean()
    if kind == "hinge":
        return functional.relu(1 - margin).mean()
    return functional.softplus(-margin).mean()


def _tensors(params: LinearParams) -> tuple[torch.Tensor, torch.Tensor]:
    w = torch.tensor(params.weights, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(params.bias, dtype=torch.float32, requires_grad=True)
    return w, b


def _loss_and_gradient(ref: ClassifierRef) -> tuple[float, np.ndarray]:
    x, labels = _data(ref.spec)
    w, b = _tensors(ref.params)
    loss = _loss(x @ w.T + b, labels, ref.config.loss)
    grad_w, _ = torch.autograd.grad(loss, (w, b))
    return float(loss.detach()), grad_w.numpy().astype(np.float64)


def _train(ref: ClassifierRef, steps: int) -> np.ndarray:
    """Take ``steps`` full-batch steps of SGD or Adam (the textbook updates) from ref.params;
    returns the weights and biases reached, as one (K, 3) array."""
    x, labels = _data(ref.spec)
    w, b = _tensors(ref.params)
    lr, adam = ref.config.learning_rate, ref.config.optimizer == "adam"
    if adam and ref.memory_of == "adam" and ref.moments is not None:
        count, first, second = ref.moments
    else:
        count = 0
        first = [torch.zeros_like(w), torch.zeros_like(b)]
        second = [torch.zeros_like(w), torch.zeros_like(b)]
    for _ in range(steps):
        grads = torch.autograd.grad(_loss(x @ w.T + b, labels, ref.config.loss), (w, b))
        with torch.no_grad():
            if not adam:
                for p, g in zip((w, b), grads, strict=True):
                    p.sub_(lr * g)
                continue
            count += 1
            for p, g, m, v in zip((w, b), grads, first, second, strict=True):
                m.mul_(0.9).add_(g, alpha=0.1)
                v.mul_(0.999).addcmul_(g, g, value=0.001)
                m_hat, v_hat = m / (1 - 0.9**count), v / (1 - 0.999**count)
                p.sub_(lr * m_hat / v_hat.sqrt().add_(1e-8))
    if steps:
        ref.memory_of = ref.config.optimizer
        ref.moments = (count, first, second) if adam else None
        ref.step += steps
    return np.column_stack([w.detach().numpy(), b.detach().numpy()]).astype(np.float64)


def _predicted(points: np.ndarray, params: LinearParams) -> np.ndarray:
    """Class per point: the sign of w · x + b for two classes (-1 exactly on the line), else
    the largest score."""
    scores = points.astype(np.float64) @ np.array(params.weights).T + np.array(params.bias)
    if params.is_binary:
        s = scores[:, 0]
        return np.where(s > 0, 1, np.where(s < 0, 0, -1))
    return np.argmax(scores, axis=1)


# Helpers ---------------------------------------------------------------------------------------


def _reachable(canvas: Any, point: QPointF, margin: float = 14.0) -> bool:
    area = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    rect = QRectF(canvas.mapFromScene(area).boundingRect())
    return rect.adjusted(margin, margin, -margin, -margin).contains(point)


def _handle_point(d: SoakDriver, k: int) -> QPointF:
    pos = _view(d).canvas.handles[k].pos()
    return d.canvas_point(_view(d).canvas, (float(pos.x()), float(pos.y())))


def _bring_handles_into_view(d: SoakDriver) -> None:
    view = _view(d)
    rows = range(len(view.canvas.handles))
    if not all(_reachable(view.canvas, _handle_point(d, k)) for k in rows):
        d.note("F (the classifier's handles are out of view)")
        d.key(view.canvas, Qt.Key.Key_F)
    d.expect(
        all(_reachable(view.canvas, _handle_point(d, k), 0) for k in rows),
        "after F every w handle is in view",
    )


def _choose_in_box(d: SoakDriver, box: Any, target: int) -> None:
    """Move a combo box to item ``target`` with the arrow keys, as a user would."""
    while box.currentIndex() != target:
        d.key(box, Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up)


def _wait_for_data(d: SoakDriver) -> None:
    """The worker built the data for the reference's spec; the run restarts on it."""
    view, ref = _view(d), _ref(d)
    d.wait_until(
        lambda: view.data is not None and view.data.key == ref.spec,
        f"the classifier's data for {ref.spec} arrived",
    )
    config = ref.config
    if config.loss in BINARY_LOSSES and ref.classes != 2:
        ref.config = replace(config, loss="softmax")
    params = ref.params
    if ref.config.loss == "softmax" and params.rows != ref.classes:
        params = _spread(ref.classes)
    ref.new_run(params)


def _check_params(d: SoakDriver, what: str) -> None:
    shown = _view(d).params
    d.expect(shown == _ref(d).params, f"{what}: the classifier shows {shown}, not {_ref(d).params}")


# Dragging ----------------------------------------------------------------------------------


@action(weight=0.84, tab=TAB)
def drag_a_classifier_weight(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    _bring_handles_into_view(d)
    k = rng.randrange(ref.params.rows)
    press = _handle_point(d, k)
    for j in range(ref.params.rows):  # handles on top of each other: the last drawn is grabbed
        p = _handle_point(d, j)
        if j > k and max(abs(p.x() - press.x()), abs(p.y() - press.y())) < 14:
            k = j
    press = _handle_point(d, k)
    start = ref.params.weights[k]
    kind = rng.choice(["near", "near", "far", "beyond", "origin", "snap"])
    target = drag_target(rng, kind, start, near=1.5)
    shift = kind in ("origin", "snap") or rng.random() < 0.1
    cancel = rng.random() < 0.1
    steps = rng.randint(1, 8)
    path = straight_path(start, target, steps)
    d.note(f"classifier: drag w_{k} {kind} {start} -> {target} shift={shift} cancel={cancel}")
    before = ref.params
    visited = d.mouse_drag(
        view.canvas,
        press,
        path,
        modifiers=SHIFT if shift else NO_MODIFIER,
        cancel=cancel,
        pump_every=rng.choice([0, 1, 3]),
    )
    after = view.params
    d.expect(not view.canvas.handles[k].dragging, "the drag ended")
    if cancel:
        d.expect(after == before, f"a right-click put w back: {after} vs {before}")
        d.expect(view.step_count == 0, "a cancelled drag starts the run again")
        ref.new_run(before)
        return
    got = after.weights[k]
    d.expect(
        after.bias == before.bias
        and all(after.weights[j] == before.weights[j] for j in range(after.rows) if j != k),
        f"dragging w_{k} changed only w_{k}: {after} vs {before}",
    )
    candidates = _drag_candidates(start, visited, shift)
    d.expect(
        any(math.dist(got, c) <= tol for c, tol in candidates),
        f"w_{k} is where the mouse let go (or its last allowed place): got {got}, expected one "
        f"of {[c for c, _ in candidates]}",
    )
    if kind == "origin" and max(px for _, px in visited) < 0.04:
        d.expect(got == (0.0, 0.0), f"Shift snaps w_{k} exactly onto the origin: {got}")
    _after_drag(d, before, after)


@action(weight=0.49, tab=TAB)
def drag_a_hyperplane(d: SoakDriver) -> None:
    """Press on line k away from every handle and the other lines, move it sideways."""
    view, ref, rng = _view(d), _ref(d), d.rng
    canvas = view.canvas
    rows = [k for k in range(ref.params.rows) if math.hypot(*ref.params.weights[k]) > 0]
    if not rows:
        return
    k = rng.choice(rows)
    w, b0 = ref.params.weights[k], ref.params.bias[k]
    norm = math.hypot(*w)
    foot = (-b0 * w[0] / norm**2, -b0 * w[1] / norm**2)
    direction = (-w[1] / norm, w[0] / norm)
    (x0, x1), _ = canvas.getPlotItem().getViewBox().viewRange()
    span = x1 - x0
    press = None
    for _ in range(30):
        t = rng.uniform(-span, span)
        on_line = (foot[0] + t * direction[0], foot[1] + t * direction[1])
        point = d.canvas_point(canvas, on_line)
        if _reachable(canvas, point, 30) and _clear_of_others(d, k, point):
            press = point
            break
    if press is None:
        d.note(f"classifier: line {k} has no free place in view")
        return
    press_xy = d.canvas_xy(canvas, press)
    normal = (w[0] / norm, w[1] / norm)
    kind = rng.choice(["near", "near", "far"])
    distance = rng.uniform(-1, 1) * (0.3 * span if kind == "near" else rng.uniform(10, 5e4))
    end = (press_xy[0] + distance * normal[0], press_xy[1] + distance * normal[1])
    steps = rng.randint(1, 6)
    path = [
        (
            press_xy[0] + i / steps * (end[0] - press_xy[0]),
            press_xy[1] + i / steps * (end[1] - press_xy[1]),
        )
        for i in range(1, steps + 1)
    ]
    cancel = rng.random() < 0.1
    d.note(f"classifier: drag line {k} from {press_xy} by {distance:.4g} cancel={cancel}")
    before = ref.params
    visited = d.mouse_drag(canvas, press, path, cancel=cancel, pump_every=rng.choice([0, 1]))
    after = view.params
    if cancel:
        d.expect(after == before, f"a right-click put the line back: {after} vs {before}")
        d.expect(view.step_count == 0, "a cancelled drag starts the run again")
        ref.new_run(before)
        return
    d.expect(after.weights == before.weights, f"dragging a line leaves w alone: {after}")
    d.expect(
        all(after.bias[j] == before.bias[j] for j in range(after.rows) if j != k),
        "dragging line k changes b_k only",
    )
    # The line moves with the mouse: b_k = b0 - w_k · (mouse - press), the last one allowed.
    bias = [(b0, 0.0)]
    for xy, pixel in visited:
        value = b0 - (w[0] * (xy[0] - press_xy[0]) + w[1] * (xy[1] - press_xy[1]))
        tol = 3 * pixel * norm + 1e-9 * max(1.0, abs(value))
        if abs(value) <= MAX_ENTRY - tol:
            bias = [(value, tol)]
        elif abs(value) <= MAX_ENTRY + tol:
            bias.append((value, tol))
    got = after.bias[k]
    d.expect(
        any(abs(got - value) <= tol for value, tol in bias),
        f"b_{k} is {got}; the mouse implies one of {bias}",
    )
    _after_drag(d, before, after)


def _after_drag(d: SoakDriver, before: LinearParams, after: LinearParams) -> None:
    """A drag starts a new run from where it let go, unless every place it went was refused."""
    view, ref = _view(d), _ref(d)
    if after != before:
        d.expect(view.step_count == 0, "a drag starts a new run")
    elif view.step_count != 0:
        d.expect(view.step_count == ref.step, "a refused drag leaves the run alone")
        return
    ref.new_run(after)
    _record(d, (ref.spec, before, ref.config.loss))  # the whole drag, one step


def _clear_of_others(d: SoakDriver, k: int, point: QPointF) -> bool:
    """``point`` is far enough from every handle and arrow tip, and from the other lines."""
    view = _view(d)
    for j in range(len(view.canvas.handles)):
        p = _handle_point(d, j)
        if math.hypot(p.x() - point.x(), p.y() - point.y()) < 24:
            return False
    xy = d.canvas_xy(view.canvas, point)
    pixel = d.pixel_size(view.canvas)
    params = _ref(d).params
    for j, (w, b) in enumerate(zip(params.weights, params.bias, strict=True)):
        norm = math.hypot(*w)
        if j != k and norm > 0 and abs(w[0] * xy[0] + w[1] * xy[1] + b) / norm < 12 * pixel:
            return False
        # the arrow from the origin to w_j and the gradient arrow at its tip
        if _distance_to_segment(xy, (0.0, 0.0), w) < 12 * pixel:
            return False
    return True


def _distance_to_segment(
    p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length))
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)


# Typing -------------------------------------------------------------------------------------


@action(weight=0.56, tab=TAB)
def type_w_or_b(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    fields = view.params_panel.fields
    if not ref.params.is_binary:
        d.expect(not any(f.isEnabled() for f in fields), "w and b are typed for two classes only")
        return
    i = rng.randrange(3)
    field_ = fields[i]
    good = rng.random() < 0.6
    text, value = _good_number(d) if good else (rng.choice(JUNK_NUMBERS), math.nan)
    d.note(f"classifier: type {text!r} into {field_.objectName()}")
    d.type_text(field_, text, by_keys=_by_keys(d, text))
    if good:
        d.expect(field_.error == "", f"{text!r} is accepted in {field_.objectName()}")
        entries = [*ref.params.w, ref.params.b]
        if value != entries[i]:
            step_start = _now(ref)
            entries[i] = value
            ref.new_run(LinearParams.binary((entries[0], entries[1]), entries[2]))
            _record(d, step_start)
    else:
        name = field_.objectName()
        d.expect(name in field_.error, f"{text!r} in {name} is refused naming it: {field_.error!r}")
        shown = view.params_panel.message.text()
        d.expect(name in shown, f"the parameters panel says why: {shown!r}")
    _check_params(d, f"after typing {text!r}")


@action(weight=0.21, tab=TAB)
def scale_w(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    factor, bias_too = rng.choice([2.0, 0.5]), rng.random() < 0.5
    button = view.params_panel.scale_buttons[(factor, bias_too)]
    if not ref.params.is_binary:
        d.expect(not button.isEnabled(), "scaling is for two classes only")
        return
    seen = len(d.messages)
    d.note(f"classifier: scale by {factor} (b too: {bias_too})")
    d.click(button)
    w, b = ref.params.w, ref.params.b
    new = ((w[0] * factor, w[1] * factor), b * factor if bias_too else b)
    if max(abs(new[0][0]), abs(new[0][1]), abs(new[1])) > MAX_ENTRY:
        d.expect(
            any(m.startswith("Cannot scale") for m in d.messages_since(seen)),
            "scaling past 1000 is refused with a message",
        )
    else:
        step_start = _now(ref)
        ref.new_run(LinearParams.binary(*new))
        _record(d, step_start)
        d.expect(view.params_panel.comparison.text() != "", "the scaling is explained")
    _check_params(d, "after scaling")


GOOD_N = (2, 3, 10, 50, 200, 500, 1000, 3000)
JUNK_N = ("0", "1", str(MAX_LABELLED_POINTS + 1), "-3", "abc", "", "2.5", "1e400", "9" * 30)
JUNK_SEPARATION = ("11", "-1", "nan", "abc", "", "1e400", "½")
JUNK_K = ("1", "9", "0", "abc", "2.5", "")


@action(weight=0.56, tab=TAB)
def edit_the_labelled_data(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    panel = view.data_panel
    step_start = _now(ref)
    what = rng.choice(["kind", "kind", "n", "seed", "separation", "classes"])
    if what == "kind":
        kinds = list(LABELLED_KINDS)
        target = rng.randrange(len(kinds))
        d.note(f"classifier: data kind {kinds[target]}")
        # Each arrow key picks a kind: the data changes, one undo step a key. Its data is
        # awaited before the next key, so the step's w, b are what the app had then.
        box = panel.kind_box
        while box.currentIndex() != target:
            step_start = _now(ref)
            d.key(box, Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up)
            ref.spec = replace(ref.spec, kind=kinds[box.currentIndex()])
            _record(d, step_start)
            _wait_for_data(d)
        _check_params(d, "after a data change")
        return
    else:
        field_ = {
            "n": panel.count_field,
            "seed": panel.seed_field,
            "separation": panel.separation_field,
            "classes": panel.classes_field,
        }[what]
        if not field_.isEnabled():
            d.expect(
                (what == "separation" and ref.spec.kind != "blobs")
                or (what == "classes" and ref.spec.kind != "spirals"),
                f"the {what} field is disabled only where it means nothing",
            )
            return
        good = rng.random() < 0.6
        value: Any
        if what == "n":
            value = rng.choice(GOOD_N)
            text = rng.choice([str(value), f"{value:,}"]) if good else rng.choice(JUNK_N)
        elif what == "seed":
            value = rng.choice([0, 1, 7, rng.randrange(2**31)])
            text = str(value) if good else rng.choice(JUNK_SEEDS)
        elif what == "separation":
            value = rng.choice([0.0, 0.5, 1.0, 2.5, 4.0, 10.0])
            text = f"{value:g}" if good else rng.choice(JUNK_SEPARATION)
        else:
            value = rng.randint(2, 8)
            text = str(value) if good else rng.choice(JUNK_K)
        d.note(f"classifier: type {what} {text!r}")
        d.type_text(field_, text, by_keys=_by_keys(d, text))
        if not good:
            d.expect(field_.error != "", f"{what} {text!r} is refused: {field_.error!r}")
            shown = panel.message.text()
            d.expect(shown != "", f"the data panel says what is wrong with {text!r}")
            d.expect(view.data.key == ref.spec, "a refused value keeps the data")
            return
        d.expect(field_.error == "", f"{what} {text!r} is accepted: {field_.error!r}")
        key = "n" if what == "n" else what
        changed = getattr(ref.spec, key) != value
        ref.spec = replace(ref.spec, **{key: value})
    if changed:
        _record(d, step_start)  # the step is the choice: the data comes after it
        _wait_for_data(d)
    _check_params(d, "after a data change")


@action(weight=0.56, tab=TAB)
def change_training_options(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    panel = view.training_panel
    what = rng.choice(["loss", "optimizer", "rate", "rate", "steps"])
    seen = len(d.messages)
    if what == "loss":
        target = rng.randrange(len(LOSS_ORDER))
        loss = LOSS_ORDER[target]
        d.note(f"classifier: loss {loss}")
        # Key by key: each item passed on the way is chosen (and perhaps refused) in turn.
        while panel.loss_box.currentIndex() != target:
            index = panel.loss_box.currentIndex()
            step_to = LOSS_ORDER[index + (1 if index < target else -1)]
            d.key(panel.loss_box, Qt.Key.Key_Down if index < target else Qt.Key.Key_Up)
            if step_to in BINARY_LOSSES and ref.classes != 2:
                d.expect(
                    "needs 2 classes" in panel.message.text()
                    and any("needs 2 classes" in m for m in d.messages_since(seen)),
                    f"{step_to} is refused for {ref.classes} classes with a message",
                )
                d.expect(panel.loss_box.currentData() == ref.config.loss, "the box goes back")
                break
            family_changed = (step_to == "softmax") != (ref.config.loss == "softmax")
            step_start = _now(ref)
            ref.config = replace(ref.config, loss=step_to)
            if family_changed:  # new w, b of the other kind: one undo step
                ref.new_run(_spread(ref.classes) if step_to == "softmax" else OPENING_PARAMS)
                _record(d, step_start)
    elif what == "optimizer":
        target = rng.randrange(len(OPTIMIZER_ORDER))
        d.note(f"classifier: optimiser {OPTIMIZER_ORDER[target]}")
        _choose_in_box(d, panel.optimizer_box, target)
        ref.config = replace(ref.config, optimizer=OPTIMIZER_ORDER[target])
    elif what == "steps":
        target = rng.randrange(len(STEPS_ORDER))
        d.note(f"classifier: steps per frame {STEPS_ORDER[target]}")
        _choose_in_box(d, panel.steps_box, target)
        ref.steps_per_frame = STEPS_ORDER[target]
    else:
        good = rng.random() < 0.6
        rate = rng.choice([0.001, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0])
        text = f"{rate:g}" if good else rng.choice(["0", "-1", "11", "abc", "", "nan", "1e400"])
        d.note(f"classifier: learning rate {text!r}")
        d.type_text(panel.rate_field, text, by_keys=_by_keys(d, text))
        if good:
            ref.config = replace(ref.config, learning_rate=rate)
        else:
            d.expect(
                "learning rate" in panel.rate_field.error
                and "learning rate" in panel.message.text(),
                f"learning rate {text!r} is refused with a message: {panel.rate_field.error!r}",
            )
    d.expect(view.config == ref.config, f"training options {view.config}, not {ref.config}")
    _check_params(d, f"after changing the {what}")


@action(weight=0.14, tab=TAB)
def toggle_classifier_display(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    gradient = d.rng.random() < 0.5
    panel = view.training_panel
    d.note(f"classifier: toggle {'gradient' if gradient else 'regions'}")
    d.click_check_box(panel.gradient_check if gradient else panel.regions_check)
    if gradient:
        ref.gradient = not ref.gradient
    else:
        ref.regions = not ref.regions


# Training ------------------------------------------------------------------------------------


@action(weight=0.56, tab=TAB)
def train_briefly(d: SoakDriver) -> None:
    """Play for a moment, then Pause, Reset or leave the tab: training stops there."""
    view, ref, rng = _view(d), _ref(d), d.rng
    panel = view.training_panel
    ms = rng.choice(PLAY_MS)
    how = rng.choice(["pause", "pause", "reset", "leave"])
    d.note(f"classifier: Play for {ms} ms, then {how}")
    d.click(panel.play_button)
    d.expect(view.playing and panel.play_button.text() == "Pause", "Play plays")
    d.qtbot.wait(ms)
    if how == "pause":
        d.click(panel.play_button)
    elif how == "reset":
        d.click(panel.reset_button)
    else:
        bar = d.window.tabs.tabBar()
        d.click(bar, bar.tabRect(0).center())
    _training_stopped(d)
    if how == "reset":
        ref.new_run(ref.start)
        d.expect(view.step_count == 0, "Reset goes back to step 0")
        _check_params(d, "after Reset")
    else:
        _follow_training(d)


@action(weight=0.28, tab=TAB)
def step_or_reset(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    panel = view.training_panel
    if d.rng.random() < 0.3:
        d.note("classifier: Reset")
        d.click(panel.reset_button)
        ref.new_run(ref.start)
        _check_params(d, "after Reset")
        return
    d.note("classifier: Step")
    seen, before = len(d.messages), view.step_count
    d.click(panel.step_button)
    d.wait_until(
        lambda: (
            view.step_count == before + 1
            or any("training diverged" in m for m in d.messages_since(seen))
        ),
        "one step was taken (or refused as diverged)",
    )
    _follow_training(d)


def _training_stopped(d: SoakDriver) -> None:
    view = _view(d)
    panel = view.training_panel
    d.expect(not view.playing, "training stopped")
    d.expect(
        not panel.play_button.isChecked() and panel.play_button.text() == "Play",
        "the button says Play again",
    )
    shown = (view.params, view.step_count)
    d.qtbot.wait(20)  # a frame still in flight must not land
    d.expect((view.params, view.step_count) == shown, "nothing moved after training stopped")


def _follow_training(d: SoakDriver) -> None:
    """Train the reference as many steps as the app took; both must agree."""
    view, ref = _view(d), _ref(d)
    steps = view.step_count - ref.step
    d.expect(steps >= 0, f"the step count went back: {view.step_count} < {ref.step}")
    expected = _train(ref, steps)
    shown = np.column_stack([view.params.weight_array(), view.params.bias_array()])
    scale = max(1.0, float(np.abs(expected).max()))
    d.expect(
        np.allclose(shown, expected, rtol=1e-4, atol=1e-5 * scale),
        f"after {steps} steps of {ref.config} the app has {shown.tolist()}, the reference "
        f"trainer {expected.tolist()}",
    )
    ref.params = view.params


# Caught up and checks ------------------------------------------------------------------------


@caught_up
def classifier_shows_its_data_and_evaluation(d: SoakDriver) -> bool:
    view, ref = _view(d), _ref(d)
    if view.data is None or view.data.key != ref.spec:
        return False
    awaited = view._awaited_evaluate
    if awaited < ref.first_job and view.loss is not None:
        return True  # asked and answered before the soak was listening
    return d.deliveries.last_id.get(view.CHANNEL_EVALUATE, 0) >= awaited


@check
def classifier_state_matches_the_reference(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    settings = view.settings()
    d.expect(settings.spec == ref.spec, f"data {settings.spec}, not {ref.spec}")
    d.expect(view.config == ref.config, f"training {view.config}, not {ref.config}")
    d.expect(view.params == ref.params, f"w, b {view.params}, not {ref.params}")
    d.expect(view.step_count == ref.step, f"step {view.step_count}, not {ref.step}")
    d.expect(settings.steps_per_frame == ref.steps_per_frame, "steps per frame")
    d.expect(settings.show_gradient == ref.gradient, "the gradient box")
    d.expect(settings.show_regions == ref.regions, "the regions box")
    panel = view.data_panel
    d.expect(panel.kind_box.currentData() == ref.spec.kind, "the data box shows the kind")
    for field_, value in (
        (panel.count_field, f"{ref.spec.n:,}"),
        (panel.seed_field, str(ref.spec.seed)),
    ):
        if not field_.error:
            d.expect(field_.text() == value, f"a data field shows {field_.text()!r}, not {value!r}")


@check
def classifier_training_is_stopped(d: SoakDriver) -> None:
    """Nothing trains unseen: no job pending or awaited, no frame timer, the curves complete."""
    view, window = _view(d), d.window
    d.expect(not view.playing and not view._frame_timer.isActive(), "no training frame is due")
    d.expect(view._awaited_train == 0, "no training result is awaited")
    d.expect(view.CHANNEL_TRAIN not in window.worker._pending, "no training job is queued")
    steps = view.curves.steps
    d.expect(
        np.array_equal(steps, np.arange(view.step_count)) and len(view.curves.losses) == len(steps),
        f"the curves have one point per step taken: {len(steps)} for {view.step_count}",
    )


@check
def classifier_lines_are_w_dot_x_plus_b(d: SoakDriver) -> None:
    """Each hyperplane drawn is w_k · x + b_k = 0 for the weights shown, and perpendicular to w."""
    view, params = _view(d), _ref(d).params
    canvas = view.canvas
    d.expect(len(canvas.lines) == params.rows, f"{len(canvas.lines)} lines for {params.rows} rows")
    shown = [params.weights[0][0], params.weights[0][1], params.b]
    if params.is_binary:
        for i, field_ in enumerate(view.params_panel.fields):
            if not field_.error:
                text = f"{shown[i]:.6g}"
                d.expect(
                    field_.text() == ("0" if text == "-0" else text),
                    f"{field_.objectName()} shows {field_.text()!r}",
                )
                shown[i] = float(field_.text())
    for k, (w, b) in enumerate(zip(params.weights, params.bias, strict=True)):
        handle = canvas.handles[k]
        d.expect((handle.pos().x(), handle.pos().y()) == w, f"handle w_{k} sits at {w}")
        d.expect(canvas.arrows[k].tip() == w, f"arrow w_{k} ends at {w}")
        line, norm = canvas.lines[k], math.hypot(*w)
        if norm == 0:
            d.expect(not line.isVisible(), "w = 0 draws no line")
            if params.is_binary:
                d.expect("no hyperplane" in view.params_panel.readout.text(), "w = 0 is explained")
            continue
        d.expect(line.isVisible(), f"line {k} is drawn")
        angle = math.radians(line.angle)
        p = (line.pos().x(), line.pos().y())
        along = w[0] * math.cos(angle) + w[1] * math.sin(angle)
        on = w[0] * p[0] + w[1] * p[1] + b
        scale = abs(w[0] * p[0]) + abs(w[1] * p[1]) + abs(b)
        d.expect(abs(along) <= 1e-9 * norm, f"line {k} is perpendicular to w_{k}: {along}")
        d.expect(abs(on) <= 1e-9 * max(1.0, scale), f"line {k} is w·x + b = 0: {on}")
        if params.is_binary:
            sw = (shown[0], shown[1])
            on_shown = sw[0] * p[0] + sw[1] * p[1] + shown[2]
            d.expect(
                abs(on_shown) <= 1e-5 * max(1e-3, scale),
                f"the line is w·x + b = 0 for the w, b shown {shown}: {on_shown}",
            )
            distance = f"|b| / ‖w‖ = {abs(b) / norm:.4g}"
            d.expect(distance in view.params_panel.readout.text(), f"the readout says {distance}")


@check
def classifier_shows_the_accuracy_and_loss_of_its_weights(d: SoakDriver) -> None:
    """Points as built, dots coloured by the prediction, and the accuracy and loss shown are
    those of the weights shown, computed here with numpy and torch."""
    view, ref = _view(d), _ref(d)
    x, labels = _data(ref.spec)
    points = view.canvas.rings.points()
    d.expect(np.array_equal(points, x.numpy()), "the classifier shows the data's points")
    predicted = _predicted(points, ref.params)
    d.expect(
        np.array_equal(view.canvas.dots.colors(), class_argb(predicted)),
        "each dot wears the colour of its predicted class",
    )
    status = view.training_panel.status.text()
    accuracy = f"accuracy {100 * float(np.mean(predicted == labels.numpy())):.1f}%"
    d.expect(accuracy in status, f"the status shows {accuracy}: {status!r}")
    loss, gradient = _loss_and_gradient(ref)
    found = re.search(r"loss (\S+)", status)
    d.expect(found is not None, f"the status shows the loss: {status!r}")
    assert found is not None
    shown = float(found.group(1))
    d.expect(
        math.isclose(shown, loss, rel_tol=2e-3, abs_tol=1e-6),
        f"loss shown {shown}, the weights shown give {loss:.6g}",
    )
    d.expect(view.canvas.regions.isVisible() == ref.regions, "regions follow their box")
    for k, arrow in enumerate(view.canvas.gradient_arrows):
        d.expect(arrow.isVisible() == ref.gradient, f"−∇w_{k} L follows its box")
        if ref.gradient:
            w = ref.params.weights[k]
            expected = (w[0] - gradient[k][0], w[1] - gradient[k][1])
            scale = max(1.0, math.hypot(*gradient[k]))
            d.expect(
                math.dist(arrow.tip(), expected) <= 1e-4 * scale,
                f"−∇w_{k} L ends at {arrow.tip()}, torch says {expected}",
            )
