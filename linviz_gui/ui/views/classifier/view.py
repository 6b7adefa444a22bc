"""The "Classifier" tab: ``y = sign(w · x + b)`` on labelled points, dragged by hand or trained.

Training is a chain of short step-jobs on one worker channel. Every job carries a ``tag``, the
version of the parameters it started from; a result is applied only when the parameters on screen
are still that version and the job is the one awaited, so pause, reset, an edit or a drag win over
anything still in flight. While playing, the next job is asked for one frame after a result lands.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QWidget,
)

from linviz_gui.compute.classifier_jobs import (
    DataRefused,
    TrainingResult,
    build_labelled,
    load_csv,
    train,
)
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.classifier.hyperplane import (
    LinearParams,
    accuracy,
    bias_through,
    predicted_slots,
    scaling_comparison,
)
from linviz_gui.model.classifier.settings import ClassifierSettings, parse_settings
from linviz_gui.model.classifier.training import BINARY_LOSSES, TrainConfig, TrainState
from linviz_gui.model.classifier.undo_state import ClassifierUndoState, params_label, spec_label
from linviz_gui.model.data.labelled import LabelledData, LabelledSpec
from linviz_gui.model.files.points_file import is_from_file, source_text
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.scene import Scene
from linviz_gui.ui.views.classifier.canvas import ClassifierCanvas
from linviz_gui.ui.views.classifier.panels import (
    LabelledDataPanel,
    ParametersPanel,
    TrainingPanel,
)
from linviz_gui.ui.widgets.side_panel import SidePanel
from linviz_gui.ui.widgets.training_curves import TrainingCurves

#: A w and b that misclassify the default blobs, so training has something to do.
DEFAULT_PARAMS = LinearParams.binary((1.0, -0.5), 0.5)
#: Least time between two training frames while playing, so a fast device cannot flood the GUI.
FRAME_MS = 15
#: From this many points a drag's frames leave the loss and gradient (a worker pass over every
#: point, as long as the frame itself at a million) to the end of the gesture; the status says so.
LIVE_EVALUATION_POINTS = 200_000


class ClassifierView(QWidget):
    """The tab. ``sigMessage`` reports problems for the status bar."""

    title = "Classifier"
    #: This view has its own inputs: the main window hides the W / dataset panel.
    uses_scene_panel = False
    sigMessage = Signal(str)
    sigTrained = Signal()  # a training result reached the screen

    CHANNEL_DATA = "classifier.data"
    CHANNEL_TRAIN = "classifier.train"
    CHANNEL_EVALUATE = "classifier.evaluate"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._undo_log = scene.undo_log
        #: The state before a points file was chosen: its step is recorded once the file loads.
        self._csv_before: ClassifierUndoState | None = None
        self._drag_state: ClassifierUndoState | None = None
        self._drag_label = ""
        self._spec = LabelledSpec()
        self._data: LabelledData | None = None
        self._csv_data: LabelledData | None = None
        self._csv_path = ""
        self._awaited_data = 0
        #: "step" or "play" when asked while data is on its way: done once it has landed.
        self._train_after_data = ""
        self._config = TrainConfig()
        self._params = DEFAULT_PARAMS
        self._start_params = DEFAULT_PARAMS
        self._state = TrainState(DEFAULT_PARAMS)
        self._version = 0
        #: The predictions for (data, params): each point's slot and the fraction right.
        self._predicted: tuple[tuple[LabelledData, LinearParams], np.ndarray, float] | None = None
        #: The data's points as float64 and its labels as slots, made once per data set.
        self._arrays: tuple[LabelledData, np.ndarray, np.ndarray] | None = None
        self._playing = False
        self._frame_started = 0.0
        self._awaited_train = 0
        self._awaited_evaluate = 0
        self._drag_before: LinearParams | None = None
        self._fit_after_drag = False
        self._show_gradient = True
        self._gradient: np.ndarray | None = None
        self.loss: float | None = None
        self._evaluation_deferred = False
        self.device = ""

        self.canvas = ClassifierCanvas()
        self.curves = TrainingCurves()
        self.data_panel = LabelledDataPanel(self._spec)
        self.params_panel = ParametersPanel()
        self.training_panel = TrainingPanel(self._config)
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._on_frame)
        self._build_layout()
        self._connect(worker)
        self._show_params(DEFAULT_PARAMS)
        self.request_data(self._spec)

    def _build_layout(self) -> None:
        scroll = SidePanel(
            [
                ("Labelled data", self.data_panel),
                ("Classifier  y = sign(w · x + b)", self.params_panel),
                ("Training (autograd)", self.training_panel),
            ]
        )
        plots = QSplitter(Qt.Orientation.Vertical)
        plots.addWidget(self.canvas)
        plots.addWidget(self.curves)
        plots.setStretchFactor(0, 3)
        plots.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("classifier-splitter")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(plots)
        self.splitter.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self, worker: ComputeWorker) -> None:
        worker.sigResult.connect(self._on_result)
        worker.sigFailed.connect(self._on_failed)
        canvas = self.canvas
        canvas.sigWeightDragStarted.connect(self._on_weight_drag_start)
        canvas.sigLineDragStarted.connect(self._on_line_drag_start)
        canvas.sigWeightDragged.connect(self._on_weight_dragged)
        canvas.sigLineDragged.connect(self._on_line_dragged)
        canvas.sigWeightDragCancelled.connect(self._on_drag_cancel)
        canvas.sigLineDragCancelled.connect(self._on_drag_cancel)
        canvas.sigWeightDragFinished.connect(self._on_drag_finish)
        canvas.sigLineDragFinished.connect(self._on_drag_finish)
        self.data_panel.sigSpecChosen.connect(self._on_spec_chosen)
        self.data_panel.sigCsvChosen.connect(self._on_csv_chosen)
        self.data_panel.sigCsvReselected.connect(self._on_csv_reselected)
        self.params_panel.sigEdited.connect(self._on_params_edited)
        self.params_panel.sigScale.connect(self.scale)
        panel = self.training_panel
        panel.sigConfigChanged.connect(self.set_config)
        panel.sigPlayToggled.connect(self.set_playing)
        panel.sigStepRequested.connect(self.step)
        panel.sigResetRequested.connect(self.reset)
        panel.sigShowGradient.connect(self._on_show_gradient)
        panel.sigShowRegions.connect(self.canvas.set_regions_visible)

    # What is shown ---------------------------------------------------------------------------

    @property
    def params(self) -> LinearParams:
        """The w and b (one row per class for softmax) on screen."""
        return self._params

    @property
    def config(self) -> TrainConfig:
        return self._config

    @property
    def data(self) -> LabelledData | None:
        return self._data

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def step_count(self) -> int:
        return self._state.step

    def accuracy(self) -> float | None:
        """Fraction of the points classified right by the parameters on screen."""
        if self._data is None:
            return None
        if len(self._data.labels) == 0:
            return accuracy(self._data.points, self._data.labels, self._params)
        return self._prediction()[1]

    def _prediction(self) -> tuple[np.ndarray, float]:
        """Every point's slot (its predicted class + 1, 0 on the line) under the parameters on
        screen, and the fraction right, computed once for them: a drag frame draws them and
        states the accuracy twice (at a million points each N-sized pass costs a millisecond)."""
        data = self._data
        assert data is not None
        key = (data, self._params)
        if self._predicted is None or self._predicted[0] != key:
            if self._arrays is None or self._arrays[0] is not data:
                # float64 as the prediction computes in, so no frame copies the points
                points = np.ascontiguousarray(data.points, dtype=np.float64)
                self._arrays = (data, points, (data.labels + 1).astype(np.uint8))
            _, points, label_slots = self._arrays
            slots = predicted_slots(points, self._params)
            right = np.count_nonzero(slots == label_slots) / len(slots) if len(slots) else 1.0
            self._predicted = (key, slots, right)
        return self._predicted[1], self._predicted[2]

    # Data --------------------------------------------------------------------------------------

    def request_data(self, spec: LabelledSpec) -> None:
        self._csv_before = None  # a points file still loading is no longer what the user wants
        self._spec = spec
        self.data_panel.show_spec(spec)
        self._awaited_data = self._worker.submit(Job(self.CHANNEL_DATA, build_labelled, (spec,)))

    def request_csv(self, path: str) -> None:
        """Load ``path`` in the worker; the current data stays until it has loaded whole."""
        self._csv_path = path
        self._awaited_data = self._worker.submit(Job(self.CHANNEL_DATA, load_csv, (path,)))

    def open_points(self, path: str) -> None:
        """File → Open points… on this tab: as the Load… button loads ``path``."""
        self.request_csv(path)

    def _on_csv_reselected(self) -> None:
        before = self._undo_state()
        self._reselect_csv()
        self._record("set points", before)

    def _reselect_csv(self) -> None:
        if self._csv_data is None:
            self.data_panel.choose_csv()
            self.data_panel.show_spec(self._spec)
            return
        self._use_data(self._csv_data)

    def _apply_data(self, result: LabelledData | DataRefused) -> None:
        if isinstance(result, DataRefused):
            self.data_panel.show_error(result.message)
            self.sigMessage.emit(f"Nothing loaded: {result.message}")
            return
        self.data_panel.show_error("")
        if is_from_file(result):
            self._csv_data = result
            self.data_panel.show_csv(source_text(result))
            self.sigMessage.emit(
                f"Loaded {result.name}: {result.size:,} points, {result.class_count} classes"
            )
        self._use_data(result)
        if self._csv_before is not None and is_from_file(result):
            before, self._csv_before = self._csv_before, None
            self._record("load points", before)

    def _use_data(self, data: LabelledData) -> None:
        self._data = data
        self.canvas.set_points(data.points, data.labels)
        classes = data.class_count
        config = self._config
        if config.loss in BINARY_LOSSES and classes != 2:
            config = TrainConfig("softmax", config.optimizer, config.learning_rate)
            self.sigMessage.emit(
                f"{classes} classes: training with softmax cross-entropy, one line per class"
            )
        self._config = config
        self.training_panel.show_config(config)
        params = self._params
        if config.loss == "softmax" and params.rows != classes:
            params = LinearParams.spread(classes)
        # the same w and b: a scaling's before / after line and its words still hold
        self._start_run(params, keep_ghost=params is self._params)
        if self._drag_before is None:
            self.canvas.fit()
        else:  # the view never moves under a held handle (the mouse would lose its place)
            self._fit_after_drag = True

    # Parameters ------------------------------------------------------------------------------

    def set_params(self, params: LinearParams) -> None:
        """Use ``params`` (validated already) from now on: a new run starts from them."""
        if params.rows != self._params.rows:
            raise InputError(f"need {self._params.rows} weight rows; got {params.rows}")
        self._start_run(params)

    def _start_run(self, params: LinearParams, *, keep_ghost: bool = False) -> None:
        self.set_playing(False)
        self._start_params = params
        self._state = TrainState(params)
        self.curves.clear_curves()
        self._show_params(params, keep_ghost=keep_ghost)
        if (
            self._drag_state is not None
            and self._data is not None
            and (self._data.size >= LIVE_EVALUATION_POINTS)
        ):
            self._evaluation_deferred = True
            self.loss = None
            self._show_status()
        else:
            self._evaluate()

    def _show_params(self, params: LinearParams, *, keep_ghost: bool = False) -> None:
        self._params = params
        self._version += 1
        self.canvas.set_params(params)
        self.params_panel.show_params(params)
        if not keep_ghost:
            self.canvas.show_ghost(None)
            self.params_panel.show_comparison("")
        if self._data is not None:
            self.canvas.set_predictions(self._prediction()[0])
        self._gradient = None
        self.canvas.set_gradient(None)
        self._show_status()

    def _on_params_edited(self, params: LinearParams) -> None:
        before = self._undo_state()
        self.set_params(params)
        self._record(params_label(before.params, params), before)

    def scale(self, factor: float, bias_too: bool) -> None:
        """Multiply w (and b when ``bias_too``) by ``factor``; show the line before and after."""
        before = self._params
        if not before.is_binary:
            return
        try:
            after = before.scaled(factor, bias_too=bias_too)
        except InputError as error:
            self.sigMessage.emit(f"Cannot scale: {error}")
            return
        state = self._undo_state()
        self.set_params(after)
        self._record("scale w and b" if bias_too else "scale w", state)
        self.canvas.show_ghost(before.w, before.b)
        self.params_panel.show_comparison(scaling_comparison(before, after, factor, bias_too))

    # Dragging ---------------------------------------------------------------------------------

    def _on_weight_drag_start(self, row: int) -> None:
        self._drag_label = "drag of w"
        self._on_drag_start(row)

    def _on_line_drag_start(self, row: int) -> None:
        self._drag_label = "drag of the line"
        self._on_drag_start(row)

    def _on_drag_start(self, _row: int) -> None:
        self.set_playing(False)
        self._drag_before = self._params
        self._drag_state = self._undo_state()

    def _on_weight_dragged(self, row: int, xy: tuple[float, float]) -> None:
        self._try_params(lambda: self._params.with_row(row, w=xy))

    def _on_line_dragged(self, row: int, point: tuple[float, float]) -> None:
        w = self._params.weights[row]
        self._try_params(lambda: self._params.with_row(row, b=bias_through(w, point)))

    def _try_params(self, build: Any) -> None:
        try:
            params = build()
        except InputError as error:
            self.sigMessage.emit(f"{error}; keeping the last value")
            return
        self._start_run(params)

    def _on_drag_cancel(self, _row: int) -> None:
        if self._drag_before is not None:
            self._start_run(self._drag_before)
        self._end_drag()

    def _on_drag_finish(self, _row: int) -> None:
        if self._drag_state is not None:  # the whole gesture is one step
            self._record(self._drag_label, self._drag_state)
        self._end_drag()
        self.canvas.set_params(self._params)

    def _end_drag(self) -> None:
        self._drag_before = None
        self._drag_state = None
        if self._evaluation_deferred:
            self._evaluate()
        if self._fit_after_drag:
            self._fit_after_drag = False
            self.canvas.fit()

    # Training ----------------------------------------------------------------------------------

    def set_config(self, config: TrainConfig) -> None:
        """Use another loss, optimiser or learning rate; changing the kind of loss restarts."""
        classes = self._data.class_count if self._data is not None else 2
        try:
            config.check_classes(classes)
        except InputError as error:
            self.training_panel.show_config(self._config)
            self.training_panel.show_error(str(error))
            self.sigMessage.emit(str(error))
            return
        self.training_panel.show_error("")
        family_changed = (config.loss == "softmax") != (self._config.loss == "softmax")
        before = self._undo_state()
        self._config = config
        self.training_panel.show_config(config)
        if family_changed:  # new w, b of the other kind: a step of its own to undo
            params = LinearParams.spread(classes) if config.loss == "softmax" else DEFAULT_PARAMS
            self._start_run(params)
            self._record("set loss", before)
        elif not self._playing:
            self._evaluate()

    def set_playing(self, playing: bool) -> None:
        """Play trains continuously; pause stops at the parameters on screen."""
        if playing and self._data is None:
            playing = False
        self.training_panel.show_playing(playing)
        if playing == self._playing:
            return
        self._playing = playing
        if playing and self._awaited_data:
            self._train_after_data = "play"
        elif playing:
            self._submit_training(self.training_panel.steps_per_frame)
        else:
            self._train_after_data = ""
            self._frame_timer.stop()
            self._awaited_train = 0
            self._worker.cancel(self.CHANNEL_TRAIN)
            self.curves.flush()

    def step(self) -> None:
        """One gradient step (when paused). Asked while new data is on its way, it is taken
        once that data has landed: the run restarts there, and a step of the old data's would
        be dropped, the click lost (a Step just after opening a session did nothing)."""
        if self._playing:
            return
        if self._awaited_data:
            self._train_after_data = "step"
        elif self._data is not None:
            self._submit_training(1)

    def _train_as_asked(self, asked: str) -> None:
        """Take the Step or start the Play asked for while the data was loading."""
        if asked == "step":
            self.step()
        elif asked == "play" and self._playing:  # the data was refused: the run goes on
            self._submit_training(self.training_panel.steps_per_frame)
        elif asked == "play":
            self.set_playing(True)

    def reset(self) -> None:
        """Back to the parameters this run started from; the curves start again."""
        self._start_run(self._start_params)

    def _submit_training(self, steps: int) -> None:
        if self._data is None:
            return
        args = (self._version, self._data, self._state, self._config, steps)
        self._frame_started = time.monotonic()
        self._awaited_train = self._worker.submit(Job(self.CHANNEL_TRAIN, train, args))

    def _evaluate(self) -> None:
        if self._data is None:
            return
        state = TrainState(self._params)
        args = (self._version, self._data, state, self._config, 0)
        self._evaluation_deferred = False
        self._awaited_evaluate = self._worker.submit(Job(self.CHANNEL_EVALUATE, train, args))

    def _on_frame(self) -> None:
        if not self._playing:
            return
        if not self._worker.is_running():
            self.set_playing(False)
            return
        self._submit_training(self.training_panel.steps_per_frame)

    def _apply_training(self, result: TrainingResult) -> None:
        outcome = result.outcome
        try:
            state = outcome.next_state()
        except InputError as error:
            self.set_playing(False)
            self.training_panel.show_error(str(error))
            self.sigMessage.emit(str(error))
            return
        self._state = state
        self._show_params(state.params)
        if self._playing:
            # Ask for the next frame before drawing this one: the worker computes meanwhile.
            wait = FRAME_MS - (time.monotonic() - self._frame_started) * 1000
            if wait > 0:
                self._frame_timer.start(int(wait) + 1)
            else:
                self._on_frame()
        self.curves.append(outcome.first_step, outcome.losses, outcome.accuracies)
        if not self._playing:
            self.curves.flush()
        self._show_evaluation(result)
        self.sigTrained.emit()

    def _show_evaluation(self, result: TrainingResult) -> None:
        outcome = result.outcome
        self.loss = outcome.loss
        self.device = result.device
        self._gradient = outcome.grad_weights
        self.canvas.set_gradient(self._gradient if self._show_gradient else None)
        self._show_status()

    def _on_show_gradient(self, shown: bool) -> None:
        self._show_gradient = shown
        self.canvas.set_gradient(self._gradient if shown else None)

    def _show_status(self) -> None:
        parts = [f"step {self._state.step}"]
        if self.loss is not None:
            parts.append(f"loss {self.loss:.4g}")
        elif self._evaluation_deferred:
            parts.append("loss when you let go")
        acc = self.accuracy()
        if acc is not None:
            parts.append(f"accuracy {100 * acc:.1f}%")
        if self.device:
            parts.append(f"on {self.device}")
        self.training_panel.status.setText("  ·  ".join(parts))

    def fit(self) -> None:
        """Show every point, the origin and the tips of w (the window's Fit, key F)."""
        self.canvas.fit()

    # Worker results ---------------------------------------------------------------------------

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel == self.CHANNEL_DATA and job_id == self._awaited_data:
            self._awaited_data = 0
            # taken first: the new data's run starts by pausing, which forgets what was asked
            asked, self._train_after_data = self._train_after_data, ""
            if isinstance(result, (LabelledData, DataRefused)):
                self._apply_data(result)
            self._train_as_asked(asked)
        elif not isinstance(result, TrainingResult) or result.tag != self._version:
            return  # computed from parameters that are no longer on screen
        elif channel == self.CHANNEL_TRAIN and job_id == self._awaited_train:
            self._awaited_train = 0
            self._apply_training(result)
        elif channel == self.CHANNEL_EVALUATE and job_id == self._awaited_evaluate:
            self._show_evaluation(result)

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if not channel.startswith("classifier."):
            return
        if channel == self.CHANNEL_TRAIN:
            self.set_playing(False)
        if channel == self.CHANNEL_DATA and job_id == self._awaited_data:
            self._awaited_data = 0
            asked, self._train_after_data = self._train_after_data, ""
            self._train_as_asked(asked)
        self.sigMessage.emit(f"Classifier: could not compute ({message})")

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the tab or closing the window stops training: nothing runs unseen.
        self.set_playing(False)
        super().hideEvent(event)

    # View state -------------------------------------------------------------------------------

    def settings(self) -> ClassifierSettings:
        """The tab's options as plain data."""
        csv = self._data is not None and self._data is self._csv_data
        return ClassifierSettings(
            self._spec,
            self._csv_path if csv else "",
            self._config,
            self._params,
            self.training_panel.steps_per_frame,
            self._show_gradient,
            self.canvas.show_regions,
        )

    def view_state(self) -> dict[str, Any]:
        """The tab's options as JSON-able data (see :meth:`apply_view_state`)."""
        return self.settings().to_state()

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        parse_settings(state, self.settings())

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Validate every key of ``state`` first (InputError on nonsense), then apply it all."""
        current = self.settings()
        new = parse_settings(state, current)
        self.set_playing(False)
        self._config = new.config
        panel = self.training_panel
        panel.show_config(new.config)
        panel.steps_box.setCurrentIndex(panel.steps_box.findData(new.steps_per_frame))
        panel.gradient_check.setChecked(new.show_gradient)
        panel.regions_check.setChecked(new.show_regions)
        # A reopened session starts a new run from its weights, shown at once (handles, fields,
        # step 0) rather than the old run's until its data lands: actions in between act on
        # what is on screen. They are evaluated once the data is there.
        self._start_params = new.params
        self._state = TrainState(new.params)
        self.curves.clear_curves()
        self.loss = None
        self._show_params(new.params)
        # Data still on its way may be another set than the one on screen (a session opened
        # twice in a row): ask again for the state's own, so the data and the weights match.
        pending = bool(self._awaited_data)
        if new.csv_path:
            if new.csv_path != current.csv_path or pending:
                self.request_csv(new.csv_path)
                return
        elif new.spec != current.spec or current.csv_path or self._data is None or pending:
            self.request_data(new.spec)
            return
        if self._data is not None:
            self._use_data(self._data)

    # Undo --------------------------------------------------------------------------------------

    def _undo_state(self) -> ClassifierUndoState:
        csv = self._data is not None and self._data is self._csv_data
        return ClassifierUndoState(
            self._spec, self._csv_path if csv else "", self._params, self._config.loss
        )

    def _record(self, label: str, before: ClassifierUndoState) -> None:
        self._undo_log.record(label, self.title, before, self._undo_state())

    def _on_spec_chosen(self, spec: LabelledSpec) -> None:
        before = self._undo_state()
        self.request_data(spec)
        # The data on screen is still the old until the new arrives: the step says what comes.
        label = "set points" if before.csv_path else spec_label(before.spec, spec)
        self._undo_log.record(
            label, self.title, before, ClassifierUndoState(spec, "", self._params, before.loss)
        )

    def _on_csv_chosen(self, path: str) -> None:
        before = self._undo_state()
        self.request_csv(path)
        self._csv_before = before

    def put_undo_state(self, state: ClassifierUndoState) -> None:
        """Show an undo step's data and w, b again (the data may come from the worker later)."""
        if not isinstance(state, ClassifierUndoState):
            raise InputError(f"not a state of the Classifier tab: {type(state).__name__}")
        self._csv_before = None
        self.set_playing(False)
        if (state.loss == "softmax") != (self._config.loss == "softmax"):
            # w, b of the other kind of loss: that loss comes back with them
            self._config = replace(self._config, loss=state.loss)
            self.training_panel.show_config(self._config)
        current = self._undo_state()
        # Data still on its way (the undo before this one asked for it) may be another set
        # than the one on screen: w, b of a set with other classes must wait for their own.
        pending = bool(self._awaited_data)
        if state.csv_path:
            if state.csv_path != current.csv_path or pending:
                self._spec, self._params = state.spec, state.params
                self.request_csv(state.csv_path)
                return
        elif state.spec != current.spec or current.csv_path or self._data is None or pending:
            self._params = state.params
            self.request_data(state.spec)
            return
        self._start_run(state.params)
