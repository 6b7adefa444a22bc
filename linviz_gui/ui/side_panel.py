"""The left-hand column: matrix editor, dataset, device, display options and the PyTorch code."""

from __future__ import annotations

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
        self.setMinimumWidth(300)
