"""The core explorer's user actions and what each implies, for the soak test.

Everything goes through real events: mouse drags of the basis handles (near, far off screen,
past the limit of 1000, onto the origin, onto each other, with Shift, cancelled by a
right-click), keys typed into W, N and seed, arrow keys and stepper buttons, combo boxes moved
with the keyboard, buttons and check boxes clicked, shortcuts (Ctrl+Z, Ctrl+Shift+Z, F).
"""

from __future__ import annotations

import math
import re

import numpy as np
import torch
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QToolButton

from linviz_gui.model.data.point_sets import DATASET_LABELS, DatasetSpec, make_points
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.ui.views.explorer.matrix_editor import PRESETS
from linviz_gui.ui.widgets.colors import BASIS_SCHEMES, COLORMAPS, point_colors
from tests.soak.driver import (
    CTRL,
    NO_MODIFIER,
    SHIFT,
    SoakDriver,
    drag_target,
    points_close,
    straight_path,
)
from tests.soak.reference import close, preset_matrix, randn_matrix
from tests.soak.registry import action, allow_messages, allowed_messages, caught_up, check

MAX_ENTRY = 1000.0
#: The soak keeps N modest so thousands of actions run in a minute.
GOOD_COUNTS = (1, 2, 3, 10, 100, 500, 1000, 2000, 3000, 5000)

# Status-bar and editor messages the actions may legitimately cause.
allow_messages(r"Ready\.|Loading torch|keeps its last value|cuda:7 is not usable|^$")

JUNK_NUMBERS = (
    "",
    " ",
    "abc",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e300",
    "1001",
    "-1000.5",
    "1,5",
    "0x10",
    "1e",
    "--1",
    "1 2",
    "½",
    "1/2",
    "2*3",
    "None",
    "True",
    "1e400",
    "(1)",
    "'1'",
    "__import__('os').system('touch /tmp/linviz-pwned')",
    "9" * 80,
    "1;2",
    "1e-400x",
)
JUNK_COUNTS = ("0", "-3", "1e12", "2000001", "abc", "", "2.5", "1e400", "9" * 30, "1/2", "N")
JUNK_SEEDS = ("-1", "2**63", "9223372036854775808", "1e30", "0.5", "seed", "", "nan", "0x1")


# Helpers ---------------------------------------------------------------------------------


def _canvas(d: SoakDriver):  # type: ignore[no-untyped-def]
    return d.window.explorer.output_canvas


def _good_number(d: SoakDriver) -> tuple[str, float]:
    """A number as a user might type it, and the value it means."""
    rng = d.rng
    value = rng.choice(
        [rng.uniform(-5, 5), rng.uniform(-1000, 1000), float(rng.randint(-3, 3)), 0.0]
    )
    text = rng.choice(
        [f"{value:.3f}", repr(value), f"{value:.2e}", f" {value:.4f} ", f"{value:+.1f}"]
    )
    if rng.random() < 0.1 and not text.strip().startswith(("-", "+")):
        text = "−" + text.strip()  # the Unicode minus sign reads as "-"
    return text, float(text.strip().replace("−", "-"))


def _by_keys(d: SoakDriver, text: str) -> bool:
    """Type short printable ASCII text key by key (QTest aborts on other keys); paste the rest."""
    return len(text) <= 12 and text.isascii() and text.isprintable() and d.rng.random() < 0.5


def _handle_point(d: SoakDriver, j: int) -> QPointF:
    pos = d.window.explorer.handles[j].pos()
    return d.canvas_point(_canvas(d), (float(pos.x()), float(pos.y())))


def _fit(d: SoakDriver) -> None:
    d.key(_canvas(d), Qt.Key.Key_F)


def _reachable(d: SoakDriver, point: QPointF, margin: float = 14.0) -> bool:
    """Inside the plotting area (the view box clips what lies over the axes or the title)."""
    canvas = _canvas(d)
    area = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    rect = QRectF(canvas.mapFromScene(area).boundingRect())
    return rect.adjusted(margin, margin, -margin, -margin).contains(point)


