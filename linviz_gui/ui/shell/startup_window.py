"""The first thing on screen: a small window shown before pyqtgraph and torch are imported.

Importing pyqtgraph takes one to two seconds here and torch longer; this window appears within a
fraction of a second, says what is happening, and gives way to the main window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget


class StartupWindow(QWidget):
    def __init__(self, icon: QIcon) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("linviz-startup")
        self.setWindowTitle("linviz")
        layout = QVBoxLayout(self)
        picture = QLabel()
        picture.setPixmap(icon.pixmap(96, 96))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<b>linviz</b> — see what PyTorch does to space")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("Opening the canvases…")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)  # indeterminate: we cannot know how long imports take
        busy.setTextVisible(False)
        for widget in (picture, title, self.status, busy):
            layout.addWidget(widget)
        self.resize(380, 220)
