"""The Network tab's user actions and what each implies, for the soak test.

Real events only: presets, the s slider and the layer scrubber moved with the keyboard, the
scrubber's buttons, layers added, removed, moved, re-kinded and re-sized (junk widths too) in
the layer editor, seeds and projection units typed, the W handles of a Linear(2, 2) dragged
(far off screen, onto the origin, cancelled), the gallery clicked, a short animation played.
The reference keeps the layers the actions imply and runs its own torch net on X, so the
canvases are checked against the real intermediate outputs up to the scrubbed position.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QToolButton

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.model.network.layers import MAX_WIDTH, LayerSpec, NetworkSpec, Projection
from tests.soak.driver import NO_MODIFIER, SHIFT, SoakDriver, drag_target, straight_path
from tests.soak.reference import Reference
from tests.soak.registry import action, allow_messages, caught_up, check, on_reopen
from tests.ui.views.explorer.soak_actions import (
    JUNK_SEEDS,
    _by_keys,
    _drag_candidates,
    expected_points,
)

TAB = "Network"
KINDS = ("linear", "tanh", "relu", "sigmoid", "leaky_relu", "identity")
NAMES = {
    "linear": "Linear",
    "tanh": "Tanh",
    "relu": "ReLU",
    "sigmoid": "Sigmoid",
    "leaky_relu": "LeakyReLU",
    "identity": "Identity",
}
PRESET_KEYS = ("tanh", "tanh_net", "deep_relu", "explorer_w")
SORT_ORDERS = 4
TICKS = 100
JUNK_WIDTHS = ("0", str(MAX_WIDTH + 1), "1000", "-1")  # numbers the network refuses
JUNK_TEXT = ("abc", "", "2.5", "1e400", "w")  # refused by the field itself
#: The animation is kept short: frames of 15 ms.
ANIMATION_STEPS = (2, 3, 5, 8)

allow_messages(
    r"^layer \d+ |^the network is empty|^the network has \d+ layers|W keeps its last value"
    r"|^Opened |^unit |two different units|^Nothing to animate yet"
)


def _linear(n_in: int, n_out: int, bias: bool = True, weight: Matrix2 | None = None) -> LayerSpec:
    return LayerSpec("linear", n_in, n_out, bias, weight)


def _activation(kind: str) -> LayerSpec:
    return LayerSpec(kind)  # type: ignore[arg-type]


def _preset(key: str, s: float, w: Matrix2) -> list[LayerSpec]:
    """The course's nets, written out here."""
    if key == "tanh":
        return [_linear(2, 2, False, Matrix2(s, 0.0, 0.0, s)), _activation("tanh")]
    if key == "tanh_net":
        return [_linear(2, 5), _activation("tanh"), _linear(5, 2)]
    if key == "deep_relu":
        layers = [_linear(2, 5), _activation("relu")]
        for _ in range(3):
            layers += [_linear(5, 5), _activation("relu")]
        return [*layers, _linear(5, 2)]
    return [_linear(2, 2, False, w)]


@dataclass
class NetworkRef:
    layers: list[LayerSpec] = field(
        default_factory=lambda: _preset("tanh", 5.0, Matrix2.identity())
    )
    draft: list[LayerSpec] = field(default_factory=lambda: _preset("tanh", 5.0, Matrix2.identity()))
    seed: int = 0
    preset: str = "tanh"
    s: float = 5.0
    position: float = 2.0
    projection: Projection = field(default_factory=Projection)
    mode_shown: str = "units"  # the projection boxes as shown (a refused pair is shown too)
    units_shown: list[int] = field(default_factory=lambda: [1, 2])
    grid: bool = True
    #: The net on screen is none of the presets' (edited, a gallery net, a dragged weight): the
    #: box says "(your own network)" and s is greyed. Judged whenever a net is shown, against
    #: the preset last picked, as the tab does.
    custom: bool = False
    #: The soak's reference, for W (the Explorer's W preset): the live one, set by ``_ref``.
    scene: Reference | None = None

    def use(self, layers: list[LayerSpec], seed: int | None = None) -> None:
        """A new good net; the editor shows it; the scrubber keeps its place where it can."""
        self.layers, self.draft = list(layers), list(layers)
        if seed is not None:
            self.seed = seed
        self.position = min(self.position, len(stage_labels(self.layers)) - 1)
        self.name_preset()

    def name_preset(self) -> None:
        w = self.scene.w if self.scene is not None else Matrix2.identity()
        self.custom = self.layers != _preset(self.preset, self.s, w)

    def edit(self, draft: list[LayerSpec]) -> None:
        """An edit of the draft: the net follows when the draft is a good one."""
        self.draft = draft
        if draft_problem(draft) is None:
            self.use(draft)

    @property
    def spec(self) -> NetworkSpec:
        return NetworkSpec(tuple(self.layers), self.seed)