def _snap(v: float) -> float:
    return round(round(v / 0.1) * 0.1, 10)


# Dragging --------------------------------------------------------------------------------


@action(weight=6, tab="Explorer")
def drag_a_basis_handle(d: SoakDriver) -> None:
    rng, canvas = d.rng, _canvas(d)
    if not all(_reachable(d, _handle_point(d, j)) for j in (0, 1)):
        _fit(d)  # a user presses F to bring a handle back into view first
    d.expect(
        all(_reachable(d, _handle_point(d, j), 0) for j in (0, 1)),
        "after F both handles are in view",
    )
    j = rng.randrange(2)
    p0, p1 = _handle_point(d, 0), _handle_point(d, 1)
    if max(abs(p0.x() - p1.x()), abs(p0.y() - p1.y())) < 14:
        j = 1  # the e2 handle lies on top: that is the one the mouse grabs
    start = d.ref.w.column(j)
    other = d.ref.w.column(1 - j)
    kind = rng.choice(["near", "near", "near", "far", "beyond", "origin", "onto_other", "snap"])
    target = other if kind == "onto_other" else drag_target(rng, kind, start)
    shift = kind in ("origin", "snap") or rng.random() < 0.1
    cancel = rng.random() < 0.08
    steps = rng.randint(1, 10)
    path = straight_path(start, target, steps)
    press = _handle_point(d, j)
    d.note(
        f"drag e{j + 1} {kind} {start} -> {target} shift={shift} cancel={cancel} steps={steps}"
        f" (press at {_xy(press)}, handles at {_xy(p0)} {_xy(p1)})"
    )
    before = d.ref.w
    visited = d.mouse_drag(
        canvas,
        press,
        path,
        modifiers=SHIFT if shift else NO_MODIFIER,
        cancel=cancel,
        pump_every=rng.choice([0, 0, 1, 3]),
    )
    w = d.window.scene.matrix
    d.expect(not d.window.scene.dragging, "the drag ended")
    if cancel:
        d.expect(w == before, f"a right-click cancelled the drag: W is {w}, was {before}")
        return
    d.expect(
        w.column(1 - j) == other, f"dragging e{j + 1} left the other column alone: {w} vs {before}"
    )
    got = w.column(j)
    candidates = _drag_candidates(start, visited, shift)
    d.expect(
        any(math.dist(got, c) <= tol for c, tol in candidates),
        f"column {j + 1} of W is where the mouse let go (or its last allowed place): got {got}, "
        f"expected one of {[c for c, _ in candidates]}; the mouse went {visited}",
    )
    if kind == "origin" and max(px for _, px in visited) < 0.04:
        d.expect(got == (0.0, 0.0), f"Shift snaps exactly onto the origin: {got}")
    d.ref.set_w(w)


def _drag_candidates(
    start: tuple[float, float], visited: list[tuple[tuple[float, float], float]], shift: bool
) -> list[tuple[tuple[float, float], float]]:
    """Where the column may have ended: the last place within the limit (a place within a
    pixel of the limit may fall either side of it). Each with its tolerance."""
    candidates: list[tuple[tuple[float, float], float]] = [(start, 0.0)]
    for xy, pixel in visited:
        tol = 2.0 * pixel + (0.1 if shift else 0.0)
        shown = (_snap(xy[0]), _snap(xy[1])) if shift else xy
        furthest = max(abs(shown[0]), abs(shown[1]))
        if furthest <= MAX_ENTRY - tol:
            candidates = [(shown, tol)]
        elif furthest <= MAX_ENTRY + tol:
            candidates.append((shown, tol))
    return candidates


