"""The SVD tab's user actions and what each implies, for the soak test.

The tab has no handle of its own: it shows the scene's W (the one the explorer's handles and the
side panel edit) taken apart as U diag(S) Vᵀ, and walks the points from X to W X. A user scrubs
the slider (keys, or its handle dragged far past either end), steps between stages, plays and
pauses, switches path and easing, types the easing p (junk too), ticks overlays, pans the canvas
and presses F, and edits W in the side panel or undoes with Ctrl+Z while the tab is open.

The checks compare the readout and the canvas with numpy's SVD of the reference W, up to the
signs an SVD is free to choose.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.ui.widgets.colors import BASIS_SCHEMES, point_colors
from tests.soak.driver import CTRL, LEFT, NO_BUTTON, NO_MODIFIER, SHIFT, SoakDriver, points_close
from tests.soak.registry import action, allow_messages, caught_up, check, on_reopen
from tests.ui.views.explorer import soak_actions as explorer

TITLE = "SVD"
TICKS = 600
STAGE_NAMES = ("X", "VᵀX", "S VᵀX", "U S VᵀX = W X")
PATH_TEXTS = {"svd": "SVD: rotate/reflect", "straight": "straight:"}
OVERLAYS = ("circle", "square", "eigen", "sigma")
GOOD_P = ("0.001", "0.5", "1", "2", "5", "1000", "1e-3", " 7.5 ")
JUNK_P = ("0", "-1", "−2", "1000.5", "1e400", "nan", "inf", "", "p", "1/2", "0x1", "9" * 70)
JUNK_P += ("__import__('os').system('touch /tmp/linviz-pwned')",)

# A refused p keeps the last one, and the status bar says so.
allow_messages(r"^easing p .*; p stays \S+$")


# The view and the reference ---------------------------------------------------------------


def _view(d: SoakDriver) -> Any:
    return next(v for v in d.window.views if getattr(v, "title", "") == TITLE)


def _state(d: SoakDriver) -> dict[str, Any]:
    """The tab's settings the actions imply; ``position`` None while it plays (or played out).

    It starts as the app starts, as :class:`Reference` does."""
    if TITLE not in d.view_state:
        start = _view(d).view_state()
        d.view_state[TITLE] = {
            "path": start["path"],
            "easing": start["easing"],
            "p": start["p"],
            "position": start["position"],
            "overlays": dict(start["overlays"]),
        }
    return d.view_state[TITLE]


@on_reopen(TITLE)
def after_reopening(state: dict[str, Any], saved: dict[str, Any], _marker: int) -> dict[str, Any]:
    """This tab's reference after reopening a session saved when it was ``state`` and the tab
    wrote ``saved`` (for the session actions): reopening pauses at the saved position (a
    position the reference does not know while it played)."""
    position = saved["position"] if state["position"] is None else state["position"]
    return {**state, "position": position, "overlays": dict(state["overlays"])}


def _stop_playing(d: SoakDriver) -> None:
    """A user who left it playing presses Pause first (or finds it played out)."""
    state, view = _state(d), _view(d)
    if state["position"] is not None:
        return
    if view.is_playing():
        d.note("click Pause (it was still playing)")
        d.click(view.play_button)
    d.expect(not view.is_playing(), "Pause stops the animation")
    d.expect(view.play_button.text() == "Play", "the button offers Play again")
    state["position"] = view.position()


def _reference_w(d: SoakDriver) -> np.ndarray:
    return np.array(d.ref.w.rows, dtype=np.float64)


# Scrubbing ---------------------------------------------------------------------------------


@action(weight=0.9, tab=TITLE)
def scrub_the_slider(d: SoakDriver) -> None:
    _stop_playing(d)
    state, view, rng = _state(d), _view(d), d.rng
    slider = view.slider
    value = round(state["position"] * TICKS)
    if rng.random() < 0.25:
        end = rng.choice([0, TICKS])
        d.note(f"drag the slider handle far {'left' if end == 0 else 'right'}")
        _drag_slider_handle(d, slider, far_right=end == TICKS)
        expected = end
    else:
        key, change = rng.choice(
            [
                (Qt.Key.Key_Right, 1),
                (Qt.Key.Key_Left, -1),
                (Qt.Key.Key_Up, 1),
                (Qt.Key.Key_Down, -1),
                (Qt.Key.Key_PageUp, 10),
                (Qt.Key.Key_PageDown, -10),
                (Qt.Key.Key_Home, -TICKS),
                (Qt.Key.Key_End, TICKS),
            ]
        )
        d.note(f"slider {key.name}")
        d.key(slider, key)
        expected = min(TICKS, max(0, value + change))
    if expected != value:  # the slider moved: that is where the frame is now
        state["position"] = expected / TICKS
    d.expect(slider.value() == expected, f"the slider is at {slider.value()}, not {expected}")
    d.expect(
        view.position() == state["position"],
        f"the frame is at {view.position()}, the slider says {state['position']}",
    )


def _drag_slider_handle(d: SoakDriver, slider: QSlider, far_right: bool) -> None:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    press = QPointF(handle.center())
    beyond = QPointF(slider.width() + 400.0 if far_right else -400.0, press.y())
    steps = d.rng.randint(1, 5)
    _send_mouse(slider, QEvent.Type.MouseButtonPress, press, LEFT, LEFT)
    for k in range(1, steps + 1):
        _send_mouse(
            slider, QEvent.Type.MouseMove, press + (beyond - press) * (k / steps), NO_BUTTON, LEFT
        )
    _send_mouse(slider, QEvent.Type.MouseButtonRelease, beyond, LEFT, NO_BUTTON)
    d.pump()


def _send_mouse(
    widget: QWidget,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
) -> None:
    global_pos = QPointF(widget.mapToGlobal(pos.toPoint()))
    QApplication.sendEvent(widget, QMouseEvent(kind, pos, global_pos, button, buttons, NO_MODIFIER))


@action(weight=0.6, tab=TITLE)
def step_between_stages(d: SoakDriver) -> None:
    _stop_playing(d)
    state, view = _state(d), _view(d)
    ahead = d.rng.random() < 0.6
    d.note(f"click {'stage ▶' if ahead else '◀ stage'} on the {state['path']} path")
    before = state["position"]
    d.click(view.next_button if ahead else view.back_button)
    allowed = _next_stops(state["path"], d.ref.w, before, ahead)
    got = view.position()
    d.expect(
        any(abs(got - a) <= 1e-6 for a in allowed),
        f"from {before} the {'next' if ahead else 'previous'} stop of the {state['path']} path "
        f"is one of {allowed}; the frame went to {got}",
    )
    d.expect(not view.is_playing(), "stepping leaves the animation paused")
    state["position"] = got


def _next_stops(path: str, w: Matrix2, position: float, ahead: bool) -> list[float]:
    """Where a step from ``position`` may stop: the SVD path's three stages, or the straight
    path's ends and the a where det((1 − a) I + a W) = 0 (a root that only just exists, or
    only just not, may fall either way)."""
    if path == "svd":
        sure, maybe = [0.0, 1 / 3, 2 / 3, 1.0], []
    else:
        sure, maybe = _singular_points(w)
        sure = [0.0, 1.0, *sure]
    if ahead:
        first = min([s for s in sure if s > position + 1e-9], default=1.0)
        return [first, *(m for m in maybe if position + 1e-9 < m < first)]
    last = max([s for s in sure if s < position - 1e-9], default=0.0)
    return [last, *(m for m in maybe if last < m < position - 1e-9)]


def _singular_points(w: Matrix2) -> tuple[list[float], list[float]]:
    """Roots in (0, 1] of det(I + a D) = 1 + a tr D + a² det D, D = W − I: sure and borderline."""
    d_matrix = np.array(w.rows, dtype=np.float64) - np.eye(2)
    c2, c1 = float(np.linalg.det(d_matrix)), float(np.trace(d_matrix))
    if c2 == 0.0:
        roots = [-1.0 / c1] if c1 != 0.0 else []
        return [r for r in roots if 0 < r <= 1], []
    disc = c1 * c1 - 4 * c2
    if abs(disc) <= 1e-9 * (c1 * c1 + 4 * abs(c2)):
        double = -c1 / (2 * c2)
        return [], [double] if 0 < double <= 1 else []
    if disc < 0:
        return [], []
    q = -0.5 * (c1 + math.copysign(math.sqrt(disc), c1))
    roots = [q / c2, 1.0 / q]
    return sorted(r for r in roots if 0 < r <= 1 + 1e-12), []


# Playing -----------------------------------------------------------------------------------


@action(weight=0.6, tab=TITLE)
def play_briefly(d: SoakDriver) -> None:
    """Play, then Pause a moment later, or scrub to the end, or leave it playing."""
    _stop_playing(d)
    state, view, rng = _state(d), _view(d), d.rng
    start = 0.0 if state["position"] >= 1.0 else state["position"]
    how = rng.choice(["pause", "pause", "end", "leave"])
    d.note(f"click Play from {state['position']} and then {how}")
    d.click(view.play_button)
    if not view.is_playing() and view.position() == 1.0 and start > 0.0:
        # Played from near the end (one slider step is 7 ms of it): it may have run to the end
        # within the click's own events on a busy machine (soak seeds 10, 11, 24).
        state["position"] = 1.0
        return
    d.expect(view.is_playing(), "Play starts the animation")
    d.expect(view.play_button.text() == "Pause", "the button offers Pause while playing")
    if how == "leave":
        state["position"] = None
        return
    d.qtbot.wait(rng.choice([0, 20, 60]))
    if how == "pause":
        if view.is_playing():
            d.click(view.play_button)
        got = view.position()
        d.expect(start <= got <= 1.0, f"playing from {start} moved forward, to {got}")
        d.expect(view.slider.value() == round(got * TICKS), "the slider follows the animation")
    else:
        d.key(view.slider, Qt.Key.Key_End)
        got = 1.0
    d.expect(not view.is_playing(), "the animation stopped")
    d.expect(view.play_button.text() == "Play", "the button offers Play again")
    d.expect(view.position() == got, f"the frame stays at {got}")
    state["position"] = got


# Options -----------------------------------------------------------------------------------


@action(weight=0.5, tab=TITLE)
def switch_path_or_easing(d: SoakDriver) -> None:
    state, view, rng = _state(d), _view(d), d.rng
    which = rng.choice(["path", "easing"])
    box = view.path_box if which == "path" else view.easing_box
    key = rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Up])
    d.note(f"{which} box {key.name}")
    d.key(box, key)
    names = ["svd", "straight"] if which == "path" else ["linear", "notebook"]
    state[which] = names[1] if key == Qt.Key.Key_Down else names[0]
    d.expect(view.view_state()[which] == state[which], f"the {which} is {state[which]}")


@action(weight=0.5, tab=TITLE)
def type_easing_p(d: SoakDriver) -> None:
    state, view, rng = _state(d), _view(d), d.rng
    field = view.p_field
    if not field.isEnabled():
        d.expect(state["easing"] == "linear", "p is editable for the notebook's easing")
        d.note("easing box: notebook (p is for that easing)")
        d.key(view.easing_box, Qt.Key.Key_Down)
        state["easing"] = "notebook"
    good = rng.random() < 0.5
    text = rng.choice(GOOD_P if good else JUNK_P)
    d.note(f"type p {text!r}")
    seen, error_before = len(d.messages), field.error
    d.type_text(field, text, by_keys=text.isascii() and len(text) <= 12 and d.rng.random() < 0.5)
    if good:
        state["p"] = float(text.strip())
        d.expect(field.error == "", f"p {text!r} is accepted")
    else:
        d.expect(field.error.startswith("easing p "), f"p {text!r} is refused: {field.error!r}")
        shown = d.messages_since(seen)
        # (The same junk again is not announced again: the field is still red and says why.)
        d.expect(
            field.error == error_before
            or any(m.startswith(field.error) and "p stays" in m for m in shown),
            f"the status bar says p {text!r} was refused and which p stays: {shown}",
        )
    d.expect(view.view_state()["p"] == state["p"], f"p is {view.view_state()['p']}")


@action(weight=0.5, tab=TITLE)
def toggle_an_overlay(d: SoakDriver) -> None:
    state, view = _state(d), _view(d)
    name = d.rng.choice(OVERLAYS)
    box = view.overlay_checks[name]
    d.note(f"click the {name} overlay box")
    d.click_check_box(box)
    state["overlays"][name] = not state["overlays"][name]
    d.expect(box.isChecked() == state["overlays"][name], f"the {name} box toggled")


# The canvas --------------------------------------------------------------------------------


@action(weight=0.5, tab=TITLE)
def pan_or_fit_the_svd_canvas(d: SoakDriver) -> None:
    view = _view(d)
    canvas = view.canvas
    before_w = d.ref.w
    if d.rng.random() < 0.5:
        d.note("F on the SVD canvas")
        d.key(canvas, Qt.Key.Key_F)
        _every_stage_fits(d)
        return
    area = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    rect = QRectF(canvas.mapFromScene(area).boundingRect()).adjusted(20, 20, -20, -20)
    press = QPointF(
        d.rng.uniform(rect.left(), rect.right()), d.rng.uniform(rect.top(), rect.bottom())
    )
    start = d.canvas_xy(canvas, press)
    span = canvas.view_box().width
    far = d.rng.random() < 0.2  # flung far off, past the points
    reach = span * (20 if far else 0.3)
    end = (start[0] + d.rng.uniform(-reach, reach), start[1] + d.rng.uniform(-reach, reach))
    d.note(f"pan the SVD canvas from {start} to {end}")
    d.mouse_drag(canvas, press, [end])
    d.expect(d.window.scene.matrix == before_w, "panning the SVD canvas leaves W alone")


def _every_stage_fits(d: SoakDriver) -> None:
    """After F every frame of the path is on screen: |M x| <= max(1, s₁) |x| for every M."""
    view, canvas = _view(d), _view(d).canvas
    if not _frame_is_current(d):
        return  # F fits the frame shown; the new one refits itself when it lands
    x, _ = explorer.expected_points(d.ref.dataset)
    s1 = float(np.linalg.svd(_reference_w(d), compute_uv=False)[0])
    radius = float(np.sqrt((x.astype(np.float64) ** 2).sum(axis=1).max())) * max(1.0, s1)
    box = canvas.view_box()
    pad = 1e-6 * max(1.0, radius)
    d.expect(
        box.left <= -radius + pad
        and box.right >= radius - pad
        and box.bottom <= -radius + pad
        and box.top >= radius - pad,
        f"after F the SVD view {box} holds every stage (radius {radius})",
    )
    d.expect(view.view_state()["position"] == view.position(), "F leaves the frame where it is")


# W edited while the tab is open ----------------------------------------------------------------


@action(weight=0.6, tab=TITLE)
def edit_w_beside_the_svd(d: SoakDriver) -> None:
    """The side panel stays beside the SVD tab: the same edits as on the explorer's."""
    edit = d.rng.choice(
        [explorer.type_into_w, explorer.step_a_w_entry, explorer.apply_a_preset, _undo_or_redo]
    )
    edit(d)