#: The live reference (one soak at a time), for a reopened copy of the Network's to judge with.
_LIVE: list[Reference] = []


def _ref(d: SoakDriver) -> NetworkRef:
    state = d.view_state.setdefault(TAB, {})
    if "ref" not in state:
        state["ref"] = NetworkRef()
        d.ref.register(TAB, lambda snapshot: _put_back(d, snapshot))
    ref: NetworkRef = state["ref"]
    ref.scene = d.ref  # a reopened session's copy points at the live one again
    _LIVE[:] = [d.ref]
    return ref


# Undo: a step holds the net, the preset and s; the scrubber stays where it still can --------

Snapshot = tuple[tuple[LayerSpec, ...], int, str, float]


def _snapshot(d: SoakDriver) -> Snapshot:
    ref = _ref(d)
    return (tuple(ref.layers), ref.seed, ref.preset, ref.s)


def _record_since(d: SoakDriver, before: Snapshot) -> None:
    """The action just done is one undo step of the tab (none when the net stayed)."""
    d.ref.record(TAB, before, _snapshot(d))


def _put_back(d: SoakDriver, snapshot: Snapshot) -> None:
    layers, seed, preset, s = snapshot
    ref = _ref(d)
    ref.preset, ref.s = preset, s  # first: the net put back is judged against its own preset
    ref.use(list(layers), seed)


@on_reopen(TAB)
def after_reopening(state: dict[str, Any], _saved: dict[str, Any], _marker: int) -> dict[str, Any]:
    """A session holds the net, not a draft being typed: the editor shows the net again, and
    the projection boxes show the projection in use."""
    if "ref" in state:
        ref: NetworkRef = state["ref"]
        ref.draft = list(ref.layers)
        # The tab judges the net again, against the session's W (the live reference holds it
        # by now): the copy's own may be a stale one, saved before any Network action.
        ref.scene = _LIVE[0] if _LIVE else ref.scene
        ref.name_preset()
        ref.mode_shown = ref.projection.mode
        ref.units_shown = [u + 1 for u in ref.projection.units]
    return state


def _view(d: SoakDriver) -> Any:
    return next(v for v in d.window.views if getattr(v, "title", "") == TAB)


# The network's rules and maths, apart from the app ----------------------------------------------


def stage_labels(layers: list[LayerSpec]) -> list[str]:
    labels = ["input X"]
    for number, layer in enumerate(layers, 1):
        name = f"layer {number} {NAMES[layer.kind]}"
        if layer.kind == "linear":
            labels += [f"{name}: × W"] + ([f"{name}: + b"] if layer.bias else [])
        else:
            labels.append(name)
    return labels


def draft_problem(layers: list[LayerSpec]) -> str | None:
    """What the app must say about a draft, or None when it is a good net."""
    if not layers:
        return "the network is empty"
    if len(layers) > 16:
        return f"the network has {len(layers)} layers"
    width = 2
    for number, layer in enumerate(layers, 1):
        if layer.kind != "linear":
            continue
        for value in (layer.in_features, layer.out_features):
            if not 1 <= value <= MAX_WIDTH:
                return f"layer {number} Linear("
        if layer.in_features != width:
            return f"layer {number} Linear({layer.in_features}, {layer.out_features}"
        width = layer.out_features
    return None


def input_width(layers: list[LayerSpec], index: int) -> int:
    width = 2
    for layer in layers[:index]:
        if layer.kind == "linear":
            width = layer.out_features
    return width


def torch_net(layers: list[LayerSpec], seed: int) -> list[torch.nn.Module]:
    """``torch.manual_seed(seed)`` then each module in order, fixed weights copied in."""
    modules: list[torch.nn.Module] = []
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for layer in layers:
            modules.append(_module(layer))
    with torch.no_grad():
        for module, layer in zip(modules, layers, strict=True):
            if layer.weight is not None:
                assert isinstance(module, torch.nn.Linear)
                module.weight.copy_(torch.tensor(layer.weight.rows, dtype=torch.float32))
    return modules


def _module(layer: LayerSpec) -> torch.nn.Module:
    if layer.kind == "linear":
        return torch.nn.Linear(layer.in_features, layer.out_features, layer.bias)
    if layer.kind == "leaky_relu":
        return torch.nn.LeakyReLU(layer.slope)
    simple = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}
    return simple.get(layer.kind, torch.nn.Identity)()


_stages_cache: dict[tuple[Any, ...], list[np.ndarray]] = {}


