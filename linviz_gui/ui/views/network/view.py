"""The Network tab: build a small ``nn.Sequential``, scrub through its stages, drag its 2×2 weights.

Path of an edit: layer editor / preset / handle -> a checked :class:`NetworkSpec` (a bad draft
only gets a message; the last good net stays) -> a numbered ``network.stages`` :class:`Job` ->
the worker runs the real net on the chosen device and returns every stage in 2-D -> the result
newer than the one shown is drawn at the scrubber's position (a blend of two stages).
Nothing is computed until the tab is first shown.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.compute.network_jobs import (
    GalleryItem,
    GalleryResult,
    StagesResult,
    gallery,
    network_stages,
)
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.easing import mix
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.network.layers import (
    NetworkSpec,
    Projection,
    check_animation,
    easing,
    preset_network,
    stage_labels,
    times_w_stage,
)
from linviz_gui.model.network.settings import NetworkUndoState, NetworkViewState, state_from_dict
from linviz_gui.model.scene import Scene
from linviz_gui.ui.views.network.canvas import NetworkCanvas
from linviz_gui.ui.views.network.controls import AnimationForm, PresetForm, ProjectionForm
from linviz_gui.ui.views.network.gallery import NetworkGallery
from linviz_gui.ui.widgets.basis_handle import BasisHandle
from linviz_gui.ui.widgets.colors import DEFAULT_COLORMAP, point_colors
from linviz_gui.ui.widgets.layer_editor import LayerEditor
from linviz_gui.ui.widgets.layer_scrubber import LayerScrubber
from linviz_gui.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from linviz_gui.ui.export.animation import AnimationSource

FRAME_MS = 15
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Wide enough for a Linear row of the layer editor without a horizontal scroll bar.
SIDE_WIDTH = 440


class NetworkView(QWidget):
    """Shows a network's stages on ``scene``'s dataset through ``worker``."""

    title = "Network"
    #: Its own layers replace the Explorer's W and code; the points, device and colours it shares.
    scene_panel_sections = ("Dataset", "Device", "Display")
    sigMessage = Signal(str)
    sigFrame = Signal()  # a stages result reached the canvases

    CHANNEL_STAGES = "network.stages"
    CHANNEL_GALLERY = "network.gallery"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._worker = worker
        self._applied: dict[str, int] = {}
        self._spec = preset_network("tanh", s=5.0)
        self._projection = Projection()
        self._result: StagesResult | None = None
        self._colors: np.ndarray | None = None
        self._colors_for: DatasetSpec | None = None
        self._colormap = DEFAULT_COLORMAP
        self._active = False
        self._gallery_requested = False
        self._handle_layer: int | None = None
        self._dragging = False
        self._drag_start = self._spec
        self._drag_layer = 0
        self._anim_t = -1
        self._anim_steps = 150
        self._anim_p = 0.001
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_animation_tick)

        self.presets = PresetForm()
        self.editor = LayerEditor()
        self.projection_form = ProjectionForm()
        self.animation_form = AnimationForm()
        self.grid_check = QCheckBox("grid lines through the network")
        self.grid_check.setChecked(True)
        self.grid_check.toggled.connect(self._on_grid_toggled)
        self.code = QPlainTextEdit()
        self.code.setReadOnly(True)
        self.code.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.code.setFont(QFont("monospace", 8))
        self.code.setMinimumHeight(150)
        display = QWidget()
        display_layout = QVBoxLayout(display)
        display_layout.setContentsMargins(0, 0, 0, 0)
        display_layout.addWidget(self.projection_form)
        display_layout.addWidget(self.grid_check)
        side = SidePanel(
            [
                ("Network", self.presets),
                ("Layers", self.editor),
                ("Display", display),
                ("Animation", self.animation_form),
                ("PyTorch", self.code),
            ]
        )

        self.stage_canvas = NetworkCanvas("input X")
        self.output_canvas = NetworkCanvas("output f(X)")
        self.handles = (
            BasisHandle("#ff0000", "Drag: column 1 of this layer's W (where it sends e₁)"),
            BasisHandle("#00c000", "Drag: column 2 of this layer's W (where it sends e₂)"),
        )
        for handle in self.handles:
            handle.setToolTip(handle.toolTip() + ". Right-click during the drag cancels it.")
            handle.setVisible(False)
            self.stage_canvas.getPlotItem().addItem(handle)
            handle.sigDragStarted.connect(self._on_drag_start)
            handle.sigDragged.connect(self._on_drag_move)
            handle.sigDragFinished.connect(self._on_drag_finish)
            handle.sigDragCancelled.connect(self._on_drag_cancel)
        canvases = QSplitter(Qt.Orientation.Horizontal)
        canvases.addWidget(self.stage_canvas)
        canvases.addWidget(self.output_canvas)
        self.scrubber = LayerScrubber()
        self.gallery = NetworkGallery()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(canvases, 1)
        centre_layout.addWidget(self.scrubber)
        centre_layout.addWidget(self.gallery)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("network-splitter")
        splitter.addWidget(side)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([SIDE_WIDTH, 1000])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.presets.sigPreset.connect(self._on_preset)
        self.presets.sigS.connect(self._on_s)
        self.presets.sigSeed.connect(self._on_seed)
        self.presets.s_slider.sliderReleased.connect(lambda: self._record("set s"))
        self.editor.sigChanged.connect(self._on_draft_change)
        self.editor.sigEditWeight.connect(self.go_to_weight)
        self.projection_form.sigChanged.connect(self._on_projection_change)
        self.projection_form.sigError.connect(self._on_projection_error)
        self.animation_form.sigPlay.connect(self.play_animation)
        self.scrubber.sigPositionChanged.connect(self._on_position_change)
        self.gallery.sigChosen.connect(self.open_gallery_item)
        self._receiver = _NetworkResultReceiver(self)
        worker.sigResult.connect(self._receiver.on_result)
        worker.sigFailed.connect(self._receiver.on_failed)
        scene.dataset_changed.connect(self._on_dataset_change)
        self.presets.show_preset("tanh")
        self.set_network(self._spec)
        self.scrubber.go_last()
        #: The state of the newest undo step (or put-back): the next step's ``before``.
        self._recorded = self._undo_state()

    # The network -------------------------------------------------------------------------------

    @property
    def network(self) -> NetworkSpec:
        """The last good network, the one on screen (or being computed)."""
        return self._spec

    def set_network(self, spec: NetworkSpec, *, from_editor: bool = False) -> None:
        self._spec = spec
        if not from_editor:
            self.editor.set_layers(spec.layers)
        self.editor.show_error("")
        if self.presets.seed_field.value() != spec.seed:
            self.presets.seed_field.set_value(spec.seed)
        self.code.setPlainText(spec.pytorch_code())
        self._name_preset(spec)
        self.scrubber.set_stages(stage_labels(spec))
        self.request_stages()

    def _name_preset(self, spec: NetworkSpec) -> None:
        """The preset box names a preset only while ``spec`` is exactly that preset's net."""
        presets = self.presets
        preset = preset_network(presets.key, s=presets.s, seed=spec.seed, w=self._scene.matrix)
        if spec == preset:
            presets.show_preset(presets.key)
        else:
            presets.show_custom()

    def _on_draft_change(self) -> None:
        try:
            spec = NetworkSpec(tuple(self.editor.layers()), self._spec.seed)
        except InputError as error:
            self.editor.show_error(f"{error}. The last good network stays on screen.")
            self.sigMessage.emit(str(error))
            return
        self.set_network(spec, from_editor=True)
        self._record(self.editor.last_edit or "edit layers")

    def _on_preset(self, key: str) -> None:
        self.set_network(
            preset_network(key, s=self.presets.s, seed=self._spec.seed, w=self._scene.matrix)
        )
        self.scrubber.go_last()
        self._record("choose preset")

    def _on_s(self, s: float) -> None:
        if self.presets.key == "tanh":
            self.set_network(preset_network("tanh", s=s, seed=self._spec.seed))
            if not self.presets.s_slider.isSliderDown():  # a slide is one step, at its release
                self._record("set s")

    def _on_seed(self, seed: int) -> None:
        try:
            spec = NetworkSpec(tuple(self.editor.layers()), seed)
        except InputError:
            spec = NetworkSpec(self._spec.layers, seed)
        self.set_network(spec)
        self._record("set seed")

    def _on_projection_change(self, projection: Projection) -> None:
        self._projection = projection
        self.request_stages()

    def _on_projection_error(self, message: str) -> None:
        if message:
            self.sigMessage.emit(message)

    def _on_dataset_change(self, _spec: DatasetSpec) -> None:
        self.request_stages()

    # Requests -------------------------------------------------------------------------------

    def request_stages(self) -> None:
        if not self._active:
            return  # computed when the tab is shown
        job = Job(
            self.CHANNEL_STAGES, network_stages, (self._spec, self._scene.dataset, self._projection)
        )
        self._worker.submit(job)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._active:
            self._active = True
            self.request_stages()
        if not self._gallery_requested:
            self._gallery_requested = True
            self._worker.submit(Job(self.CHANNEL_GALLERY, gallery, ()))

    # Results ---------------------------------------------------------------------------------

    def is_newer(self, channel: str, job_id: int) -> bool:
        if job_id <= self._applied.get(channel, 0):
            return False
        self._applied[channel] = job_id
        return True

    def apply_stages(self, result: StagesResult) -> None:
        new_points = self._result is None or self._result.dataset != result.dataset
        if self._colors is None or self._colors_for != result.dataset:
            self._colors = point_colors(result.color_values, self._colormap)
            self._colors_for = result.dataset
        self._result = result
        last = len(result.infos) - 1
        self.output_canvas.show_stage(
            result.points[last],
            result.grid[last],
            result.basis[last],
            self._colors,
            ("f(e₁)", "f(e₂)"),
        )
        self.output_canvas.set_title("output f(X)", result.projection_labels[last])
        if self._anim_t < 0:
            self._render(self.scrubber.position())
        if new_points:
            self.stage_canvas.fit()
            self.output_canvas.fit()
        elif not self._dragging:
            self.output_canvas.keep_in_view()
            if self._anim_t < 0:
                self.stage_canvas.keep_in_view()
        self.sigFrame.emit()

    def set_colormap(self, name: str) -> None:
        """Recolour the points with the main window's colour map."""
        if name == self._colormap:
            return
        self._colormap = name
        if self._result is not None:
            self._colors = point_colors(self._result.color_values, name)
            self.apply_stages(self._result)

    def apply_gallery(self, result: GalleryResult) -> None:
        self.gallery.set_result(result)

    # Drawing a position ---------------------------------------------------------------------

    def _on_position_change(self, position: float) -> None:
        self.stop_animation()
        self._render(position)
        if not self._dragging:
            self.stage_canvas.keep_in_view()

    def _render(self, position: float) -> None:
        result = self._result
        if result is None:
            return
        count = len(result.infos)
        k = min(max(0, math.floor(position)), count - 1)
        a = position - k if k + 1 < count else 0.0
        if a < 1e-9:
            points, grid, basis = result.points[k], result.grid[k], result.basis[k]
            title, note = result.infos[k].label, result.projection_labels[k]
        else:
            points, grid, basis = (
                mix(arrays[k], arrays[k + 1], a)
                for arrays in (result.points, result.grid, result.basis)
            )
            title = f"{result.infos[k].label}  →  {result.infos[k + 1].label} ({a:.0%})"
            note = " / ".join(n for n in dict.fromkeys(result.projection_labels[k : k + 2]) if n)
        labels = ("e₁", "e₂") if k == 0 and a < 1e-9 else ("f(e₁)", "f(e₂)")
        self.stage_canvas.show_stage(points, grid, basis, self._colors, labels)
        self._place_handles(position)
        if self._handle_layer is not None:
            hint = f"drag the handles: layer {self._handle_layer + 1}'s W columns"
            note = f"{note} · {hint}" if note else hint
        self.stage_canvas.set_title(title, note)

    def show_position(self, position: float) -> None:
        """Draw the stage canvas at ``position`` (0 = X) without moving the scrubber."""
        self._render(position)

    def computed_stage_count(self) -> int | None:
        """How many stages the shown result has, or None while the net on screen is computing."""
        result = self._result
        if result is None or result.spec != self._spec or result.dataset != self._scene.dataset:
            return None
        return len(result.infos)

    def animation_sources(
        self, steps: int = 150, p: float = 0.001, easing: str = "log"
    ) -> list[AnimationSource]:
        """The layer walk from X to f(X), for the animation export."""
        from linviz_gui.ui.views.network.animation import NetworkLayerFilm

        return [NetworkLayerFilm(self, steps, p, easing)]

    def _place_handles(self, position: float) -> None:
        """Show the handles of the 2×2 layer whose ``× W`` step the position is on or entering."""
        result = self._result
        if self._dragging or result is None:
            return
        layer = None
        if self._anim_t < 0 and result.spec == self._spec:
            for index in result.weights:
                stage = times_w_stage(self._spec, index)
                if abs(position - stage) <= 1e-9:
                    layer = index  # on its × W step: it wins over the next layer's, entered here
                    break
                if stage - 1 - 1e-9 <= position < stage:
                    layer = index
        self._handle_layer = layer
        for j, handle in enumerate(self.handles):
            handle.setVisible(layer is not None)
            if layer is not None:
                handle.setPos(*result.weights[layer].column(j))
                handle.setToolTip(
                    f"Drag: column {j + 1} of layer {layer + 1}'s W (where it sends e{j + 1}). "
                    "Right-click during the drag cancels it."
                )

    def go_to_weight(self, index: int) -> None:
        """Move the scrubber to the ``× W`` step of layer ``index``, where its handles show."""
        try:
            self.scrubber.set_position(times_w_stage(self._spec, index))
        except ValueError:
            self.sigMessage.emit(f"layer {index + 1} is not a Linear layer of the network shown")

    # Dragging a weight --------------------------------------------------------------------------

    def _current_weight(self, index: int) -> Matrix2:
        fixed = self._spec.layers[index].weight
        if fixed is not None:
            return fixed
        assert self._result is not None
        return self._result.weights[index]

    def _on_drag_start(self, _handle: BasisHandle) -> None:
        self._dragging = self._handle_layer is not None
        self._drag_start = self._spec
        self._drag_layer = self._handle_layer or 0

    def _on_drag_move(self, handle: BasisHandle, xy: tuple[float, float]) -> None:
        index = self._handle_layer
        if index is None:
            return
        column = self.handles.index(handle)
        try:
            spec = self._spec.with_weight(
                index, self._current_weight(index).with_column(column, xy)
            )
        except InputError as error:
            self.sigMessage.emit(f"{error}; W keeps its last value")
            return
        handle.setPos(*xy)
        self._set_dragged_network(spec)

    def _on_drag_finish(self, _handle: BasisHandle) -> None:
        if self._dragging:  # the whole gesture is one step, from the net at its start
            self._name_preset(self._spec)  # a dragged weight makes the net the user's own
            self._record(f"drag of W{str(self._drag_layer + 1).translate(_SUBSCRIPTS)}")
        self._dragging = False
        self.stage_canvas.keep_in_view()
        self.output_canvas.keep_in_view()

    def _on_drag_cancel(self, _handle: BasisHandle) -> None:
        self._dragging = False
        self._set_dragged_network(self._drag_start)
        self._place_handles(self.scrubber.position())

    def _set_dragged_network(self, spec: NetworkSpec) -> None:
        self._spec = spec
        if len(self.editor.rows) == len(spec.layers):
            for index, layer in enumerate(spec.layers):
                self.editor.set_layer(index, layer)
        else:
            self.editor.set_layers(spec.layers)
        self.code.setPlainText(spec.pytorch_code())
        self.request_stages()

    # Gallery ---------------------------------------------------------------------------------

    def open_gallery_item(self, item: GalleryItem) -> None:
        """Show a gallery net here at its output; a random W also becomes the Explorer's W."""
        label = f"open {item.title}"
        with self._scene.undo_log.one_gesture(label):  # the net and its W: one step
            self.set_network(item.spec)
            self.scrubber.go_last()
            self._record(label)
            if item.matrix is not None:
                self._scene.set_matrix(item.matrix)
        self.sigMessage.emit(f"Opened {item.title}")

    # Animation -------------------------------------------------------------------------------

    def play_animation(self) -> None:
        """The notebook's ``interpolate(X, f(X), steps, p)``, one frame per timer tick."""
        if self._result is None:
            self.sigMessage.emit("Nothing to animate yet: the network is being computed")
            return
        steps, p = self.animation_form.steps, self.animation_form.p
        check_animation(steps, p)
        self._anim_steps, self._anim_p, self._anim_t = steps, p, 0
        for handle in self.handles:
            handle.setVisible(False)
        self._show_animation_frame()
        self._timer.start()

    def stop_animation(self) -> None:
        self._timer.stop()
        self._anim_t = -1

    @property
    def animating(self) -> bool:
        return self._anim_t >= 0

    def _on_animation_tick(self) -> None:
        self._anim_t += 1
        if self._anim_t >= self._anim_steps:
            self.stop_animation()
            self.scrubber.go_last()
            self._render(self.scrubber.position())
            return
        self._show_animation_frame()

    def _show_animation_frame(self) -> None:
        result = self._result
        if result is None:
            return
        a = easing(self._anim_t, self._anim_steps, self._anim_p)
        points, grid, basis = (
            mix(arrays[0], arrays[-1], a) for arrays in (result.points, result.grid, result.basis)
        )
        self.stage_canvas.show_stage(points, grid, basis, self._colors, ("f(e₁)", "f(e₂)"))
        self.stage_canvas.set_title(
            f"interpolate X → f(X): frame {self._anim_t + 1}/{self._anim_steps}, a = {a:.3f}",
            result.projection_labels[-1],
        )
        self.stage_canvas.keep_in_view()

    # Display -------------------------------------------------------------------------------------

    def _on_grid_toggled(self, visible: bool) -> None:
        for canvas in (self.stage_canvas, self.output_canvas):
            canvas.set_grid_visible(visible)

    def fit(self) -> None:
        self.stage_canvas.fit()
        self.output_canvas.fit()

    # View state ----------------------------------------------------------------------------------

    def state(self) -> NetworkViewState:
        return NetworkViewState(
            self._spec,
            self.presets.key,
            self.presets.s,
            self.scrubber.position(),
            self._projection,
            self.grid_check.isChecked(),
            self.animation_form.steps,
            self.animation_form.p,
        )

    def view_state(self) -> dict[str, Any]:
        """JSON-able options of this tab: the net, preset, s, position, projection, animation."""
        return self.state().to_dict()

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        state_from_dict(state, self.state())

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Apply :meth:`view_state` data; nonsense raises :class:`InputError`, changing nothing."""
        checked = state_from_dict(state, self.state())
        self.stop_animation()
        self.presets.show_preset(checked.preset)
        self.presets.show_s(checked.s)
        self.projection_form.set_projection(checked.projection)
        self._projection = checked.projection
        self.grid_check.setChecked(checked.grid)
        self.animation_form.steps_field.set_value(checked.steps)
        self.animation_form.p_field.set_value(checked.p)
        self.set_network(checked.network)
        self.scrubber.set_position(checked.position)
        self._recorded = self._undo_state()  # a session or tour step is not an edit to undo

    # Undo ----------------------------------------------------------------------------------------

    def _undo_state(self) -> NetworkUndoState:
        return NetworkUndoState(self._spec, self.presets.key, self.presets.s)

    def _record(self, label: str) -> None:
        """One undo step called ``label``, from the state of the step before to the one now."""
        now = self._undo_state()
        self._scene.undo_log.record(label, self.title, self._recorded, now)
        self._recorded = now

    def put_undo_state(self, state: NetworkUndoState) -> None:
        """Show an undo step's net, preset and s again; the scrubber stays where it can."""
        if not isinstance(state, NetworkUndoState):
            raise InputError(f"not a state of the Network tab: {type(state).__name__}")
        self.stop_animation()
        self.presets.show_preset(state.preset)
        self.presets.show_s(state.s)
        self.set_network(state.network)
        self._recorded = state


class _NetworkResultReceiver(QObject):
    """Bound-method slots living in the GUI thread (a lambda would run in the worker thread)."""

    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self._view = view

    def on_result(self, channel: str, job_id: int, result: object) -> None:
        view = self._view
        if not channel.startswith("network.") or not view.is_newer(channel, job_id):
            return
        if isinstance(result, StagesResult):
            view.apply_stages(result)
        elif isinstance(result, GalleryResult):
            view.apply_gallery(result)

    def on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel.startswith("network.") and self._view.is_newer(channel, job_id):
            self._view.sigMessage.emit(f"Could not compute the network ({message})")