def _undo_or_redo(d: SoakDriver) -> None:
    redo = d.rng.random() < 0.4
    d.note(f"{'Ctrl+Shift+Z' if redo else 'Ctrl+Z'} on the SVD canvas")
    d.key(_view(d).canvas, Qt.Key.Key_Z, (CTRL | SHIFT) if redo else CTRL)
    if redo:
        d.ref.redo()
    else:
        d.ref.undo()
    d.expect(d.window.scene.matrix == d.ref.w, f"W is {d.window.scene.matrix}, not {d.ref.w}")


@action(weight=0.5, tab=TITLE)
def read_the_svd_readout(d: SoakDriver) -> None:
    """The user waits for the tab to show the current W and reads it off."""
    d.note("wait for the SVD tab and read it")
    d.wait_until(lambda: _frame_is_current(d), "the SVD tab shows the current W")
    _readout_matches_numpy(d)
    _canvas_shows_the_frame(d)
    _eigenlines_are_numpys(d)
    _flag_names_the_singular_points(d)


# Caught up and checks ------------------------------------------------------------------------


def _frame_is_current(d: SoakDriver) -> bool:
    frame = _view(d)._frame
    return frame is not None and frame.matrix == d.ref.w and frame.spec == d.ref.dataset


@caught_up
def svd_tab_shows_the_current_w(d: SoakDriver) -> bool:
    """A hidden tab computes nothing (it catches up when shown): only the open one waits."""
    return not _view(d).isVisible() or _frame_is_current(d)