@action(weight=1.5, tab="Explorer")
def pan_the_output_view(d: SoakDriver) -> None:
    rng, canvas = d.rng, _canvas(d)
    area = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    rect = QRectF(canvas.mapFromScene(area).boundingRect()).adjusted(20, 20, -20, -20)
    for _ in range(20):
        press = QPointF(
            rng.uniform(rect.left(), rect.right()), rng.uniform(rect.top(), rect.bottom())
        )
        if all(math.dist(_xy(press), _xy(_handle_point(d, j))) > 40 for j in (0, 1)):
            break
    else:
        return
    before = d.ref.w
    start_xy = d.canvas_xy(canvas, press)
    end_xy = (start_xy[0] + rng.uniform(-2, 2), start_xy[1] + rng.uniform(-2, 2))
    d.note(f"pan from {start_xy} to {end_xy}")
    d.mouse_drag(canvas, press, [end_xy], pump_every=0)
    d.expect(d.window.scene.matrix == before, "panning the view leaves W alone")


def _xy(p: QPointF) -> tuple[float, float]:
    return (p.x(), p.y())


# Typing into W ---------------------------------------------------------------------------


@action(weight=4, tab="Explorer")
def type_into_w(d: SoakDriver) -> None:
    rng = d.rng
    i = rng.randrange(4)
    field = d.window.matrix_editor.fields[i]
    good = rng.random() < 0.6
    text, value = _good_number(d) if good else (rng.choice(JUNK_NUMBERS), math.nan)
    d.note(f"type {text!r} into {field.objectName()}")
    d.type_text(field, text, by_keys=_by_keys(d, text))
    if good:
        d.ref.set_w(d.ref.w.with_entry(i, value))
        d.expect(field.error == "", f"{text!r} is accepted in {field.objectName()}")
    else:
        d.expect(
            field.objectName() in field.error,
            f"{text!r} in {field.objectName()} is refused with a message naming the field",
        )
        shown = d.window.matrix_editor.message.text()
        d.expect(shown != "" and "W[" in shown, f"the editor shows why: {shown!r}")
    d.expect(d.window.scene.matrix == d.ref.w, f"W is {d.window.scene.matrix}, not {d.ref.w}")


@action(weight=2, tab="Explorer")
def step_a_w_entry(d: SoakDriver) -> None:
    """Up/Down/PageUp/PageDown (Ctrl finer) in a W entry, or its little arrow buttons."""
    rng = d.rng
    i = rng.randrange(4)
    field = d.window.matrix_editor.fields[i]
    if rng.random() < 0.3:
        up, down = field.parentWidget().findChildren(QToolButton)
        steps = rng.choice([1.0, -1.0])
        d.note(f"click the {'up' if steps > 0 else 'down'} arrow of {field.objectName()}")
        d.click(up if steps > 0 else down)
    else:
        key, steps = rng.choice(
            [
                (Qt.Key.Key_Up, 1.0),
                (Qt.Key.Key_Down, -1.0),
                (Qt.Key.Key_PageUp, 10.0),
                (Qt.Key.Key_PageDown, -10.0),
            ]
        )
        modifiers = CTRL if rng.random() < 0.3 else NO_MODIFIER
        if modifiers == CTRL:
            steps *= 0.1
        d.note(f"press {key.name} (ctrl={modifiers == CTRL}) in {field.objectName()}")
        d.key(field, key, modifiers)
    current = d.ref.w.entries[i]
    text = f"{round(current + steps * 0.1, 10):.6g}"
    value = 0.0 if text == "-0" else float(text)
    if abs(value) <= MAX_ENTRY:
        d.ref.set_w(d.ref.w.with_entry(i, value))
    else:
        d.expect("between -1000 and 1000" in field.error, "stepping past 1000 is refused")
    d.expect(d.window.scene.matrix == d.ref.w, f"W is {d.window.scene.matrix}, not {d.ref.w}")


# Presets ---------------------------------------------------------------------------------


