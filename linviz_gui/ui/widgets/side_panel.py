"""The left-hand column: matrix editor, dataset, device, display options and the PyTorch code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget


class SidePanel(QScrollArea):
    def __init__(self, sections: list[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        for title, widget in sections:
            group = QGroupBox(title)
            inner = QVBoxLayout(group)
            inner.addWidget(widget)
            layout.addWidget(group)
        layout.addStretch(1)
        self.setWidget(body)
        # Never narrower than its contents: a cut-off field is worse than a narrower canvas.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(body.sizeHint().width() + scrollbar + 2)
