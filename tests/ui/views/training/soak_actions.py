"""The Training tab's user actions and what each implies, for the soak test.

Real events only: Step, Play then Pause, Reset and the presets clicked or chosen with keys;
points clicked onto the decision regions (a class chosen with the number keys first, some
removed with Shift+click); learning rates typed (junk too); the energy's class and the timeline
moved with the keyboard. The reference counts the steps and points the actions imply, and
checks the regions on screen against the net rebuilt here in torch from the weights shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QEvent, Qt

from tests.soak.driver import LEFT, NO_BUTTON, SHIFT, SoakDriver
from tests.soak.registry import action, allow_messages, caught_up, check, on_reopen

TAB = "Training"
#: Steps per frame the soak uses (the first entries of the box): training must stay quick.
STEP_CHOICES = 3
GOOD_RATES = ("0.001", "0.003", "0.0005", "0.01")
JUNK_RATES = ("-1", "0", "abc", "11", "", "1e400")

allow_messages(
    r"outputs but the data has|^Point not added|^No point to remove|clicks still add class"
    r"|diverged|at least 2 points"
)


@dataclass
class TrainingRef:
    """What the actions imply: the run's step and the number of points (None: not yet known,
    the tab has not computed them)."""

    step: int | None = None
    size: int | None = None


def _ref(d: SoakDriver) -> TrainingRef:
    state = d.view_state.setdefault(TAB, {})
    if "ref" not in state:
        state["ref"] = TrainingRef()
    ref: TrainingRef = state["ref"]
    return ref


@on_reopen(TAB)
def after_reopening(state: dict[str, Any], saved: dict[str, Any], _marker: int) -> dict[str, Any]:
    """A reopened session goes on from the step it saved, on the data it saved."""
    if "ref" in state:
        ref: TrainingRef = state["ref"]
        run = saved.get("run")
        ref.step = run["step"] if isinstance(run, dict) else None
    return state


def _view(d: SoakDriver) -> Any:
    return next(v for v in d.window.views if getattr(v, "title", "") == TAB)


def _settled(d: SoakDriver) -> None:
    view = _view(d)
    d.wait_until(lambda: _idle(view), "the Training tab's run and pictures arrived")


def _idle(view: Any) -> bool:
    return (
        not view._awaited.get(view.CHANNEL_RUN)
        and not view._awaited.get("chunk")
        and not view.source.loading
        and view.pictures_current()
    )


def _learn(d: SoakDriver) -> None:
    """Take what the view shows as the reference once it has settled (after an action whose
    outcome the soak cannot count: a new preset, a session)."""
    _settled(d)
    view, ref = _view(d), _ref(d)
    ref.step = view.run.step if view.run is not None else None
    ref.size = view.regions_canvas.dots.count


# Actions ---------------------------------------------------------------------------------------


@action(weight=0.6, tab=TAB)
def step_the_run(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    _learn(d) if ref.step is None else _settled(d)
    box = view.run_panel.steps_box
    index = d.rng.randrange(STEP_CHOICES)
    box.setFocus()
    while box.currentIndex() != index:
        d.key(box, Qt.Key.Key_Up if box.currentIndex() > index else Qt.Key.Key_Down)
    steps = view.run_panel.steps_per_frame
    d.note(f"training: Step ({steps} steps)")
    if view.run is None:
        d.expect(not view.run_panel.step_button.isEnabled(), "no run: Step is disabled")
        return
    before = view.shown_step()  # a timeline scrubbed back trains on from its snapshot
    d.click(view.run_panel.step_button)
    d.wait_until(
        lambda: (view.run is not None and view.run.step >= before + steps) or bool(view.message),
        f"Step takes {steps} steps from {before}",
    )
    _settled(d)
    if view.message:
        ref.step = view.run.step  # a diverged run stops early, and says so
        return
    ref.step = before + steps


@action(weight=0.3, tab=TAB)
def play_then_pause(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    _settled(d)
    if view.run is None:
        return
    before = view.shown_step()  # a timeline scrubbed back plays on from its snapshot
    wait = d.rng.choice([0, 30, 120])
    d.note(f"training: Play for {wait} ms, then Pause")
    d.click(view.run_panel.play_button)
    d.qtbot.wait(wait)
    d.click(view.run_panel.play_button)
    d.expect(not view.playing and view.run_panel.play_button.text() == "Play", "paused")
    _settled(d)
    step = view.run.step
    d.expect(step >= before, f"Play never goes back from where it starts: {before} -> {step}")
    d.expect(view.timeline.live, "after Play the timeline follows the run")
    d.qtbot.wait(40)
    d.expect(view.run.step == step, "after Pause no step is taken")
    ref.step = step


@action(weight=0.2, tab=TAB)
def reset_the_run(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    _settled(d)
    d.note("training: Reset")
    d.click(view.run_panel.reset_button)
    _settled(d)
    if view.run is not None:
        ref.step = 0
        d.expect(view.run.weights.equals(view.run.setup.initial), "Reset gives the first weights")


@action(weight=0.6, tab=TAB)
def click_points(d: SoakDriver) -> None:
    view, ref, rng = _view(d), _ref(d), d.rng
    _learn(d)
    canvas = view.regions_canvas
    box = canvas.view_box()
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.3:
            key = rng.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_9])
            d.note(f"training: key {Qt.Key(key).name}")
            d.key(canvas, key)
        remove = rng.random() < 0.25
        xy = (
            rng.uniform(
                box.left + 0.1 * (box.right - box.left), box.right - 0.1 * (box.right - box.left)
            ),
            rng.uniform(
                box.bottom + 0.1 * (box.top - box.bottom), box.top - 0.1 * (box.top - box.bottom)
            ),
        )
        had_run = view.run is not None
        step = view.run.step if had_run else 0
        size = canvas.dots.count
        k = view.click_class
        d.note(f"training: {'Shift+' if remove else ''}click at {xy} (class {k + 1})")
        _click(d, canvas, xy, SHIFT if remove else Qt.KeyboardModifier.NoModifier)
        expected = max(0, size - 1) if remove else size + 1
        d.expect(canvas.dots.count == expected, f"{canvas.dots.count} points, not {expected}")
        clicks = view.source.clicked
        if not remove:
            got = canvas.dots.points()[-1]
            pixel = d.pixel_size(canvas)
            d.expect(
                abs(got[0] - xy[0]) <= 2 * pixel and abs(got[1] - xy[1]) <= 2 * pixel,
                f"the point lies where the mouse clicked: {got.tolist()} vs {xy}",
            )
            d.expect(int(clicks.labels[-1]) == k, f"the point has class {k + 1}")
        _settled(d)
        fits = view.network.output_width == clicks.classes
        if clicks.size < 2 or not fits:
            d.expect(view.run is None, "no run on fewer than 2 points or with a net that misfits")
            why = "outputs but the data has" if fits is False and clicks.size >= 2 else "2 points"
            d.expect(why in view.message, f"and it says why: {view.message!r}")
            ref.step = None
        else:
            d.expect(view.run is not None, "the net fits the clicked points: a run")
            ref.step = step if had_run else 0
        ref.size = canvas.dots.count


def _click(d: SoakDriver, canvas: Any, xy: tuple[float, float], modifiers: Any) -> None:
    """Press and release in one place: a click, not a drag (which would pan the view)."""
    at = d.canvas_point(canvas, xy)
    d._mouse(canvas, QEvent.Type.MouseButtonPress, at, LEFT, LEFT, modifiers)
    d._mouse(canvas, QEvent.Type.MouseButtonRelease, at, LEFT, NO_BUTTON, modifiers)
    d.pump()


@action(weight=0.3, tab=TAB)
def type_a_learning_rate(d: SoakDriver) -> None:
    view, rng = _view(d), d.rng
    _settled(d)
    field = view.optimiser_panel.rate_field
    good = rng.random() < 0.6
    text = rng.choice(GOOD_RATES if good else JUNK_RATES)
    before = view.config.learning_rate
    d.note(f"training: learning rate {text!r}")
    d.type_text(field, text, by_keys=rng.random() < 0.5)
    if good:
        d.expect(view.config.learning_rate == float(text), f"lr is {view.config.learning_rate}")
        d.expect(field.error == "", f"{text!r} is a learning rate: {field.error!r}")
    else:
        d.expect(view.config.learning_rate == before, "junk keeps the last good rate")
        d.expect("learning rate" in field.error, f"{text!r} is refused by name: {field.error!r}")
    _settled(d)
    if view.run is not None:
        d.expect(view.run.setup.config.learning_rate == view.config.learning_rate, "run's lr")


@action(weight=0.1, tab=TAB)
def choose_a_preset(d: SoakDriver) -> None:
    view = _view(d)
    box = view.net_panel.preset_box
    index = d.rng.randrange(1, box.count())
    d.note(f"training: preset {box.itemData(index)}")
    if index == box.currentIndex():
        return  # already chosen: the keys move nothing, nothing starts again
    box.setFocus()
    while box.currentIndex() != index:
        d.key(box, Qt.Key.Key_Up if box.currentIndex() > index else Qt.Key.Key_Down)
    if box.currentIndex() == 0:
        return
    _learn(d)
    d.expect(view.run is not None and view.run.step == 0, "a preset starts at step 0")
    d.expect(view.data.size == 5000, "on the notebook's 5 × 1000 points")


@action(weight=0.25, tab=TAB)
def move_the_energy_and_the_timeline(d: SoakDriver) -> None:
    view, rng = _view(d), d.rng
    _settled(d)
    if rng.random() < 0.5:
        d.note("training: energy class key")
        d.key(view.energy_panel.class_box, rng.choice([Qt.Key.Key_Up, Qt.Key.Key_Down]))
    else:
        key = rng.choice([Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageDown, Qt.Key.Key_Left])
        d.note(f"training: timeline {Qt.Key(key).name}")
        d.key(view.timeline.slider, key)


# Caught up and checks --------------------------------------------------------------------------


@caught_up
def training_pictures_are_current(d: SoakDriver) -> bool:
    view = _view(d)
    return not view.active or _idle(view)


@check
def training_matches_the_reference(d: SoakDriver) -> None:
    view, ref = _view(d), _ref(d)
    if not view.active:
        return
    d.expect(not view.playing, "nothing trains unseen after an action")
    run = view.run
    if run is None:
        d.expect(bool(view.message), f"no run, and a message says why: {view.message!r}")
        return
    if ref.step is not None:
        d.expect(
            run.step == ref.step, f"the run is at step {run.step}, the actions imply {ref.step}"
        )
    shown = view.regions_canvas.dots.count
    if ref.size is not None:
        d.expect(shown == ref.size, f"{shown} points on the regions, expected {ref.size}")
    steps = view.curves.steps
    d.expect(
        len(steps) == 0 or (steps[-1] == run.step - 1 and bool(np.all(np.diff(steps) == 1))),
        f"one loss on the curve per step taken, up to step {run.step}: {steps[-3:]}",
    )
    d.expect(f"step {run.step:,}" in view.run_panel.status.text(), "the status names the step")
    d.expect(view.energy_result is None or view.energy_result.k == view.energy_panel.k, "k")


@check
def training_regions_are_the_nets_argmax(d: SoakDriver) -> None:
    """The regions on screen are argmax of the net with the weights shown, rebuilt in torch."""
    view = _view(d)
    result, weights = view.regions_result, view.shown_weights()
    if not view.active or view.run is None or result is None or weights is None:
        return
    model = _torch_net(view.run.setup.network)
    model.load_state_dict(
        {k: torch.from_numpy(v.copy()) for k, v in zip(weights.names, weights.arrays, strict=True)}
    )
    rows, cols = np.arange(0, len(result.ys), 17), np.arange(0, len(result.xs), 17)
    gx, gy = np.meshgrid(result.xs[cols], result.ys[rows])
    with torch.no_grad():
        p = torch.softmax(model(torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1))), 1)
    top = p.topk(2, 1).values
    expected = p.argmax(1).numpy().reshape(gx.shape)
    shown = result.classes[np.ix_(rows, cols)]
    clear = (top[:, 0] - top[:, 1]).numpy().reshape(gx.shape) > 1e-4  # ties may go either way
    d.expect(
        bool(np.all(shown[clear] == expected[clear])),
        f"the regions are argmax of the net: {int(np.sum(shown[clear] != expected[clear]))} cells differ",
    )
    d.expect(view.regions_canvas.image.isVisible(), "the regions are drawn")


def _torch_net(network: Any) -> torch.nn.Sequential:
    modules: list[torch.nn.Module] = []
    for layer in network.layers:
        if layer.kind == "linear":
            modules.append(torch.nn.Linear(layer.in_features, layer.out_features, layer.bias))
        elif layer.kind == "leaky_relu":
            modules.append(torch.nn.LeakyReLU(layer.slope))
        else:
            modules.append(
                {
                    "tanh": torch.nn.Tanh,
                    "relu": torch.nn.ReLU,
                    "sigmoid": torch.nn.Sigmoid,
                    "identity": torch.nn.Identity,
                }[layer.kind]()
            )
    return torch.nn.Sequential(*modules)