@action(weight=3, tab="Explorer")
def apply_a_preset(d: SoakDriver) -> None:
    rng, editor = d.rng, d.window.matrix_editor
    names = list(PRESETS)
    box = editor.preset_box
    name = rng.choice(names)
    label, _, _ = PRESETS[name]
    random_w = name.startswith("random")
    # Chosen in the open list, as a mouse does: the index moves, then Qt reports the choice,
    # which applies the preset with the parameter the box shows (its default for a new one).
    marker = d.next_job_id()
    box.setCurrentIndex(box.findText(name))
    text = editor.preset_param.text()
    d.note(f"choose preset {name!r} (parameter {text!r})")
    box.activated.emit(box.currentIndex())
    _expect_preset(d, name, text, random_w, marker)
    # Then a parameter typed (or the one shown kept) and applied with Apply or Enter.
    if label and rng.random() < 0.7:
        if random_w:
            text = rng.choice(
                [str(rng.randrange(1000)), str(rng.randrange(2**63)), "1,000", "1e3", *JUNK_SEEDS]
            )
        elif rng.random() < 0.6:
            text = rng.choice([f"{rng.uniform(-720, 720):.2f}", str(rng.randint(-9, 9)), "0.001"])
        else:
            text = rng.choice(JUNK_NUMBERS)
        editor.preset_param.setFocus()
        editor.preset_param.setText(text)
    marker = d.next_job_id()
    by_enter = bool(label) and rng.random() < 0.5
    d.note(f"preset {name!r} with {text!r} ({'Enter' if by_enter else 'Apply'})")
    if by_enter:
        d.key(editor.preset_param, Qt.Key.Key_Return)
    else:
        d.click(editor.apply_button)
    _expect_preset(d, name, text, random_w, marker)


def _expect_preset(d: SoakDriver, name: str, text: str, random_w: bool, marker: int) -> None:
    """W after preset ``name`` was applied with ``text``: its matrix, or unchanged with a
    message; the box names the preset (it says "custom" only once W is edited by hand)."""
    editor = d.window.matrix_editor
    expected = _preset_outcome(name, text)
    if expected is None:
        d.expect(editor.message.text() != "", f"preset {name} refuses {text!r} with a message")
        d.expect(d.window.scene.matrix == d.ref.w, "a refused preset leaves W alone")
        return
    if random_w:
        d.wait_until(
            lambda: d.deliveries.last_id.get("explorer.preset", 0) > marker,
            "the random preset came back from the worker",
        )
    w = d.window.scene.matrix
    d.expect(close(w, expected), f"preset {name} with {text!r} gives {expected}, not {w}")
    d.expect(editor.preset_box.currentText() == name, f"the box still says {name!r}")
    d.ref.set_w(w)


def _preset_outcome(name: str, text: str) -> Matrix2 | None:
    """W the preset should give, or None when its parameter should be refused."""
    label, _, _ = PRESETS[name]
    if name.startswith("random"):
        cleaned = text.strip().replace(",", "").replace("_", "")
        try:
            # Digits alone are read exactly (a float would round a 19-digit seed).
            seed = int(cleaned) if re.fullmatch(r"[0-9]+", cleaned) else None
            if seed is None and re.fullmatch(r"\d+e\d+", cleaned):
                seed = int(float(cleaned))
        except ValueError:
            seed = None
        if seed is None or seed >= 2**63:
            return None
        return randn_matrix(seed)
    p = 0.0
    if label:
        if not re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", text):
            return None
        p = float(text)
        if not math.isfinite(p) or abs(p) > MAX_ENTRY:
            return None
    short = name if name in ("the course's example W", "projection (singular)") else name.split()[0]
    if short == "scaling" and p == 0:
        return None
    try:
        return preset_matrix(short, p)
    except (InputError, ZeroDivisionError):
        return None


# Dataset ---------------------------------------------------------------------------------