@check
def svd_settings_match_the_reference(d: SoakDriver) -> None:
    state, view = _state(d), _view(d)
    shown = view.view_state()
    for key in ("path", "easing", "p", "overlays"):
        d.expect(shown[key] == state[key], f"the SVD {key} is {shown[key]}, not {state[key]}")
    d.expect(view.path_box.currentText().startswith(PATH_TEXTS[state["path"]]), "the path box")
    d.expect(view.p_field.isEnabled() == (state["easing"] == "notebook"), "p editable")
    if state["position"] is None:  # left playing: it plays, or played to the end
        d.expect(
            view.is_playing() or view.position() == 1.0,
            f"a play-through left running ends at 1, not {view.position()}",
        )
    else:
        d.expect(not view.is_playing(), "nothing plays that was not started")
        d.expect(view.position() == state["position"], f"the frame is at {view.position()}")
    if not view.is_playing():
        d.expect(view.slider.value() == round(view.position() * TICKS), "the slider shows it")
        d.expect(view.play_button.text() == "Play", "the button offers Play")
    for name, visible in state["overlays"].items():
        item = {
            "circle": view.overlays.ellipse,
            "square": view.overlays.square,
            "eigen": None,
            "sigma": view.overlays.sigma_ellipses[0],
        }[name]
        if item is not None:
            d.expect(item.isVisible() == visible, f"the {name} overlay is shown: {visible}")


