"""The PyTorch code equivalent to what is on screen, with a Copy button."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


class CodeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumHeight(150)
        self.copy_button = QPushButton("Copy code")
        self.copy_button.setToolTip("Copy this PyTorch code to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.text)
        layout.addWidget(self.copy_button)

    def set_code(self, code: str) -> None:
        if code != self.text.toPlainText():
            self.text.setPlainText(code)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
