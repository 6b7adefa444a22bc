"""The Autograd tab: type x and a few lines of torch, see the graph PyTorch records.

Path of a click: the buttons validate x and the lines into an :class:`AutogradRequest` (errors
shown inline, nothing computed) -> a numbered :class:`Job` on the ``autograd.`` channel -> the
worker runs it with real torch and returns plain data -> ``_on_result`` shows it if it is newer
than the graph on screen. Step backward reveals the recorded backward steps one node at a time.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.compute.autograd_jobs import autograd_run
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.autograd.graph import (
    DEFAULT_PROGRAM,
    DEFAULT_X,
    AutogradRequest,
    AutogradResult,
    make_request,
)
from linviz_gui.model.autograd.tensor_text import TensorValue, parse_tensor
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.scene import Scene
from linviz_gui.ui.views.autograd.graph_canvas import GraphCanvas
from linviz_gui.ui.widgets.validated_field import ValidatedField

_STATE_KEYS = ("x", "program", "no_grad", "retain_graph")


class AutogradView(QWidget):
    """Editors on the left, the graph on the right; ``sigMessage`` reports to the status bar."""

    title = "Autograd"
    #: This view has its own inputs: the main window hides the W / dataset panel.
    uses_scene_panel = False
    sigMessage = Signal(str)
    sigShown = Signal()  # a result reached the canvas

    CHANNEL = "autograd.run"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._applied_id = 0
        self._last_action = "forward"
        self._step_on_result = False
        self.result: AutogradResult | None = None
        self.step: int | None = None  # None: every backward step shown; -1: none yet
        self.marked_line = 0  # the editor line tinted as wrong, 0 for none
        #: x and the lines of the last run that was not refused (what a session keeps).
        self._good_text = (DEFAULT_X, DEFAULT_PROGRAM)

        self.x_field = ValidatedField(parse_tensor, _tensor_text)
        self.x_field.set_value(parse_tensor(DEFAULT_X))
        self.x_field.setToolTip("x, a float tensor with requires_grad=True: [[1, 2], [3, 4]]")
        self.program_edit = QPlainTextEdit(DEFAULT_PROGRAM)
        self.program_edit.setFont(QFont("monospace", 10))
        self.program_edit.setToolTip(
            "One assignment per line: names, numbers, + - * / ** @, parentheses, and mean sum "
            "exp log tanh relu sigmoid abs sqrt sin cos square t max min pow matmul. "
            "Ctrl+Enter runs forward."
        )
        self.error_label = _wrapping_label("#d62728")
        self.message_label = _wrapping_label("#b8002e")
        self.facts_edit = QPlainTextEdit()
        self.facts_edit.setReadOnly(True)
        self.facts_edit.setFont(QFont("monospace", 9))
        self.step_label = QLabel("")
        self.step_label.setWordWrap(True)

        self.forward_button = QPushButton("Forward")
        self.backward_button = QPushButton("Backward")
        self.step_prev_button = QPushButton("◀ Step")
        self.step_next_button = QPushButton("Step ▶")
        self.again_button = QPushButton("Backward again")
        self.no_grad_check = QCheckBox("inside torch.no_grad()")
        self.retain_check = QCheckBox("retain_graph=True")
        self.forward_button.setToolTip("Run the lines (Ctrl+Enter)")
        self.backward_button.setToolTip("Run the lines, then result.backward()")
        self.step_prev_button.setToolTip("Step backward: show one node less")
        self.step_next_button.setToolTip("Step backward: the next node the gradient reaches")
        self.again_button.setToolTip(
            "Call backward() a second time: without retain_graph PyTorch refuses"
        )
        self.retain_check.setToolTip("The first backward keeps the graph, so a second one works")

        self.canvas = GraphCanvas()
        # After a refused run the graph and notes on show are the last good lines': say so, and
        # fade the graph, rather than leave them looking like the answer to the new text.
        self.stale = False
        self.stale_label = _wrapping_label("#8a5a00")
        self.stale_label.setText(
            "Not run: the graph and the notes are still those of the last lines that ran."
        )
        self.stale_label.hide()
        self._build_layout()
        self._connect()
        worker.sigResult.connect(self._on_result)
        worker.sigFailed.connect(self._on_failed)
        self.run("forward")

    def _build_layout(self) -> None:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(QLabel("x  (requires_grad=True)"))
        layout.addWidget(self.x_field)
        layout.addWidget(QLabel("Lines  (Ctrl+Enter runs forward)"))
        layout.addWidget(self.program_edit, 2)
        layout.addWidget(self.error_label)
        buttons = QGridLayout()
        buttons.addWidget(self.forward_button, 0, 0)
        buttons.addWidget(self.backward_button, 0, 1)
        buttons.addWidget(self.step_prev_button, 1, 0)
        buttons.addWidget(self.step_next_button, 1, 1)
        buttons.addWidget(self.again_button, 2, 0, 1, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.step_label)
        layout.addWidget(self.no_grad_check)
        layout.addWidget(self.retain_check)
        layout.addWidget(self.message_label)
        layout.addWidget(self.facts_edit, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("autograd-splitter")
        graph = QWidget()
        graph_layout = QVBoxLayout(graph)
        graph_layout.setContentsMargins(0, 0, 0, 0)
        graph_layout.addWidget(self.stale_label)
        graph_layout.addWidget(self.canvas, 1)
        splitter.addWidget(panel)
        splitter.addWidget(graph)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 800])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

    def _connect(self) -> None:
        self.forward_button.clicked.connect(self.run_forward)
        self.backward_button.clicked.connect(self.run_backward)
        self.again_button.clicked.connect(self.run_backward_again)
        self.step_next_button.clicked.connect(self.step_next)
        self.step_prev_button.clicked.connect(self.step_previous)
        self.no_grad_check.toggled.connect(self._on_option_change)
        self.retain_check.toggled.connect(self._on_option_change)
        self.x_field.sigCommitted.connect(self._on_x_change)
        self.x_field.sigError.connect(self._on_x_error)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.program_edit)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.run_forward)

    # Requests ------------------------------------------------------------------------------

    def run_forward(self) -> None:
        self.run("forward")

    def run_backward(self) -> None:
        self.run("backward")

    def run_backward_again(self) -> None:
        self.run("backward_twice")

    def run(self, action: str, step_mode: bool = False) -> bool:
        """Validate the editors and submit ``action``; False (and an inline error) if invalid."""
        request = self._request(action)
        if request is None:
            return False
        self._last_action = action
        self._step_on_result = step_mode
        self._worker.submit(Job(self.CHANNEL, autograd_run, (request,)))
        return True

    def _request(self, action: str) -> AutogradRequest | None:
        self.x_field.blockSignals(True)  # a commit here must not start a second run
        committed = self.x_field.commit()
        self.x_field.blockSignals(False)
        if not committed:
            self._show_error(f"x: {self.x_field.error}")
            return None
        try:
            request = make_request(
                self.x_field.text(),
                self.program_edit.toPlainText(),
                action,
                self.no_grad_check.isChecked(),
                self.retain_check.isChecked(),
            )
        except InputError as error:
            self._show_error(str(error))
            return None
        self._show_error("")
        self._good_text = (self.x_field.text(), self.program_edit.toPlainText())
        return request

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self._set_stale(bool(message))
        line = re.match(r"line (\d+)", message)
        self._mark_line(int(line.group(1)) if line else 0)
        if message:
            self.sigMessage.emit(message)

    def _set_stale(self, stale: bool) -> None:
        """Show (or clear) that what is drawn is not the answer to the text in the editors."""
        self.stale = stale and self.result is not None
        self.stale_label.setVisible(self.stale)
        # A veil drawn over the scene (an opacity effect on the view left ghost copies).
        veil = QBrush(QColor(255, 255, 255, 170)) if self.stale else QBrush()
        self.canvas.setForegroundBrush(veil)
        for widget in (self.message_label, self.facts_edit):
            widget.setEnabled(not self.stale)  # greyed like any out-of-date readout

    def _mark_line(self, line_no: int) -> None:
        """Tint line ``line_no`` (1-based) of the editor; 0 clears the tint."""
        selections = []
        block = self.program_edit.document().findBlockByNumber(line_no - 1)
        if line_no > 0 and block.isValid():
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#ffd7d7"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.program_edit.setExtraSelections(selections)
        self.marked_line = line_no if selections else 0

    # Step backward -------------------------------------------------------------------------

    def step_next(self) -> None:
        result = self.result
        if result is None or not result.backward_done or not result.steps:
            self.run("backward", step_mode=True)
            return
        last = len(result.steps) - 1
        self.step = -1 if self.step is None else min(self.step + 1, last)
        self._redraw()

    def step_previous(self) -> None:
        result = self.result
        if result is None or not result.steps:
            return
        last = len(result.steps) - 1
        self.step = max(-1, (last if self.step is None else self.step) - 1)
        self._redraw()

    # Options -------------------------------------------------------------------------------

    def _on_option_change(self, _checked: bool) -> None:
        self.run(self._last_action)

    def _on_x_change(self, _value: TensorValue) -> None:
        self.run(self._last_action)

    def _on_x_error(self, message: str) -> None:
        # Enter on a bad x says why at once (a red field alone does not); a fixed x clears it.
        if message:
            self._show_error(f"x: {message}")
        elif self.error_label.text().startswith("x: "):
            self._show_error("")

    # Results -------------------------------------------------------------------------------

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel != self.CHANNEL or job_id <= self._applied_id:
            return
        if not isinstance(result, AutogradResult):
            return
        self._applied_id = job_id
        self.result = result
        self._set_stale(False)
        step_mode = self._step_on_result and result.backward_done
        self.step = 0 if step_mode else None
        self._step_on_result = False
        self.message_label.setText(result.message)
        self.message_label.setVisible(bool(result.message))
        self.facts_edit.setPlainText("\n".join(result.facts))
        self._redraw()
        self.sigShown.emit()

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel == self.CHANNEL and job_id > self._applied_id:
            self._applied_id = job_id
            self._show_error(f"could not compute: {message}")

    def _redraw(self) -> None:
        result = self.result
        if result is None:
            return
        revealed: set[str] | None = None
        current = None
        steps = result.steps
        can_step = result.backward_done and bool(steps)
        if self.step is not None and can_step:
            revealed = {s.node for s in steps[: self.step + 1]}
            if self.step >= 0:
                step = steps[self.step]
                current = step.node
                self.step_label.setText(
                    f"step {self.step + 1} of {len(steps)}: {step.title} receives {step.grad}"
                )
            else:
                self.step_label.setText(f"step 0 of {len(steps)}: backward() is about to start")
        elif can_step:
            self.step_label.setText(f"all {len(steps)} backward steps shown")
        else:
            self.step_label.setText("")
        self.step_prev_button.setEnabled(can_step)
        self.canvas.show_graph(result.nodes, result.edges, revealed, current)

    # View state ----------------------------------------------------------------------------

    def view_state(self) -> dict[str, Any]:
        """x and the lines of the graph on show, never text being fixed: a session must
        reopen (and a refused one roll back) through :meth:`apply_view_state`."""
        x, program = self._good_text
        return {
            "x": x,
            "program": program,
            "no_grad": self.no_grad_check.isChecked(),
            "retain_graph": self.retain_check.isChecked(),
        }

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        self._merged(state)

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Set the editors from ``state`` and run forward; InputError leaves the view as it was."""
        merged = self._merged(state)
        for check, key in ((self.no_grad_check, "no_grad"), (self.retain_check, "retain_graph")):
            check.blockSignals(True)
            check.setChecked(merged[key])
            check.blockSignals(False)
        self.x_field.set_value(parse_tensor(merged["x"]))
        self.program_edit.setPlainText(merged["program"])
        self.run("forward")

    def _merged(self, state: dict[str, Any]) -> dict[str, Any]:
        """The current state with ``state`` over it, every value checked."""
        if not isinstance(state, dict):
            raise InputError(f"the autograd view state must be a mapping; got {type(state)}")
        unknown = sorted(set(state) - set(_STATE_KEYS))
        if unknown:
            raise InputError(f"unknown autograd view setting(s): {', '.join(map(str, unknown))}")
        current = self.view_state()
        merged = {**current, **state}
        for key in ("x", "program"):
            if not isinstance(merged[key], str):
                raise InputError(f"autograd {key} must be text; got {merged[key]!r}")
        for key in ("no_grad", "retain_graph"):
            if not isinstance(merged[key], bool):
                raise InputError(f"autograd {key} must be true or false; got {merged[key]!r}")
        make_request(merged["x"], merged["program"])  # raises before anything changes
        return merged


def _tensor_text(value: Any) -> str:
    return value.to_text() if isinstance(value, TensorValue) else ""


def _wrapping_label(color: str) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {color};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label