@check
def svd_display_follows_the_options(d: SoakDriver) -> None:
    """The SVD canvas wears the same colour map, basis colours and grid as the explorer."""
    view, ref = _view(d), d.ref
    d.expect(view.canvas.grid.isVisible() == ref.grid, "the SVD grid follows the Display box")
    scheme = BASIS_SCHEMES[ref.basis]
    for arrow, color in zip(view.canvas.arrows, (scheme.e1, scheme.e2), strict=True):
        d.expect(arrow._color.name() == color, f"the SVD arrow is {arrow._color.name()}")
    frame = view._frame
    if frame is not None and frame.spec == ref.dataset:
        _, values = explorer.expected_points(ref.dataset)
        d.expect(
            np.array_equal(view.canvas.points.colors(), point_colors(values, ref.colormap)),
            f"the SVD points are coloured by x in {ref.colormap}",
        )


@check
def svd_readout_is_numpys_svd(d: SoakDriver) -> None:
    if _view(d).isVisible() and _frame_is_current(d):
        _readout_matches_numpy(d)
        _canvas_shows_the_frame(d)
        _eigenlines_are_numpys(d)
        _flag_names_the_singular_points(d)


def _flag_names_the_singular_points(d: SoakDriver) -> None:
    """On the straight path the note names each a in (0, 1) where det M crosses 0."""
    if _state(d)["path"] != "straight":
        return
    flag = _view(d).flag_label.text()
    sure, maybe = _singular_points(d.ref.w)
    inner = [r for r in sure if r < 1 - 1e-9]
    for r in inner:
        shown = {f"a = {r - 1e-9:.3f}", f"a = {r + 1e-9:.3f}"}
        d.expect(any(a in flag for a in shown), f"the note names the singular a = {r}: {flag!r}")
    if not inner and not maybe:
        d.expect("singular matrix at" not in flag, f"det M never crosses 0 inside: {flag!r}")