def stages(d: SoakDriver) -> list[np.ndarray]:
    """X, then x W^T and + b of each Linear and each activation: every stage, full width."""
    ref = _ref(d)
    key = (ref.spec, d.ref.dataset)
    if key not in _stages_cache:
        _stages_cache.clear()
        h = torch.from_numpy(expected_points(d.ref.dataset)[0])
        out = [h.numpy()]
        with torch.no_grad():
            for module in torch_net(ref.layers, ref.seed):
                if isinstance(module, torch.nn.Linear):
                    h = h @ module.weight.T
                    if module.bias is not None:
                        out.append(h.numpy())
                        h = h + module.bias
                else:
                    h = module(h)
                out.append(h.numpy())
        _stages_cache[key] = out
    return _stages_cache[key]


def weight_of(d: SoakDriver, index: int) -> Matrix2:
    """Layer ``index``'s W as the user set it, or as torch drew it."""
    layer = _ref(d).layers[index]
    return layer.weight if layer.weight is not None else torch_weight(d, index)


def torch_weight(d: SoakDriver, index: int) -> Matrix2:
    """Layer ``index``'s W as the net holds it (float32)."""
    module = torch_net(_ref(d).layers, _ref(d).seed)[index]
    assert isinstance(module, torch.nn.Linear)
    return Matrix2(*module.weight.detach().reshape(-1).tolist())


# Helpers ------------------------------------------------------------------------------------------


def _choose_with_key(d: SoakDriver, box: Any, count: int) -> int:
    """One key on a combo box or slider, as a user would; returns the index it should reach."""
    key = d.rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End])
    index = box.currentIndex()
    target = {
        Qt.Key.Key_Down: min(index + 1, count - 1),
        # Up on a box naming nothing (index -1, "your own network") stays there, as Qt's does
        Qt.Key.Key_Up: max(index - 1, 0) if index >= 0 else index,
        Qt.Key.Key_Home: 0,
        Qt.Key.Key_End: count - 1,
    }[key]
    d.key(box, key)
    return target


def _row_buttons(row: Any) -> dict[str, QToolButton]:
    return {b.text(): b for b in row.findChildren(QToolButton)}


def _scroll_to(d: SoakDriver, widget: Any) -> None:
    """The side panel scrolls to the widget a user is about to use."""
    parent = widget.parentWidget()
    while parent is not None and not hasattr(parent, "ensureWidgetVisible"):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def _wait_for_computed(d: SoakDriver) -> None:
    d.wait_until(lambda: network_shows_its_stages(d), "the network's stages came back")


# Presets, s, seed -----------------------------------------------------------------------------


