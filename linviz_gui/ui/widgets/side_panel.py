"""The left-hand column: matrix editor, dataset, device, display options and the PyTorch code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget


class SidePanel(QScrollArea):
    """Titled sections one above the other, scrolling up and down, never cut at the side."""

    def __init__(self, sections: list[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.sections: dict[str, QGroupBox] = {}
        for title, widget in sections:
            group = QGroupBox(title)
            inner = QVBoxLayout(group)
            inner.addWidget(widget)
            layout.addWidget(group)
            self.sections[title] = group
        layout.addStretch(1)
        self._body = body  # before setWidget: the scroll area filters its events from then on
        self.setWidget(body)
        # Never narrower than its contents: a cut-off field is worse than a narrower canvas.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._opening_width = body.sizeHint().width()  # roomy at first; grows only when it must
        self._follow_contents()
        # Contents change width later (a preset's parameter field appears, a message): follow.
        body.installEventFilter(self)

    def show_only(self, titles: set[str] | None) -> None:
        """Show the sections named in ``titles`` (all of them for ``None``)."""
        for title, group in self.sections.items():
            group.setVisible(titles is None or title in titles)

    def _follow_contents(self) -> None:
        body = self._body
        scrollbar = self.verticalScrollBar().sizeHint().width()
        wanted = max(self._opening_width, body.minimumSizeHint().width()) + scrollbar + 2
        if wanted != self.minimumWidth():
            self.setMinimumWidth(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._body and event.type() == QEvent.Type.LayoutRequest:
            self._follow_contents()
        return super().eventFilter(watched, event)
