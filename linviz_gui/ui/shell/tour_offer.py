"""A quiet first-launch offer of the tour, in the status bar: never a dialog in the way."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

#: Set once the user has answered the offer (either way), so it is made only until then.
ANSWERED_KEY = "tour/offer_answered"


class TourOffer(QWidget):
    """The offer "Start the tour / No thanks"; the answer is remembered in ``settings``."""

    sigStart = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("New here? A guided tour walks through the course, live.")
        self.start_button = QPushButton("Start the tour")
        self.start_button.setToolTip("Open the Tour panel (also Help → Tour, F1)")
        self.start_button.clicked.connect(self._on_start)
        self.dismiss_button = QPushButton("No thanks")
        self.dismiss_button.setToolTip("Hide this offer; the tour stays in the Help menu (F1)")
        self.dismiss_button.clicked.connect(self.dismiss)
        for widget in (self.label, self.start_button, self.dismiss_button):
            layout.addWidget(widget)

    @staticmethod
    def wanted(settings: QSettings) -> bool:
        """Whether to make the offer: only until the user has answered it once."""
        return str(settings.value(ANSWERED_KEY, "false")).lower() not in ("true", "1")

    def dismiss(self) -> None:
        self._settings.setValue(ANSWERED_KEY, True)
        self.hide()

    def _on_start(self) -> None:
        self.dismiss()
        self.sigStart.emit()