@action(weight=0.35, tab=TAB)
def choose_a_network_preset(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    box = view.presets.preset_box
    before = box.currentIndex()
    d.note("network: preset box key")
    target = _choose_with_key(d, box, len(PRESET_KEYS))
    if target == before:
        return
    step_start = _snapshot(d)
    ref.preset = PRESET_KEYS[target]
    ref.use(_preset(ref.preset, ref.s, d.ref.w))
    ref.position = len(stage_labels(ref.layers)) - 1
    _record_since(d, step_start)
    d.expect(not view.presets.is_custom, "a preset picked is named in the box")
    d.expect(view.presets.s_slider.isEnabled() == (ref.preset == "tanh"), "s is for tanh only")


@action(weight=0.28, tab=TAB)
def move_the_s_slider(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    slider = view.presets.s_slider
    key, step = d.rng.choice(
        [
            (Qt.Key.Key_Right, 1),
            (Qt.Key.Key_Left, -1),
            (Qt.Key.Key_PageUp, 10),
            (Qt.Key.Key_PageDown, -10),
            (Qt.Key.Key_Home, -100),
            (Qt.Key.Key_End, 100),
        ]
    )
    d.note(f"network: s slider {key.name}")
    d.key(slider, key)
    if ref.preset != "tanh" or ref.custom:
        d.expect(
            not slider.isEnabled() and view.presets.s == ref.s,
            "s moves only for the tanh preset's own net: slider "
            f"{'live' if slider.isEnabled() else 'greyed'}, s {view.presets.s} "
            f"(reference {ref.s}, preset {ref.preset}, own net {ref.custom})",
        )
        return
    s = min(50, max(10, round(ref.s * 10) + step)) / 10
    if s != ref.s:
        step_start = _snapshot(d)
        ref.s = s
        ref.use(_preset("tanh", s, d.ref.w))
        _record_since(d, step_start)


@action(weight=0.28, tab=TAB)
def type_a_network_seed(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    field_ = view.presets.seed_field
    good = rng.random() < 0.6
    seed = rng.choice([0, 1, 3, rng.randrange(2**31)])
    text = str(seed) if good else rng.choice(JUNK_SEEDS)
    d.note(f"network: seed {text!r}")
    _scroll_to(d, field_)
    d.type_text(field_, text, by_keys=_by_keys(d, text))
    if not good:
        d.expect(field_.error.startswith("seed "), f"seed {text!r} is refused: {field_.error!r}")
        return
    if seed != ref.seed:
        step_start = _snapshot(d)
        layers = ref.draft if draft_problem(ref.draft) is None else ref.layers
        ref.use(layers, seed)
        _record_since(d, step_start)


# The layer editor ---------------------------------------------------------------------------


@action(weight=1.05, tab=TAB)
def edit_a_layer(d: SoakDriver) -> None:
    step_start = _snapshot(d)
    _edit_a_layer(d)
    _record_since(d, step_start)  # only an edit that changed the net on screen is a step


def _edit_a_layer(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    editor = view.editor
    draft = list(ref.draft)
    what = rng.choice(["add", "add", "remove", "move", "kind", "width", "width", "bias"])
    if not draft or len(draft) > 12:
        what = "add" if not draft else "remove"
    if what == "add":
        kind_index = _choose_with_key(d, editor.add_box, len(KINDS))
        kind = KINDS[kind_index]
        d.note(f"network: add a {kind} layer")
        _scroll_to(d, editor.add_button)
        d.click(editor.add_button)
        width = input_width(draft, len(draft))
        ref.edit([*draft, _linear(width, 2) if kind == "linear" else _activation(kind)])
        return
    i = rng.randrange(len(draft))
    row, layer = editor.rows[i], draft[i]
    _scroll_to(d, row)
    buttons = _row_buttons(row)
    if what == "remove":
        d.note(f"network: remove layer {i + 1}")
        d.click(buttons["✕"])
        ref.edit(draft[:i] + draft[i + 1 :])
    elif what == "move":
        up = rng.random() < 0.5
        d.note(f"network: move layer {i + 1} {'up' if up else 'down'}")
        d.click(buttons["↑" if up else "↓"])
        j = i - 1 if up else i + 1
        if 0 <= j < len(draft):
            draft[i], draft[j] = draft[j], draft[i]
            ref.edit(draft)
    elif what == "kind":
        before = row.kind_box.currentIndex()
        d.note(f"network: layer {i + 1} kind key")
        target = _choose_with_key(d, row.kind_box, len(KINDS))
        if target != before:
            kind = KINDS[target]
            width = input_width(draft, i)
            draft[i] = _linear(width, width) if kind == "linear" else _activation(kind)
            ref.edit(draft)
    elif layer.kind != "linear":
        return
    elif what == "bias":
        d.note(f"network: layer {i + 1} bias box")
        d.click_check_box(row.bias_check)
        draft[i] = replace(layer, bias=not layer.bias)
        ref.edit(draft)
    else:
        which = rng.choice(["in", "out"])
        field_ = row.in_field if which == "in" else row.out_field
        roll = rng.random()
        if roll < 0.6:
            value = rng.choice([1, 2, 2, 3, 5, 8])
            text = str(value)
        elif roll < 0.8:
            text = rng.choice(JUNK_WIDTHS)
            value = int(text)
        else:
            text, value = rng.choice(JUNK_TEXT), None
        d.note(f"network: layer {i + 1} {which}-features {text!r}")
        d.type_text(field_, text, by_keys=_by_keys(d, text))
        if value is None:
            d.expect(field_.error.startswith("width "), f"{text!r} is refused: {field_.error!r}")
            return
        old = layer.in_features if which == "in" else layer.out_features
        if value != old:
            ref.edit(_with_width(draft, i, which, value))
    _expect_editor_message(d)


def _with_width(draft: list[LayerSpec], i: int, which: str, value: int) -> list[LayerSpec]:
    """A new width; a new out-width feeds the next Linear; a weight stays only on a 2×2."""

    def resized(layer: LayerSpec, **change: int) -> LayerSpec:
        layer = replace(layer, **change)
        square = layer.in_features == 2 and layer.out_features == 2
        return layer if square else replace(layer, weight=None)

    draft[i] = resized(draft[i], **{"in_features" if which == "in" else "out_features": value})
    if which == "out" and value >= 1:
        for j in range(i + 1, len(draft)):
            if draft[j].kind == "linear":
                draft[j] = resized(draft[j], in_features=value)
                break
    return draft


def _expect_editor_message(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    problem = draft_problem(ref.draft)
    text = view.editor.message.text()
    if problem is None:
        d.expect(not view.editor.message.isVisible(), f"a good draft shows no message: {text!r}")
    else:
        d.expect(
            problem in text and "The last good network stays on screen" in text,
            f"a bad draft is explained ({problem!r}): {text!r}",
        )


# Scrubbing, weights, animation ----------------------------------------------------------------


@action(weight=0.84, tab=TAB)
def scrub_the_layers(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    scrubber = view.scrubber
    last = len(stage_labels(ref.layers)) - 1
    p = ref.position
    if rng.random() < 0.5:
        name = rng.choice(["first", "previous", "next", "last"])
        d.note(f"network: scrubber {name}")
        d.click(scrubber.buttons[name])
        ref.position = {
            "first": 0.0,
            "previous": float(max(0, math.ceil(p - 1e-9) - 1)),
            "next": float(min(last, math.floor(p + 1e-9) + 1)),
            "last": float(last),
        }[name]
    else:
        key, ticks = rng.choice(
            [
                (Qt.Key.Key_Right, 1),
                (Qt.Key.Key_Left, -1),
                (Qt.Key.Key_PageUp, 10),
                (Qt.Key.Key_PageDown, -10),
                (Qt.Key.Key_Home, -(10**6)),
                (Qt.Key.Key_End, 10**6),
            ]
        )
        d.note(f"network: scrubber slider {key.name}")
        d.key(scrubber.slider, key)
        ref.position = min(last * TICKS, max(0, round(p * TICKS) + ticks)) / TICKS


@action(weight=0.84, tab=TAB)
def drag_a_layer_weight(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    squares = [
        i
        for i, layer in enumerate(ref.layers)
        if layer.kind == "linear" and layer.in_features == layer.out_features == 2
    ]
    if not squares or ref.draft != ref.layers:
        return
    index = rng.choice(squares)
    row = view.editor.rows[index]
    _scroll_to(d, row)
    d.note(f"network: W of layer {index + 1}")
    d.click(row.weight_button)
    ref.position = float(stage_labels(ref.layers).index(f"layer {index + 1} Linear: × W"))
    _wait_for_computed(d)
    canvas = view.stage_canvas
    w = weight_of(d, index)
    d.expect(
        all(_at(h, w.column(j)) for j, h in enumerate(view.handles)),
        f"the W button of layer {index + 1} shows its handles, at the columns of {w}: "
        f"{[(h.pos().x(), h.pos().y()) for h in view.handles]}",
    )
    if not all(_reachable(canvas, d.canvas_point(canvas, w.column(j))) for j in (0, 1)):
        d.key(canvas, Qt.Key.Key_F)
        if not all(_reachable(canvas, d.canvas_point(canvas, w.column(j))) for j in (0, 1)):
            d.note("network: the W handles lie outside the fitted view")
            return
    j = rng.randrange(2)
    p0, p1 = (d.canvas_point(canvas, w.column(c)) for c in (0, 1))
    if max(abs(p0.x() - p1.x()), abs(p0.y() - p1.y())) < 14:
        j = 1  # e2's handle lies on top
    start = w.column(j)
    kind = rng.choice(["near", "near", "far", "beyond", "origin"])
    target = drag_target(rng, kind, start)
    shift = kind == "origin" or rng.random() < 0.1
    cancel = rng.random() < 0.1
    steps = rng.randint(1, 6)
    path = straight_path(start, target, steps)
    d.note(
        f"network: drag column {j + 1} of W{index + 1} {kind} {start} -> {target} cancel={cancel}"
    )
    before = ref.spec
    visited = d.mouse_drag(
        canvas,
        p0 if j == 0 else p1,
        path,
        modifiers=SHIFT if shift else NO_MODIFIER,
        cancel=cancel,
        pump_every=rng.choice([0, 1, 3]),
    )
    if cancel:
        d.expect(view.network == before, "a right-click put the weight back")
        return
    got_layer = view.network.layers[index]
    d.expect(got_layer.weight is not None, "a dragged weight is fixed in the layer")
    got = got_layer.weight.column(j)
    other = got_layer.weight.column(1 - j)
    d.expect(other == w.column(1 - j), f"the other column stays {w.column(1 - j)}: {other}")
    candidates = _drag_candidates(start, visited, shift)
    d.expect(
        any(math.dist(got, c) <= tol for c, tol in candidates),
        f"column {j + 1} is where the mouse let go (or its last allowed place): {got}, "
        f"expected one of {[c for c, _ in candidates]}",
    )
    step_start = _snapshot(d)
    layers = list(ref.layers)
    layers[index] = replace(layers[index], weight=got_layer.weight)
    ref.use(layers)
    _record_since(d, step_start)  # the whole drag, one step


def _reachable(canvas: Any, point: QPointF, margin: float = 14.0) -> bool:
    area = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    rect = QRectF(canvas.mapFromScene(area).boundingRect())
    return rect.adjusted(margin, margin, -margin, -margin).contains(point)


@action(weight=0.35, tab=TAB)
def animate_briefly(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    form = view.animation_form
    if rng.random() < 0.5:
        good = rng.random() < 0.6
        text = str(rng.choice(ANIMATION_STEPS)) if good else rng.choice(["1", "0", "abc", "10001"])
        d.note(f"network: animation steps {text!r}")
        _scroll_to(d, form.steps_field)
        d.type_text(form.steps_field, text, by_keys=_by_keys(d, text))
        d.expect(
            (form.steps_field.error == "") == good, f"steps {text!r}: {form.steps_field.error!r}"
        )
    if rng.random() < 0.3:
        good = rng.random() < 0.6
        text = rng.choice(["0.001", "1", "10", "-0.5"]) if good else rng.choice(["-1", "-2", "x"])
        d.note(f"network: animation p {text!r}")
        d.type_text(form.p_field, text, by_keys=_by_keys(d, text))
        d.expect((form.p_field.error == "") == good, f"p {text!r}: {form.p_field.error!r}")
    if form.steps > max(ANIMATION_STEPS):
        d.type_text(form.steps_field, "5", by_keys=True)  # the soak's animations stay short
    seen = len(d.messages)
    d.note(f"network: Animate ({form.steps} frames)")
    _scroll_to(d, form.play_button)
    d.click(form.play_button)
    if view._result is None:
        d.expect(
            any("Nothing to animate" in m for m in d.messages_since(seen)), "nothing to animate yet"
        )
        return
    last = len(stage_labels(ref.layers)) - 1
    ref.position = float(last)  # where a finished animation leaves the scrubber
    if rng.random() < 0.5 and view.animating:
        name = "first" if view.scrubber.position() > 0 else "last"
        d.note(f"network: scrubber {name} stops the animation")
        d.click(view.scrubber.buttons[name])
        ref.position = 0.0 if name == "first" else float(last)
    d.wait_until(lambda: not view.animating, "the animation ended", timeout_ms=5000)


@action(weight=0.35, tab=TAB)
def change_the_projection(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    form = view.projection_form
    seen = len(d.messages)
    if rng.random() < 0.4:
        d.note("network: projection mode key")
        before = form.mode_box.currentIndex()
        target = _choose_with_key(d, form.mode_box, 2)
        if target != before:
            ref.mode_shown = ("units", "pca")[target]
            if ref.mode_shown == "pca":  # the unit fields go back to the pair in use
                ref.units_shown = [u + 1 for u in ref.projection.units]
            _project(d, seen)
        return
    if ref.mode_shown != "units":
        d.expect(not form.unit_fields[0].isEnabled(), "units are chosen in units mode only")
        return
    axis = rng.randrange(2)
    field_ = form.unit_fields[axis]
    roll = rng.random()
    unit = rng.randint(1, 6)
    text = str(unit) if roll < 0.7 else rng.choice(["0", str(MAX_WIDTH + 1), "abc", "", "1.5"])
    d.note(f"network: {'xy'[axis]} unit {text!r}")
    _scroll_to(d, field_)
    d.type_text(field_, text, by_keys=_by_keys(d, text))
    if roll >= 0.7:
        d.expect(field_.error.startswith("unit "), f"unit {text!r} is refused: {field_.error!r}")
        d.expect(any(m.startswith("unit ") for m in d.messages_since(seen)), "and said so")
    elif unit != ref.units_shown[axis]:
        ref.units_shown[axis] = unit
        _project(d, seen)


def _project(d: SoakDriver, seen: int) -> None:
    """The fields and the mode box as shown now become the projection, unless the same unit is
    on both axes: that is refused with a message and the projection stays."""
    ref = _ref(d)
    x, y = ref.units_shown
    if x == y:
        d.expect(
            any("two different units" in m for m in d.messages_since(seen)),
            "the same unit twice is refused with a message",
        )
        return
    ref.projection = Projection(ref.mode_shown, (x - 1, y - 1))  # type: ignore[arg-type]


@action(weight=0.21, tab=TAB)
def open_from_the_gallery(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    gallery = view.gallery
    if rng.random() < 0.3:
        d.note("network: gallery sort key")
        _choose_with_key(d, gallery.sort_box, SORT_ORDERS)
    groups = [g for g, buttons in gallery.buttons.items() if buttons]
    if not groups:
        return
    button = rng.choice(gallery.buttons[rng.choice(groups)])
    title = button.text().split("\n")
    d.note(f"network: gallery {title[:2]}")
    gallery.scroll_area.ensureWidgetVisible(button)
    d.click(button)
    w = None
    if title[0].startswith("W #"):
        w = _notebook_w(int(title[0][3:]))
        # the net is shown (and named) first, then W follows: against the Explorer's W preset
        # it is judged with the W before, so the user's own net unless W was that already
        layers = [_linear(2, 2, False, w)]
        seed = 0
    else:
        seed = int(re.fullmatch(r"seed (\d+)", title[1]).group(1))  # type: ignore[union-attr]
        layers = _preset("tanh_net" if title[0] == "tanh net" else "deep_relu", 5.0, d.ref.w)
    step_start = _snapshot(d)
    with d.ref.one_gesture():  # the net, then the Explorer's W: one step of the two
        ref.use(layers, seed)
        ref.position = len(stage_labels(layers)) - 1
        _record_since(d, step_start)
        if w is not None:
            d.ref.set_w(w)


def _notebook_w(k: int) -> Matrix2:
    """The k-th ``torch.randn(2, 2)`` after ``torch.manual_seed(0); X = torch.randn(1000, 2)``."""
    generator = torch.Generator().manual_seed(0)
    torch.randn(1000, 2, generator=generator)
    for _ in range(k):
        w = torch.randn(2, 2, generator=generator)
    return Matrix2(*w.reshape(-1).tolist())


@action(weight=0.14, tab=TAB)
def toggle_the_network_grid(d: SoakDriver) -> None:
    d.note("network: grid box")
    d.click_check_box(_view(d).grid_check)
    _ref(d).grid = not _ref(d).grid


# Caught up and checks -------------------------------------------------------------------------


@caught_up
def network_shows_its_stages(d: SoakDriver) -> bool:
    view, ref = _view(d), _ref(d)
    if not view._active:
        return True  # never shown: nothing is computed
    result = view._result
    return (
        result is not None
        and result.spec == ref.spec
        and result.dataset == d.ref.dataset
        and result.projection == ref.projection
    )


@check
def network_state_matches_the_reference(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    d.expect(view.network == ref.spec, f"the net is {view.network}, the actions imply {ref.spec}")
    d.expect(view.editor.layers() == ref.draft, f"the editor's draft is {view.editor.layers()}")
    _expect_editor_message(d)
    d.expect(len(view.editor.rows) == len(ref.draft), "one editor row per layer")
    for number, (row, layer) in enumerate(zip(view.editor.rows, ref.draft, strict=True), 1):
        d.expect(row.kind_box.currentData() == layer.kind, f"row {number} shows {layer.kind}")
        if layer.kind != "linear":
            continue
        for field_, value in (
            (row.in_field, layer.in_features),
            (row.out_field, layer.out_features),
        ):
            if not field_.error:
                d.expect(field_.text() == str(value), f"row {number} shows {field_.text()!r}")
        d.expect(row.bias_check.isChecked() == layer.bias, f"row {number} bias box")
        square = layer.in_features == layer.out_features == 2
        d.expect(row.weight_button.isVisibleTo(row) == square, f"row {number} W button: {square}")
    code = view.code.toPlainText()
    for layer in ref.layers:
        d.expect(f"nn.{layer.describe()}," in code, f"the PyTorch code has {layer.describe()}")
    d.expect(f"torch.manual_seed({ref.seed})" in code, "the code seeds torch with the seed")
    presets = view.presets
    d.expect(presets.key == ref.preset, f"preset {presets.key}, not {ref.preset}")
    d.expect(
        presets.is_custom == ref.custom,
        f"the preset box says {presets.preset_box.currentText()!r}; your own net: {ref.custom}",
    )
    if ref.custom:
        d.expect(presets.preset_box.placeholderText() == "(your own network)", "the box says so")
    live = ref.preset == "tanh" and not ref.custom
    d.expect(presets.s == ref.s and presets.s_slider.isEnabled() == live, f"s live: {live}")
    if not presets.seed_field.error:
        d.expect(presets.seed_field.text() == str(ref.seed), "the seed field shows the seed")
    labels = stage_labels(ref.layers)
    d.expect(view.scrubber.stage_count == len(labels), f"{len(labels)} stages on the scrubber")
    d.expect(
        view.scrubber.position() == ref.position,
        f"scrubber at {view.scrubber.position()}, not {ref.position}",
    )
    d.expect(view._projection == ref.projection, f"projection {view._projection}")
    form = view.projection_form
    d.expect(form.mode_box.currentData() == ref.mode_shown, "the projection box")
    for field_, unit in zip(form.unit_fields, ref.units_shown, strict=True):
        if not field_.error:
            d.expect(field_.text() == str(unit), f"a unit field shows {field_.text()!r}")
    d.expect(view.grid_check.isChecked() == ref.grid, "the grid box")
    for canvas in (view.stage_canvas, view.output_canvas):
        d.expect(canvas.bent_grid.isVisible() == ref.grid, "grid lines follow their box")
    d.expect(not view.animating and not view._timer.isActive(), "no animation runs on")


@check
def network_canvases_show_the_real_stages(d: SoakDriver) -> None:
    """Each canvas shows X through the net up to its position, computed here with torch."""
    view, ref = _view(d), _ref(d)
    if view._result is None:
        return
    every = stages(d)
    last = len(every) - 1
    _expect_stage(d, view.output_canvas.points.points(), float(last), every, "the output")
    _expect_stage(d, view.stage_canvas.points.points(), ref.position, every, "the stage canvas")
    k = min((math.floor(ref.position)), last)
    label = stage_labels(ref.layers)[k]
    d.expect(
        f"stage {k + 1}/{last + 1}: {label}" in view.scrubber.label.text(),
        f"the scrubber names stage {k + 1}, {label}: {view.scrubber.label.text()!r}",
    )
    _expect_handles(d)


def _expect_stage(
    d: SoakDriver, shown: np.ndarray, position: float, every: list[np.ndarray], what: str
) -> None:
    projection = _ref(d).projection
    k = min((math.floor(position)), len(every) - 1)
    a = position - k if k + 1 < len(every) else 0.0
    parts = [every[k]] if a < 1e-9 else [every[k], every[k + 1]]
    if projection.mode == "pca" and any(p.shape[1] > 2 for p in parts):
        if a < 1e-9:
            _expect_pca(d, shown, every[k], what)
        return
    flat = [_units(p, projection.units) for p in parts]
    expected = flat[0] if a < 1e-9 else (1 - a) * flat[0] + a * flat[1]
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    d.expect(
        shown.shape == expected.shape
        and np.allclose(shown, expected, rtol=1e-4, atol=1e-5 * scale),
        f"{what} at {position} shows X through the net (torch): max error "
        f"{float(np.abs(shown - expected).max()) if shown.shape == expected.shape else shown.shape}",
    )


def _units(values: np.ndarray, units: tuple[int, int]) -> np.ndarray:
    width = values.shape[1]
    if width == 2:
        return values
    if width == 1:
        return np.column_stack([values[:, 0], np.zeros(len(values), values.dtype)])
    i, j = (min(u, width - 1) for u in units)
    if i == j:
        i, j = 0, 1
    return values[:, [i, j]]


def _expect_pca(d: SoakDriver, shown: np.ndarray, values: np.ndarray, what: str) -> None:
    """Shown through the top two principal axes: its covariance is their two variances."""
    eigenvalues = np.sort(np.linalg.eigvalsh(_covariance(values)))
    top = eigenvalues[::-1][:2]
    got = _covariance(shown)
    tol = 1e-3 * max(1e-6, float(top[0]))
    d.expect(
        abs(got[0, 0] - top[0]) <= tol and abs(got[1, 1] - top[1]) <= tol and abs(got[0, 1]) <= tol,
        f"{what} shows the top two principal components: covariance {got.tolist()}, "
        f"variances {top.tolist()}",
    )


def _covariance(values: np.ndarray) -> np.ndarray:
    centred = values.astype(np.float64) - values.mean(0, dtype=np.float64)
    return np.asarray(centred.T @ centred / max(1, len(values) - 1))


def _expect_handles(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    labels = stage_labels(ref.layers)
    on, entering = None, None  # the 2×2 layer whose × W step we are on, or moving into
    for i, spec in enumerate(ref.layers):
        if spec.kind == "linear" and spec.in_features == spec.out_features == 2:
            stage = labels.index(f"layer {i + 1} Linear: × W")
            if ref.position == stage:
                on = i
            elif stage - 1 <= ref.position < stage:
                entering = i
    layer = on if on is not None else entering
    for j, handle in enumerate(view.handles):
        d.expect(handle.isVisible() == (layer is not None), f"W handles shown at layer {layer}")
        if layer is not None:
            column = weight_of(d, layer).column(j)
            d.expect(_at(handle, column), f"handle {j + 1} at {column}: {handle.pos()}")


def _at(handle: Any, xy: tuple[float, float]) -> bool:
    """The handle sits at ``xy``, or at its float32 rounding (the weight torch holds)."""
    x, y = handle.pos().x(), handle.pos().y()
    return all(abs(a - b) <= 1e-6 * max(1.0, abs(b)) for a, b in ((x, xy[0]), (y, xy[1])))
