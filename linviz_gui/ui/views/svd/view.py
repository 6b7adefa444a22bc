"""The SVD tab: W = U diag(S) Vᵀ happening to the points, one stage at a time.

A slider (with stage-stepping buttons) walks X -> VᵀX -> S VᵀX -> U S VᵀX, or the notebook's
straight path (1 - a) I + a W; Play animates it with a QTimer. The worker returns X, the analysis
and Y = X @ W.T (the explorer's own computation); frames in between are X @ M.T in numpy, and the
last frame shows the worker's Y itself, so it equals the explorer's output exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.compute.svd_jobs import SvdFrame, svd_frame
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.easing import NOTEBOOK_P, Easing, ease, ease_inverse
from linviz_gui.model.linear.analysis import fmt
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_number
from linviz_gui.model.linear.svd_path import (
    PathKind,
    check_p,
    path_matrix,
    singular_crossings,
    stage_boundaries,
    stage_name,
    transform_columns,
)
from linviz_gui.model.scene import Scene
from linviz_gui.render.view_fit import Box, fitted
from linviz_gui.ui.views.svd.overlays import OVERLAY_LABELS, OVERLAYS, SvdOverlays
from linviz_gui.ui.views.svd.readout import SvdReadout
from linviz_gui.ui.widgets.arrow_item import part_labels
from linviz_gui.ui.widgets.colors import DEFAULT_COLORMAP, point_colors
from linviz_gui.ui.widgets.grid_item import grid_segments
from linviz_gui.ui.widgets.media_icons import media_icon
from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas
from linviz_gui.ui.widgets.validated_field import ValidatedField

if TYPE_CHECKING:
    from linviz_gui.ui.export.animation import AnimationSource

PATHS: dict[str, PathKind] = {
    "SVD: rotate/reflect, scale, rotate/reflect": "svd",
    "straight: (1 − a) I + a W": "straight",
}
EASINGS: dict[str, Easing] = {"linear": "linear", "notebook ((p+1)^τ − 1) / p": "notebook"}
SLIDER_TICKS = 600
#: frames of one play-through, as the notebook's interpolate (steps = 150)
ANIMATION_STEPS = 150
FRAME_MS = 30
#: A singular point of the straight path this close to a = 1 is W itself.
END_TOLERANCE = 1e-9


class SvdView(QWidget):
    """The SVD tab for ``scene``, computed by ``worker``."""

    title = "SVD"
    sigMessage = Signal(str)
    sigFrame = Signal()  # a frame from the worker reached the canvas

    CHANNEL = "svd.frame"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._worker = worker
        self._frame: SvdFrame | None = None
        self._applied_id = 0
        self._stale = True
        self._position = 1.0
        self._path: PathKind = "svd"
        self._easing: Easing = "linear"
        self._p = NOTEBOOK_P
        self._tau = 0.0
        self._tau_start = 0.0
        self.clock = QElapsedTimer()
        self._columns: tuple[np.ndarray, np.ndarray] | None = None
        self._colors_for: object = None
        self._colormap = DEFAULT_COLORMAP
        self._title = ""

        self.canvas = SpaceCanvas("SVD  W = U diag(S) Vᵀ")
        self.canvas.grid.setVisible(True)
        self.overlays = SvdOverlays(self.canvas.getPlotItem())
        self.readout = SvdReadout()
        self._build_controls()
        self._build_layout()

        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._on_tick)
        self._receiver = _SvdResultReceiver(self)
        worker.sigResult.connect(self._receiver.on_result)
        worker.sigFailed.connect(self._receiver.on_failed)
        scene.matrix_changed.connect(self._on_scene_change)
        scene.dataset_changed.connect(self._on_scene_change)
        self._sync_slider()
        self.request()

    # Building -----------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.path_box = QComboBox()
        self.path_box.addItems(list(PATHS))
        # As narrow as a short name: the long ones show in full in the open list.
        self.path_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.path_box.setMinimumContentsLength(12)
        self.path_box.setToolTip("How to go from the identity to W")
        self.path_box.currentTextChanged.connect(self._on_path_change)
        self.easing_box = QComboBox()
        self.easing_box.addItems(list(EASINGS))
        self.easing_box.setToolTip(
            "How Play moves along the path: evenly, or the notebook's easing "
            "a = ((p+1)^τ − 1)/p (slow start, fast end; p = 0.001 is almost linear)"
        )
        self.easing_box.currentTextChanged.connect(self._on_easing_change)
        self.p_field = ValidatedField(lambda text: check_p(parse_number(text, "easing p")), fmt_p)
        self.p_field.set_value(self._p)
        self.p_field.setMaximumWidth(80)
        self.p_field.setToolTip("Easing p, greater than 0 and at most 1000; Enter applies")
        self.p_field.sigCommitted.connect(self._on_p_committed)
        self.p_field.sigError.connect(self._on_p_error)
        self.p_field.setEnabled(self._easing == "notebook")  # p shapes only that easing

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_TICKS)
        self.slider.setTickInterval(SLIDER_TICKS // 3)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setToolTip("Scrub along the path; the ticks are the SVD stages")
        self.slider.valueChanged.connect(self._on_slider)
        self.slider.actionTriggered.connect(self._on_slider_action)
        self.back_button = QPushButton("◀ stage")
        self.back_button.setToolTip("Back to the previous stage")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("stage ▶")
        self.next_button.setToolTip("On to the next stage")
        self.next_button.clicked.connect(lambda: self.step(+1))
        # Qt's own media icons: the ⏸ glyph is an empty box in many default fonts.
        self.play_button = QPushButton(media_icon(self, "play"), "Play")
        self.play_button.setToolTip("Play the path from the identity to W (or pause it)")
        self.play_button.clicked.connect(self.toggle_play)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("svd-stage")
        self.det_label = QLabel()
        self.det_label.setObjectName("svd-frame-det")
        self.flag_label = QLabel()
        self.flag_label.setObjectName("svd-flag")
        self.flag_label.setWordWrap(True)
        self.flag_label.setStyleSheet("color: #d55e00;")

        self.overlay_checks: dict[str, QCheckBox] = {}
        for name in OVERLAYS:
            check = QCheckBox(OVERLAY_LABELS[name])
            check.setChecked(self.overlays.visible(name))
            check.toggled.connect(lambda on, n=name: self._on_overlay_toggled(n, on))
            self.overlay_checks[name] = check

    def _build_layout(self) -> None:
        # Two short rows rather than one long one: the tab stays narrow enough for the side
        # panel and the tour beside it on a laptop screen.
        options = QGridLayout()
        options.addWidget(QLabel("Path"), 0, 0)
        options.addWidget(self.path_box, 0, 1, 1, 3)
        options.addWidget(QLabel("Easing"), 1, 0)
        options.addWidget(self.easing_box, 1, 1)
        options.addWidget(QLabel("p"), 1, 2, Qt.AlignmentFlag.AlignRight)
        options.addWidget(self.p_field, 1, 3)
        options.setColumnStretch(1, 1)
        scrub = QHBoxLayout()
        scrub.addWidget(self.back_button)
        scrub.addWidget(self.slider, 1)
        scrub.addWidget(self.next_button)
        scrub.addWidget(self.play_button)
        status = QHBoxLayout()
        status.addWidget(self.stage_label, 1)
        status.addWidget(self.det_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.canvas, 1)
        left_layout.addLayout(status)
        left_layout.addLayout(scrub)
        left_layout.addLayout(options)
        left_layout.addWidget(self.flag_label)

        overlay_box = QGroupBox("Show")
        overlay_layout = QVBoxLayout(overlay_box)
        for check in self.overlay_checks.values():
            overlay_layout.addWidget(check)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(overlay_box)
        right_layout.addWidget(self.readout, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setMinimumWidth(300)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("svd-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # Requests -----------------------------------------------------------------------------

    def request(self) -> None:
        """Ask the worker for the current (dataset, W); deferred while the tab is hidden."""
        self._stale = True
        job = Job(self.CHANNEL, svd_frame, (self._scene.dataset, self._scene.matrix))
        self._worker.submit(job)

    def _on_scene_change(self, _value: object) -> None:
        if self.isVisible():
            self.request()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.request()

    def apply_frame(self, job_id: int, frame: SvdFrame) -> None:
        if job_id <= self._applied_id:
            return
        self._applied_id = job_id
        if frame.spec != self._scene.dataset:
            return  # computed from points no longer chosen; a newer request is on its way
        # An older W is still shown (a newer one is on its way): no frozen picture while W moves.
        self._stale = frame.matrix != self._scene.matrix
        previous = self._frame
        self._frame = frame
        if previous is None or previous.points is not frame.points:
            self._columns = None
        if self._colors_for != frame.spec:
            self._colors_for = frame.spec
            self.canvas.set_points(frame.points, point_colors(frame.color_values, self._colormap))
        self.overlays.set_analysis(frame.analysis)
        fractions = frame.fractions
        self.overlays.set_sigma_texts(
            [
                f"{r:g}σ: {100 * f:.1f}%"
                for r, f in zip(fractions.radii, fractions.observed_radial, strict=True)
            ]
        )
        self.readout.show_analysis(frame.analysis, frame.fractions, frame.covariance)
        self._update_flag()
        self._render()
        if (
            previous is None
            or previous.spec != frame.spec
            or previous.analysis.S != frame.analysis.S
        ):
            self.fit()
        self.sigFrame.emit()

    # Position along the path ---------------------------------------------------------------

    def position(self) -> float:
        """Where the frame is along the path, 0 (X) to 1 (W X)."""
        return self._position

    def set_position(self, position: float) -> None:
        self._position = min(1.0, max(0.0, float(position)))
        self._sync_slider()
        self._render()

    def frame_matrix(self) -> np.ndarray:
        """M of the frame on screen: the points shown are X @ M.T."""
        frame = self._frame
        if frame is None:
            return np.eye(2)
        return path_matrix(frame.analysis, self._path, self._position)

    def step(self, direction: int) -> None:
        """Jump to the next (+1) or previous (-1) stage boundary."""
        self.pause()
        stops = stage_boundaries(self._path, self._scene.matrix)
        if direction > 0:
            ahead = [s for s in stops if s > self._position + 1e-9]
            self.set_position(ahead[0] if ahead else 1.0)
        else:
            behind = [s for s in stops if s < self._position - 1e-9]
            self.set_position(behind[-1] if behind else 0.0)

    def _on_slider(self, value: int) -> None:
        self.pause()
        self._position = value / SLIDER_TICKS
        self._render()

    def _on_slider_action(self, _action: int) -> None:
        """A key or click on the slider that leaves its value as it was (End while playing
        the last tick) still stops the animation there; a change goes on to ``_on_slider``."""
        if self.slider.sliderPosition() == self.slider.value():
            self._on_slider(self.slider.value())

    def _sync_slider(self) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(self._position * SLIDER_TICKS))
        self.slider.blockSignals(False)

    # Animation ------------------------------------------------------------------------------

    def is_playing(self) -> bool:
        return self.timer.isActive()

    def play(self) -> None:
        if self._position >= 1.0:
            self.set_position(0.0)
        self._tau_start = ease_inverse(self._position, self._easing, self._p)
        self._tau = self._tau_start
        self.play_button.setText("Pause")
        self.play_button.setIcon(media_icon(self, "pause"))
        self.clock.start()
        self.timer.start()

    def pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
        self.play_button.setText("Play")
        self.play_button.setIcon(media_icon(self, "play"))

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def _on_tick(self) -> None:
        self._tau = min(1.0, self._tau_start + self.clock.elapsed() / animation_ms())
        self._position = ease(self._tau, self._easing, self._p)
        self._sync_slider()
        self._render()
        if self._tau >= 1.0:
            self.pause()

    # Options ----------------------------------------------------------------------------------

    def _on_path_change(self, text: str) -> None:
        self._path = PATHS[text]
        self._update_flag()
        self._render()

    def _on_easing_change(self, text: str) -> None:
        self._easing = EASINGS[text]
        self.p_field.setEnabled(self._easing == "notebook")
        if self.is_playing():
            self._tau_start = ease_inverse(self._position, self._easing, self._p)
            self.clock.start()

    def _on_p_committed(self, value: float) -> None:
        self._p = value

    def _on_p_error(self, message: str) -> None:
        if message:
            self.sigMessage.emit(f"{message}; p stays {fmt_p(self._p)}")

    def _on_overlay_toggled(self, name: str, on: bool) -> None:
        self.overlays.set_visible(name, on)
        if name == "sigma":
            self.fit()

    # Drawing ------------------------------------------------------------------------------

    def _render(self) -> None:
        frame = self._frame
        path = self._path
        stage = 3.0 * self._position if path == "svd" else None
        if stage is not None:
            self.stage_label.setText(stage_name(stage))
        else:
            self.stage_label.setText(f"a = {self._position:.3f}:  M = (1 − a) I + a W")
        if frame is None:
            return
        m = self.frame_matrix()
        if self._position >= 1.0:
            points = frame.output  # the explorer's Y, exactly
        elif self._position <= 0.0:
            points = frame.points
        else:
            if self._columns is None:
                self._columns = (
                    np.ascontiguousarray(frame.points[:, 0]),
                    np.ascontiguousarray(frame.points[:, 1]),
                )
            points = transform_columns(*self._columns, m)
        self.canvas.set_points(points)
        for j, arrow in enumerate(self.canvas.arrows):
            arrow.set_tip((float(m[0, j]), float(m[1, j])))
            arrow._label.setText(("e₁", "e₂")[j] if self._position <= 0 else ("Me₁", "Me₂")[j])
        segments = grid_segments(Matrix2.identity()) @ m.T
        self.canvas.grid.set_segments(segments)
        self.overlays.show_frame(m, stage)
        part_labels([*self.canvas.arrows, *self.overlays.axes, *self.overlays.eigen_arrows])
        det = float(np.linalg.det(m))
        color = "#d55e00" if det <= 1e-12 * max(1.0, float(np.abs(m).max())) else "#333"
        self.det_label.setText(f"<span style='color:{color}'>det M = {fmt(det)}</span>")
        title = "SVD  W = U diag(S) Vᵀ" if path == "svd" else "straight path  (1 − a) I + a W"
        if title != self._title:  # a new title relayouts the plot: only when it changes
            self._title = title
            self.canvas.getPlotItem().setTitle(title)

    def _update_flag(self) -> None:
        frame = self._frame
        if frame is None:
            self.flag_label.setText("")
            return
        a = frame.analysis
        notes: list[str] = []
        if self._path == "straight":
            crossings = singular_crossings(a.matrix)
            # A root within rounding of a = 1 is W itself being singular, not a crossing on
            # the way (it used to read "passes through a singular matrix at a = 1.000").
            inner = [c for c in crossings if c < 1.0 - END_TOLERANCE]
            if inner:
                where = ", ".join(f"a = {c:.3f}" for c in inner)
                notes.append(
                    f"The straight path passes through a singular matrix at {where} "
                    "(det crosses 0): the plane is squashed onto a line there."
                )
            if crossings and crossings[-1] >= 1.0 - END_TOLERANCE:
                notes.append("W itself is singular: the path ends on a line (or a point).")
        else:
            flips = [
                n for n, lab in (("Vᵀ", a.v_label), ("U", a.u_label)) if lab.kind == "reflection"
            ]
            if flips:
                names = " and ".join(flips)
                verb = "are reflections" if len(flips) == 2 else "is a reflection"
                notes.append(
                    f"{names} {verb}: shown as a flip across the mirror line, "
                    "so the plane is flat half-way through that stage."
                )
            if a.rank < 2:
                notes.append("s₂ = 0: the scaling stage squashes the plane onto a line.")
        self.flag_label.setText(" ".join(notes))

    # Display options (the same calls as the explorer's, for a main window that forwards them)

    def set_colormap(self, name: str) -> None:
        self._colormap = name
        if self._frame is not None:
            self.canvas.points.set_colors(point_colors(self._frame.color_values, name))

    def set_basis_colors(self, e1: str, e2: str) -> None:
        self.canvas.set_basis_colors(e1, e2)

    def set_grid_visible(self, visible: bool) -> None:
        self.canvas.set_grid_visible(visible)

    def fit(self) -> None:
        """Fix the view so every stage of the path fits (no jumping while scrubbing)."""
        frame = self._frame
        if frame is None:
            return
        stretch = max(1.0, frame.analysis.S[0])
        # Every frame M along either path has |M x| <= max(1, s1) |x|.
        radius = float(np.sqrt(np.einsum("ij,ij->i", frame.points, frame.points).max()))
        radius = max(radius, 1.0, 3.0 if self.overlays.visible("sigma") else 1.0) * stretch
        self.canvas.set_view(fitted(Box(-radius, radius, -radius, radius)))

    def is_current(self) -> bool:
        """True when the frame shown is the scene's (dataset, W); otherwise asks for it."""
        frame = self._frame
        scene = self._scene
        if frame is not None and frame.spec == scene.dataset and frame.matrix == scene.matrix:
            return True
        self.request()
        return False

    def animation_sources(
        self, steps: int = 150, p: float = 0.001, easing: str = "log"
    ) -> list[AnimationSource]:
        """The SVD stage walk and the straight path, for the animation export."""
        from linviz_gui.ui.views.svd.animation import SvdPathFilm

        return [SvdPathFilm(self, path, steps, p, easing) for path in PATHS.values()]

    # View state (sessions, tour) -------------------------------------------------------------

    def view_state(self) -> dict[str, Any]:
        return {
            "path": self._path,
            "position": self._position,
            "easing": self._easing,
            "p": self._p,
            "overlays": {name: self.overlays.visible(name) for name in OVERLAYS},
        }

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        self._checked(state)

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Apply ``state`` after checking every key; nonsense raises :class:`InputError`."""
        path, easing, position, p, overlays = self._checked(state)
        self.pause()
        self.path_box.setCurrentText(_key_for(PATHS, path))
        self.easing_box.setCurrentText(_key_for(EASINGS, easing))
        self._p = p
        self.p_field.set_value(p)
        for name, on in overlays.items():
            self.overlay_checks[name].setChecked(on)
        self.set_position(float(position))

    def _checked(self, state: dict[str, Any]) -> tuple[str, str, float, float, dict[str, bool]]:
        if not isinstance(state, dict):
            raise InputError(f"SVD view state must be a dict; got {type(state).__name__}")
        known = {"path", "position", "easing", "p", "overlays"}
        unknown = sorted(set(state) - known)
        if unknown:
            raise InputError(f"unknown SVD view setting(s) {unknown}; known: {sorted(known)}")
        path = state.get("path", self._path)
        if path not in PATHS.values():
            raise InputError(f"path must be one of {list(PATHS.values())}; got {path!r}")
        easing = state.get("easing", self._easing)
        if easing not in EASINGS.values():
            raise InputError(f"easing must be one of {list(EASINGS.values())}; got {easing!r}")
        position = state.get("position", self._position)
        if (
            not isinstance(position, (int, float))
            or isinstance(position, bool)
            or not 0.0 <= position <= 1.0
        ):
            raise InputError(f"position must be a number from 0 to 1; got {position!r}")
        p = check_p(state.get("p", self._p))
        overlays = state.get("overlays", {})
        if not isinstance(overlays, dict) or any(
            k not in OVERLAYS or not isinstance(v, bool) for k, v in overlays.items()
        ):
            raise InputError(f"overlays must map {list(OVERLAYS)} to true/false; got {overlays!r}")
        return path, easing, float(position), p, overlays


def animation_ms() -> float:
    """How long one play-through lasts: the notebook's frames at :data:`FRAME_MS` each."""
    return float((ANIMATION_STEPS - 1) * FRAME_MS)


def fmt_p(value: Any) -> str:
    return f"{float(value):g}"


def _key_for(table: dict[str, Any], value: object) -> str:
    return next(k for k, v in table.items() if v == value)


class _SvdResultReceiver(QObject):
    """Bound-method slots in the GUI thread for the worker's signals."""

    def __init__(self, view: SvdView) -> None:
        super().__init__(view)
        self._view = view

    def on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel == SvdView.CHANNEL and isinstance(result, SvdFrame):
            self._view.apply_frame(job_id, result)

    def on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel == SvdView.CHANNEL:
            self._view.sigMessage.emit(f"SVD view: could not compute ({message})")