def _eigenlines_are_numpys(d: SoakDriver) -> None:
    """The eigen overlay draws one line per real eigenvector, none for complex eigenvalues."""
    lines = _view(d).overlays.eigenlines
    if not _state(d)["overlays"]["eigen"]:
        d.expect(not any(line.isVisible() for line in lines), "no eigenlines when unticked")
        return
    w = _reference_w(d)
    disc = float(np.trace(w)) ** 2 - 4 * float(np.linalg.det(w))
    margin = 1e-6 * max(1.0, float(np.abs(w).max())) ** 2
    shown = [line for line in lines if line.isVisible()]
    if disc < -margin:
        d.expect(not shown, f"W has complex eigenvalues ({np.linalg.eigvals(w)}): no eigenlines")
    elif disc > margin:  # two distinct real eigenvalues, two directions
        vectors = np.linalg.eig(w)[1]
        angles = sorted(math.degrees(math.atan2(v[1], v[0])) % 180 for v in vectors.T)
        got = sorted(float(line.angle) % 180 for line in shown)
        d.expect(
            len(got) == 2
            and all(
                min(abs(g - a), 180 - abs(g - a)) < 1e-4 for g, a in zip(got, angles, strict=True)
            ),
            f"the eigenlines lie at {got}°, numpy's eigenvectors at {angles}°",
        )


