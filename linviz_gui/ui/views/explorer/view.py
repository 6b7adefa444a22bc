"""The core explorer: input space and output space side by side, with draggable basis tips.

Path of one drag: :class:`BasisHandle` -> ``scene.set_matrix`` (validates, emits on change) ->
a numbered transform :class:`Job` -> worker (newest pending wins) -> ``_on_result`` applies any
result newer than the one on screen -> the output canvas repaints, the handle left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from linviz_gui.compute.explorer_jobs import (
    GUI_THREAD_MAX_POINTS,
    PointsResult,
    TransformResult,
    build_points,
    random_preset,
    transform,
    transform_columns_here,
)
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.scene import Scene
from linviz_gui.ui.widgets.basis_handle import BasisHandle
from linviz_gui.ui.widgets.colors import point_colors
from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas

if TYPE_CHECKING:
    from linviz_gui.ui.export.animation import AnimationSource


HINT_FILL = (255, 255, 224, 220)


class ExplorerView(QWidget):
    """Shows ``scene`` through ``worker``; reports problems with ``sigMessage``."""

    title = "Explorer"
    sigMessage = Signal(str)
    sigFrame = Signal()  # a transformed frame reached the output canvas

    #: During a drag the output canvas waits this long at most for the new points before it
    #: repaints anyway, so handle, arrows and points appear together in one paint, not two.
    PAINT_HOLD_MS = 100

    CHANNEL_POINTS = "explorer.points"
    CHANNEL_TRANSFORM = "explorer.transform"
    CHANNEL_PRESET = "explorer.preset"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._worker = worker
        self._applied: dict[str, int] = {}
        self._colormap = ""
        self._color_values: np.ndarray | None = None
        self._shown_spec: DatasetSpec | None = None
        self._input_t: np.ndarray | None = None  # X.T (2, N) of the input canvas's points
        #: The W whose transformed points the output canvas holds (None before the first frame).
        self.shown_matrix: Matrix2 | None = None
        self._output_spec: DatasetSpec | None = None  # whose points the output canvas shows
        self.input_canvas = SpaceCanvas("input space  X")
        self.output_canvas = SpaceCanvas("output space  Y = X @ W.T")
        self.input_canvas.grid.setVisible(True)
        self.handles = (
            BasisHandle("#ff0000", "Drag: column 1 of W, the image of e₁"),
            BasisHandle("#00c000", "Drag: column 2 of W, the image of e₂"),
        )
        tip = " Shift snaps to 0.1; right-click during the drag cancels it."
        for handle in self.handles:
            handle.setToolTip(handle.toolTip() + "." + tip)
            self.output_canvas.getPlotItem().addItem(handle)
            handle.sigDragStarted.connect(self._on_drag_start)
            handle.sigDragged.connect(self._on_drag_move)
            handle.sigDragFinished.connect(self._on_drag_finish)
            handle.sigDragCancelled.connect(self._on_drag_cancel)
        # A newcomer sees the identity, input and output alike: one line says what to do,
        # beside the first handle, until W first changes.
        self.hint = pg.TextItem(
            "drag the round tips to change W", color="#404040", anchor=(0.5, -0.9), fill=HINT_FILL
        )
        self.hint.setParentItem(self.handles[0])
        self.hint.setVisible(scene.matrix == Matrix2.identity())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("explorer-splitter")
        splitter.addWidget(self.input_canvas)
        splitter.addWidget(self.output_canvas)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._paint_hold = QTimer(self)
        self._paint_hold.setSingleShot(True)
        self._paint_hold.timeout.connect(self._release_output_paint)

        self._receiver = _ResultReceiver(self)
        worker.sigResult.connect(self._receiver.on_result)
        worker.sigFailed.connect(self._receiver.on_failed)
        scene.matrix_changed.connect(self._on_matrix_change)
        scene.dataset_changed.connect(self._on_dataset_change)
        self._on_matrix_change(scene.matrix)
        self.request_points()

    # Requests ----------------------------------------------------------------------------

    def request_points(self) -> None:
        spec = self._scene.dataset
        self._worker.submit(Job(self.CHANNEL_POINTS, build_points, (spec,)))
        self.request_transform()

    def request_transform(self) -> None:
        spec, w = self._scene.dataset, self._scene.matrix
        job = Job(self.CHANNEL_TRANSFORM, transform, (spec, w))
        if not self._transforms_here():
            self._worker.submit(job)
            return
        # Few points: computed at once, here (the job is made only to number the result, so
        # an older one still on its way from the worker is not applied over it).
        self._worker.cancel(self.CHANNEL_TRANSFORM)
        if self.is_newer(self.CHANNEL_TRANSFORM, job.id):
            assert self._input_t is not None
            self.apply_transform(transform_columns_here(spec, w, self._input_t))

    def _transforms_here(self) -> bool:
        """True when W X is computed in this thread: few points, whose X is on screen."""
        spec = self._scene.dataset
        return (
            self._input_t is not None
            and self._shown_spec == spec
            and spec.size <= GUI_THREAD_MAX_POINTS
        )

    def request_random_matrix(self, seed: int) -> None:
        self._worker.submit(Job(self.CHANNEL_PRESET, random_preset, (seed,)))

    # Scene changes ------------------------------------------------------------------------

    def _on_matrix_change(self, w: Matrix2) -> None:
        if w != Matrix2.identity():
            self.hint.setVisible(False)  # found out: not shown again this session
        self.output_canvas.set_basis(w, ("We₁", "We₂"))
        for j, handle in enumerate(self.handles):
            if not handle.dragging:
                handle.setPos(*w.column(j))
        self.request_transform()

    def _on_dataset_change(self, _spec: DatasetSpec) -> None:
        self.request_points()

    # Dragging ------------------------------------------------------------------------------

    def _on_drag_start(self, _handle: BasisHandle) -> None:
        self._scene.begin_drag()

    def _on_drag_move(self, handle: BasisHandle, xy: tuple[float, float]) -> None:
        column = self.handles.index(handle)
        try:
            w = self._scene.matrix.with_column(column, xy)
        except InputError as error:
            self.sigMessage.emit(f"{error}; W keeps its last value")
            return
        if w != self._scene.matrix and not self._transforms_here():
            self._hold_output_paint()  # computed here, the points come in the same paint
        self._scene.set_matrix(w)
        handle.setPos(*xy)

    def _hold_output_paint(self) -> None:
        """Skip the repaint for the moved handle alone; the points for its W follow shortly."""
        viewport = self.output_canvas.viewport()
        if viewport.updatesEnabled():
            viewport.setUpdatesEnabled(False)
        self._paint_hold.start(self.PAINT_HOLD_MS)

    def _release_output_paint(self) -> None:
        self._paint_hold.stop()
        viewport = self.output_canvas.viewport()
        if not viewport.updatesEnabled():
            viewport.setUpdatesEnabled(True)  # schedules one repaint of everything held

    def _on_drag_finish(self, _handle: BasisHandle) -> None:
        self._release_output_paint()
        self._scene.end_drag()
        self._sync_handles()
        self.output_canvas.keep_in_view()

    def _on_drag_cancel(self, _handle: BasisHandle) -> None:
        self._release_output_paint()
        self._scene.cancel_drag()
        self._sync_handles()

    def _sync_handles(self) -> None:
        for j, handle in enumerate(self.handles):
            handle.setPos(*self._scene.matrix.column(j))

    # Results -------------------------------------------------------------------------------

    def is_newer(self, channel: str, job_id: int) -> bool:
        """Apply any result newer than the one on screen, not only the very latest."""
        if job_id <= self._applied.get(channel, 0):
            return False
        self._applied[channel] = job_id
        return True

    def apply_points(self, result: PointsResult) -> None:
        if result.spec != self._scene.dataset:
            return
        self._color_values = result.color_values
        self._shown_spec = result.spec
        few = len(result.points) <= GUI_THREAD_MAX_POINTS  # else no copy: the worker has X
        self._input_t = np.ascontiguousarray(result.points.T) if few else None
        self.input_canvas.set_points(result.points, self._colors())
        self.input_canvas.fit()

    def apply_transform(self, result: TransformResult) -> None:
        if result.spec != self._shown_spec or self._color_values is None:
            return  # the points it was computed from are not on screen yet
        # A new dataset needs its own colours even when it has as many points as the last one
        # (a new seed, or the circle after a cloud of the same N).
        first = result.spec != self._output_spec
        self._output_spec = result.spec
        self.output_canvas.set_points(result.points, self._colors() if first else None)
        self.shown_matrix = result.matrix
        if self._scene.dragging:
            pass  # the view never moves under a held handle; the drag's end refits it
        elif first:
            self.output_canvas.fit()
        else:
            self.output_canvas.keep_in_view()
        self._release_output_paint()
        self.sigFrame.emit()

    def set_colormap(self, name: str) -> None:
        self._colormap = name
        if self._color_values is not None:
            colors = self._colors()
            self.input_canvas.points.set_colors(colors)
            if self._output_spec == self._shown_spec:
                self.output_canvas.points.set_colors(colors)

    def set_basis_colors(self, e1: str, e2: str) -> None:
        for canvas in (self.input_canvas, self.output_canvas):
            canvas.set_basis_colors(e1, e2)
        for handle, color in zip(self.handles, (e1, e2), strict=True):
            handle.set_color(color)

    def set_grid_visible(self, visible: bool) -> None:
        for canvas in (self.input_canvas, self.output_canvas):
            canvas.set_grid_visible(visible)

    def set_ellipse_visible(self, visible: bool) -> None:
        self.output_canvas.set_ellipse_visible(visible)

    def set_auto_fit(self, enabled: bool) -> None:
        for canvas in (self.input_canvas, self.output_canvas):
            canvas.auto_fit = enabled

    def animation_sources(
        self, steps: int = 150, p: float = 0.001, easing: str = "log"
    ) -> list[AnimationSource]:
        """The identity → W morph of the output space, for the animation export."""
        from linviz_gui.ui.views.explorer.animation import ExplorerMorph

        return [ExplorerMorph(self, steps, p, easing)]

    def fit(self) -> None:
        self.input_canvas.fit()
        self.output_canvas.fit()

    def _colors(self) -> np.ndarray:
        assert self._color_values is not None
        return point_colors(self._color_values, self._colormap)


class _ResultReceiver(QObject):
    """Bound-method slots living in the GUI thread (a lambda would run in the worker thread)."""

    def __init__(self, view: ExplorerView) -> None:
        super().__init__(view)
        self._view = view

    def on_result(self, channel: str, job_id: int, result: object) -> None:
        view = self._view
        if not channel.startswith("explorer.") or not view.is_newer(channel, job_id):
            return
        if isinstance(result, PointsResult):
            view.apply_points(result)
        elif isinstance(result, TransformResult):
            view.apply_transform(result)
        elif isinstance(result, Matrix2):
            view._scene.set_matrix(result)

    def on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel == ExplorerView.CHANNEL_TRANSFORM:
            self._view._release_output_paint()
        if channel.startswith("explorer.") and self._view.is_newer(channel, job_id):
            self._view.sigMessage.emit(f"Could not compute ({message}); showing the last result")