@action(weight=2, tab="Explorer")
def type_n(d: SoakDriver) -> None:
    field = d.window.dataset_panel.count_field
    if not field.isEnabled():
        d.expect(d.ref.dataset.kind == "two_points", "N is fixed only for the two points")
        return
    rng = d.rng
    if rng.random() < 0.6:
        n = rng.choice(GOOD_COUNTS)
        text = rng.choice([str(n), f"{n:,}", f"{n:_}", f"{n:.0e}" if n in (1, 1000) else str(n)])
    else:
        n, text = 0, rng.choice(JUNK_COUNTS)
    d.note(f"type N {text!r}")
    d.type_text(field, text, by_keys=_by_keys(d, text))
    if n:
        d.ref.set_dataset(n=n)
    else:
        d.expect(field.error.startswith("N "), f"N {text!r} is refused: {field.error!r}")
        d.expect(
            d.window.dataset_panel.message.text() != "", "the dataset panel says what is wrong"
        )
    d.expect(d.window.scene.dataset == d.ref.dataset, f"dataset is {d.window.scene.dataset}")


@action(weight=2, tab="Explorer")
def type_seed(d: SoakDriver) -> None:
    field = d.window.dataset_panel.seed_field
    if not field.isEnabled():
        d.expect(d.ref.dataset.kind != "gaussian", "the seed is editable for the cloud")
        return
    rng = d.rng
    if rng.random() < 0.6:
        seed = rng.choice([0, 1, 42, rng.randrange(2**31), rng.randrange(2**63), 2**63 - 1])
        text = str(seed)
    else:
        seed, text = -1, rng.choice(JUNK_SEEDS)
    d.note(f"type seed {text!r}")
    d.type_text(field, text, by_keys=_by_keys(d, text))
    if seed >= 0:
        d.ref.set_dataset(seed=seed)
    else:
        d.expect(field.error.startswith("seed "), f"seed {text!r} is refused: {field.error!r}")
    d.expect(d.window.scene.dataset == d.ref.dataset, f"dataset is {d.window.scene.dataset}")


@action(weight=1.5, tab="Explorer")
def switch_dataset_kind(d: SoakDriver) -> None:
    box = d.window.dataset_panel.kind_box
    kinds = list(DATASET_LABELS)
    key = d.rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End])
    index = kinds.index(d.ref.dataset.kind)
    index = {
        Qt.Key.Key_Down: min(index + 1, len(kinds) - 1),
        Qt.Key.Key_Up: max(index - 1, 0),
        Qt.Key.Key_Home: 0,
        Qt.Key.Key_End: len(kinds) - 1,
    }[key]
    d.note(f"dataset box {key.name}")
    d.key(box, key)
    d.ref.set_dataset(kind=kinds[index])
    d.expect(d.window.scene.dataset == d.ref.dataset, f"dataset is {d.window.scene.dataset}")


# Device ------------------------------------------------------------------------------------


@action(weight=1, tab="Explorer")
def switch_device(d: SoakDriver) -> None:
    scene = d.window.scene
    if d.rng.random() < 0.5:
        d.note("device box: cpu")
        d.key(d.window.device_selector, Qt.Key.Key_Home)
        d.expect(scene.device == "cpu", f"device is {scene.device}")
        return
    # An absent GPU arrives from the command line (--device cuda:7) or a remembered setting.
    d.note("device cuda:7 (absent)")
    seen = len(d.messages)
    scene.set_device("cuda:7")
    d.wait_until(
        lambda: (
            scene.device == "cpu"
            and any("cuda:7 is not usable" in m for m in d.messages_since(seen))
        ),
        "cuda:7 fell back to cpu with a message",
    )
    d.expect(d.window.device_selector.currentText() == "cpu", "the device box shows cpu")


# Display -----------------------------------------------------------------------------------