def _readout_matches_numpy(d: SoakDriver) -> None:
    text = _view(d).readout.factors.text()
    w = _reference_w(d)
    shown_w = _table(text, "W")
    d.expect(np.allclose(shown_w, w, rtol=0, atol=5.1e-5), f"the readout's W is {shown_w}, not {w}")
    u, vh, v = _table(text, "U"), _table(text, "Vᵀ"), _table(text, "V")
    match = re.search(r"<b>S</b>.*?\[([^,\]]+), ([^\]]+)\]", text)
    d.expect(match is not None, "the readout shows S")
    assert match is not None
    s = np.array([float(match.group(1)), float(match.group(2))])
    nu, ns, nvh = np.linalg.svd(w)
    tol = 1e-4 * max(1.0, ns[0])
    d.expect(np.allclose(s, ns, rtol=0, atol=tol), f"S is {s}; numpy says {ns}")
    d.expect(np.array_equal(v, vh.T), "V is Vᵀ transposed")
    for name, q in (("U", u), ("Vᵀ", vh)):
        d.expect(np.allclose(q @ q.T, np.eye(2), atol=4e-4), f"{name} = {q} is orthogonal")
    rebuilt = u @ np.diag(s) @ vh
    d.expect(
        np.allclose(rebuilt, w, rtol=0, atol=4 * tol),
        f"U diag(S) Vᵀ = {rebuilt}, not W = {w}",
    )
    gap = ns[0] - ns[1]
    if gap > 1e-3 * max(1.0, ns[0]):  # distinct: unique up to a sign per pair
        # The app's float32 SVD moves a singular vector by about its error over the gap (a
        # reflection has two equal values and any pair of vectors): allow that, and the
        # readout's rounding.
        atol = 2e-4 + 1e-5 * ns[0] / gap
        for i in range(2):
            signs = [
                sign for sign in (1.0, -1.0) if np.allclose(u[:, i], sign * nu[:, i], atol=atol)
            ]
            if ns[i] <= tol:  # s = 0 (a projection): u and v each have a sign of their own
                signs = [1.0, -1.0] if signs else []
            d.expect(
                any(np.allclose(vh[i], sign * nvh[i], atol=atol) for sign in signs),
                f"u{i + 1}, v{i + 1} are numpy's up to one sign: U {u} Vᵀ {vh}; "
                f"numpy U {nu} Vᵀ {nvh}",
            )


