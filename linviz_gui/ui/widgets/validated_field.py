"""A line edit that parses what the user typed and says clearly what is wrong with it.

The parser raises :class:`InputError`; the field turns red, shows the message (in its tooltip
and through ``sigError``), and the last good value stays in force.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from linviz_gui.model.linear.matrix import InputError

_CTRL_SHIFT_Z = QKeyCombination(
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z
)
_ERROR_STYLE = "QLineEdit { border: 2px solid #d62728; background: #fff0f0; }"


class ValidatedField(QLineEdit):
    """Emits ``sigCommitted(value)`` on Enter or focus-out when the text parses."""

    sigCommitted = Signal(object)
    sigError = Signal(str)

    def __init__(
        self,
        parse: Callable[[str], Any],
        format_value: Callable[[Any], str] = str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._format = format_value
        self._value: Any = None
        self._help = ""
        self.error = ""
        self.editingFinished.connect(self.commit)

    def setToolTip(self, text: str) -> None:
        self._help = text
        super().setToolTip(text)

    def event(self, event: QEvent) -> bool:
        # With no typing of its own to undo, Ctrl+Z / Ctrl+Shift+Z belong to the window: they
        # undo W. (A line edit claims them anyway, so pressing them after Enter did nothing.)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.keyCombination() == _CTRL_SHIFT_Z
            )
            if (undo and not self.isUndoAvailable()) or (redo and not self.isRedoAvailable()):
                event.ignore()
                return False
        return super().event(event)

    def value(self) -> Any:
        """The last good value."""
        return self._value

    def set_value(self, value: Any) -> None:
        """Show ``value`` (from the model); clears any error; emits nothing."""
        self._value = value
        self.setText(self._format(value))
        self._show_error("")

    def commit(self) -> bool:
        if self._value is not None and self.text() == self._format(self._value):
            # Nothing was typed: the text shows the value, perhaps rounded for display. Reading
            # it back would round the value itself (leaving the field rounded W's entries).
            self._show_error("")
            return True
        try:
            value = self._parse(self.text())
        except InputError as error:
            self._show_error(str(error))
            return False
        self._show_error("")
        if value != self._value:
            self._value = value
            self.sigCommitted.emit(value)
        self.setText(self._format(value))
        return True

    def _show_error(self, message: str) -> None:
        if message == self.error:
            return
        self.error = message
        self.setStyleSheet(_ERROR_STYLE if message else "")
        super().setToolTip(message or self._help)
        self.sigError.emit(message)


class NumberField(ValidatedField):
    """A validated number with steppers: Up/Down add ``step``, PageUp/PageDown ten steps,
    Ctrl makes the step ten times finer."""

    def __init__(
        self,
        parse: Callable[[str], float],
        step: float = 0.1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parse, _format_number, parent)
        self.step = step
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def step_by(self, steps: float) -> None:
        if self._value is None:
            return
        self.setText(_format_number(round(float(self._value) + steps * self.step, 10)))
        self.commit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        fine = 0.1 if event.modifiers() & Qt.KeyboardModifier.ControlModifier else 1.0
        key = event.key()
        steps = {
            Qt.Key.Key_Up: 1.0,
            Qt.Key.Key_Down: -1.0,
            Qt.Key.Key_PageUp: 10.0,
            Qt.Key.Key_PageDown: -10.0,
        }.get(Qt.Key(key))
        if steps is None:
            super().keyPressEvent(event)
            return
        self.step_by(steps * fine)

    def wheelEvent(self, event: Any) -> None:
        if self.hasFocus():
            self.step_by(1.0 if event.angleDelta().y() > 0 else -1.0)
            event.accept()
        else:
            super().wheelEvent(event)


def _format_number(value: Any) -> str:
    if value is None:
        return ""
    text = f"{float(value):.6g}"
    return "0" if text == "-0" else text