@action(weight=1.5, tab="Explorer")
def change_display(d: SoakDriver) -> None:
    options, rng = d.window.display_options, d.rng
    what = rng.choice(["colormap", "basis", "grid", "auto_fit"])
    d.note(f"display: {what}")
    if what in ("colormap", "basis"):
        box = options.colormap_box if what == "colormap" else options.basis_box
        names = list(COLORMAPS if what == "colormap" else BASIS_SCHEMES)
        key = rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Up])
        index = names.index(d.ref.colormap if what == "colormap" else d.ref.basis)
        index = min(index + 1, len(names) - 1) if key == Qt.Key.Key_Down else max(index - 1, 0)
        d.key(box, key)
        setattr(d.ref, what, names[index])
    else:
        d.click_check_box(options.grid_check if what == "grid" else options.auto_fit_check)
        setattr(d.ref, what, not getattr(d.ref, what))


# Views, undo, fit --------------------------------------------------------------------------


@action(weight=0.5)
def switch_tab(d: SoakDriver) -> None:
    bar = d.window.tabs.tabBar()
    index = d.rng.randrange(bar.count())
    d.note(f"click tab {bar.tabText(index)!r}")
    d.click(bar, bar.tabRect(index).center())
    d.expect(d.window.tabs.currentIndex() == index, "the clicked tab is shown")


@action(weight=3, tab="Explorer")
def undo_or_redo(d: SoakDriver) -> None:
    rng = d.rng
    redo = rng.random() < 0.4
    # Where the user's focus is: the canvas, or a W entry right after pressing Enter in it.
    fields = [f for f in d.window.matrix_editor.fields if not f.isUndoAvailable()]
    target = rng.choice(fields) if fields and rng.random() < 0.4 else _canvas(d)
    modifiers = (CTRL | SHIFT) if redo else CTRL
    d.note(f"{'Ctrl+Shift+Z' if redo else 'Ctrl+Z'} in {target.objectName() or 'canvas'}")
    d.key(target, Qt.Key.Key_Z, modifiers)
    if redo:
        d.ref.redo()
    else:
        d.ref.undo()
    d.expect(d.window.scene.matrix == d.ref.w, f"W is {d.window.scene.matrix}, not {d.ref.w}")


@action(weight=1, tab="Explorer")
def fit_view(d: SoakDriver) -> None:
    d.note("F")
    _fit(d)
    canvas = _canvas(d)
    view, content = canvas.view_box(), canvas.content_box()
    pad = 1e-6 * max(1.0, view.width, view.height)
    d.expect(
        view.left - pad <= content.left
        and content.right <= view.right + pad
        and view.bottom - pad <= content.bottom
        and content.top <= view.top + pad,
        f"F shows everything: view {view}, content {content}",
    )


# Caught up and checks ----------------------------------------------------------------------

_points_cache: dict[DatasetSpec, tuple[np.ndarray, np.ndarray]] = {}


def expected_points(spec: DatasetSpec) -> tuple[np.ndarray, np.ndarray]:
    """X and its colour values for ``spec``, built here with torch as the course does."""
    if spec not in _points_cache:
        if len(_points_cache) > 8:
            _points_cache.clear()
        with torch.no_grad():
            points, values = make_points(spec)
        _points_cache[spec] = (points.numpy(), values.numpy().astype(np.float32))
    return _points_cache[spec]


@caught_up
def explorer_shows_x_and_x_times_w_transposed(d: SoakDriver) -> bool:
    explorer, scene = d.window.explorer, d.window.scene
    if scene.device != d.ref.device:
        return False
    x, _ = expected_points(d.ref.dataset)
    w = np.array(d.ref.w.rows, dtype=np.float32)
    return points_close(explorer.input_canvas.points.points(), x) and points_close(
        explorer.output_canvas.points.points(), x @ w.T
    )


@check
def state_matches_the_reference(d: SoakDriver) -> None:
    scene, ref = d.window.scene, d.ref
    d.expect(scene.matrix == ref.w, f"W is {scene.matrix}, the actions imply {ref.w}")
    d.expect(scene.dataset == ref.dataset, f"dataset is {scene.dataset}, not {ref.dataset}")
    d.expect(scene.device == ref.device, f"device is {scene.device}, not {ref.device}")
    d.expect(
        scene.can_undo() == bool(ref.undo_stack) and scene.can_redo() == bool(ref.redo_stack),
        "undo/redo availability matches the history",
    )
    d.expect(
        d.window.undo_action.isEnabled() == bool(ref.undo_stack)
        and d.window.redo_action.isEnabled() == bool(ref.redo_stack),
        "the Undo/Redo menu items are enabled exactly when there is something to undo/redo",
    )