def _table(text: str, name: str) -> np.ndarray:
    """The 2x2 matrix printed after ``<b>name</b>`` in the readout."""
    start = text.index(f"<b>{name}</b>")
    end = text.index("</table>", start)
    cells = re.findall(r"&nbsp;([^<]+)</td>", text[start:end])
    return np.array([float(c) for c in cells], dtype=np.float64).reshape(2, 2)


def _canvas_shows_the_frame(d: SoakDriver) -> None:
    """The points are X moved by the frame's M; where M is known from numpy, it is that M."""
    view = _view(d)
    if view.is_playing():
        return
    state = _state(d)
    position = view.position()
    x, _ = explorer.expected_points(d.ref.dataset)
    shown = view.canvas.points.points()
    w = _reference_w(d)
    m = view.frame_matrix()
    tips = [arrow.tip() for arrow in view.canvas.arrows]
    d.expect(
        np.allclose(np.array(tips).T, m, rtol=1e-12, atol=0), f"the arrows are M's columns {tips}"
    )
    if position >= 1.0:
        expected = x @ w.astype(np.float32).T
        d.expect(points_close(shown, expected), "at the end the SVD tab shows W X, as the explorer")
        d.expect(np.array_equal(m, w), f"the last frame is W itself: {m}")
        _singular_axes_are_numpys(d)
        return
    if position <= 0.0:
        d.expect(np.array_equal(shown, x), "at the start the SVD tab shows X itself")
        return
    d.expect(points_close(shown, x @ m.astype(np.float32).T), f"the points are X moved by {m}")
    if state["path"] == "straight":
        straight = (1 - position) * np.eye(2) + position * w
        d.expect(np.allclose(m, straight, atol=1e-12), f"a = {position}: M = (1 − a) I + a W")
        d.expect(f"a = {position:.3f}" in view.stage_label.text(), "the label shows a")
        return
    stage = 3 * position
    _, ns, nvh = np.linalg.svd(w)
    if abs(stage - round(stage)) < 1e-9:
        k = round(stage)
        d.expect(
            view.stage_label.text() == f"stage {k}: {STAGE_NAMES[k]}",
            f"the label names stage {k}: {view.stage_label.text()!r}",
        )
    if 1.0 <= stage <= 2.0 and ns[0] - ns[1] > 1e-3 * max(1.0, ns[0]):
        # Vᵀ, then the stretch along the axes: row i of M is ± (1 + (t − 1)(sᵢ − 1)) vᵢᵀ.
        scale = 1.0 + (stage - 1.0) * (ns - 1.0)
        d.expect(
            np.allclose(np.abs(m), np.abs(scale[:, None] * nvh), atol=1e-9),
            f"stage {stage:.3f} is Vᵀ then a stretch toward S = {ns}: M = {m}",
        )


def _singular_axes_are_numpys(d: SoakDriver) -> None:
    """At W the orange and purple axes are s₁u₁ and s₂u₂, the image ellipse's semi-axes."""
    view = _view(d)
    if not _state(d)["overlays"]["circle"]:
        return
    nu, ns, _ = np.linalg.svd(_reference_w(d))
    for i, arrow in enumerate(view.overlays.axes):
        tip = np.array(arrow.tip())
        d.expect(
            math.isclose(float(np.linalg.norm(tip)), ns[i], rel_tol=1e-6, abs_tol=1e-9),
            f"axis {i + 1} is {tip}, of length s{i + 1} = {ns[i]}",
        )
        if ns[0] - ns[1] > 1e-3 * max(1.0, ns[0]) and ns[i] > 1e-9:
            d.expect(
                abs(abs(float(tip @ nu[:, i])) - ns[i]) <= 1e-6 * max(1.0, ns[i]),
                f"axis {i + 1} {tip} lies along numpy's u{i + 1} {nu[:, i]}",
            )
    xs, ys = view.overlays.ellipse.getData()
    radius = float(np.sqrt(xs**2 + ys**2).max())
    d.expect(
        math.isclose(radius, ns[0], rel_tol=1e-3, abs_tol=1e-9),
        f"the unit circle's image reaches s₁ = {ns[0]}, not {radius}",
    )