@check
def every_widget_shows_w(d: SoakDriver) -> None:
    w, window = d.ref.w, d.window
    for field, value in zip(window.matrix_editor.fields, w.entries, strict=True):
        if not field.error:
            shown = f"{value:.6g}"
            shown = "0" if shown == "-0" else shown
            d.expect(field.text() == shown, f"{field.objectName()} shows {field.text()!r}")
    d.expect(f"det(W) = {w.det:.4f}" in window.matrix_editor.det_label.text(), "det(W) shown")
    code = window.code_view.text.toPlainText()
    d.expect(f"[[{w.a:.4f}, {w.b:.4f}]" in code, f"the PyTorch code shows W: {code[:120]!r}")
    explorer = window.explorer
    for j, (handle, arrow) in enumerate(
        zip(explorer.handles, explorer.output_canvas.arrows, strict=True)
    ):
        pos = (float(handle.pos().x()), float(handle.pos().y()))
        d.expect(pos == w.column(j), f"handle e{j + 1} sits at column {j + 1}: {pos}")
        d.expect(arrow.tip() == w.column(j), f"arrow We{j + 1} ends at column {j + 1}")


@check
def dataset_panel_shows_the_dataset(d: SoakDriver) -> None:
    panel, spec = d.window.dataset_panel, d.ref.dataset
    d.expect(panel.kind_box.currentData() == spec.kind, "the dataset box shows the kind")
    if not panel.count_field.error:
        d.expect(panel.count_field.text() == f"{spec.n:,}", "N shows the dataset's N")
    if not panel.seed_field.error:
        d.expect(panel.seed_field.text() == str(spec.seed), "the seed field shows the seed")
    d.expect(panel.count_field.isEnabled() == (spec.kind != "two_points"), "N enabled")
    d.expect(panel.seed_field.isEnabled() == (spec.kind == "gaussian"), "seed enabled")


@check
def points_wear_their_colours(d: SoakDriver) -> None:
    """Each point keeps the colour of its original x, in both spaces, in the chosen map."""
    _, values = expected_points(d.ref.dataset)
    expected = point_colors(values, d.ref.colormap)
    explorer = d.window.explorer
    for name, canvas in (("input", explorer.input_canvas), ("output", explorer.output_canvas)):
        d.expect(
            np.array_equal(canvas.points.colors(), expected),
            f"the {name} points are coloured by x in {d.ref.colormap}",
        )


@check
def display_matches_the_options(d: SoakDriver) -> None:
    window, ref = d.window, d.ref
    d.expect(window.display_options.colormap == ref.colormap, "colour map box")
    explorer = window.explorer
    d.expect(explorer.output_canvas.grid.isVisible() == ref.grid, "grid lines follow the box")
    e1, e2 = BASIS_SCHEMES[ref.basis].e1, BASIS_SCHEMES[ref.basis].e2
    for handle, color in zip(explorer.handles, (e1, e2), strict=True):
        d.expect(handle._color.name() == color, f"handle colour {handle._color.name()} != {color}")
    d.expect(explorer.output_canvas.auto_fit == ref.auto_fit, "auto-fit follows its box")
    d.expect(window.device_selector.currentText() == ref.device, "the device box")


@check
def no_unexpected_message(d: SoakDriver) -> None:
    bad = d.unexpected_messages(allowed_messages())
    d.expect(not bad, f"unexpected messages: {bad[:3]}")
    d.expect(not d.deliveries.failures, f"worker failures: {d.deliveries.failures[:3]}")
