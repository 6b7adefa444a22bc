"""The window's body: one tab bar across the whole window, and under it the side panel beside the
open tab's page.

The bar sits above the splitter rather than beside the side panel, so it stays where it is when a
tab hides the panel or shows fewer of its sections: the tab the user just clicked stays under the
mouse. (In a ``QTabWidget`` right of the panel, the bar slid sideways with the panel's width.)

It answers the part of ``QTabWidget``'s interface the window's helpers use (``addTab``,
``count``, ``widget``, ``tabText``, ``currentIndex``, ``currentWidget``, ``setCurrentIndex``,
``setCurrentWidget``, ``indexOf``, ``tabBar``, ``currentChanged``), so they need not know.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabBar, QVBoxLayout, QWidget

#: Ctrl+Tab and friends, as a ``QTabWidget`` has them: key -> step through the tabs.
_STEP_KEYS = {
    Qt.Key.Key_Tab: 1,
    Qt.Key.Key_PageDown: 1,
    Qt.Key.Key_Backtab: -1,
    Qt.Key.Key_PageUp: -1,
}


class ViewTabs(QWidget):
    """A tab bar over a splitter of ``side`` (left) and the pages, one shown at a time.

    Parameters
    ----------
    side
        The panel left of the pages; the window shows or hides it per tab.
    """

    #: The index of the tab now open (as ``QTabWidget.currentChanged``).
    currentChanged = Signal(int)

    def __init__(self, side: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QTabBar()
        self._bar.setExpanding(False)  # tabs as wide as their text, from the left, as before
        self._bar.setDocumentMode(True)
        self._pages = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(self._pages)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._bar)
        layout.addWidget(self.splitter, 1)
        self._bar.currentChanged.connect(self._on_bar_change)

    # The part of QTabWidget's interface the window's helpers use --------------------------

    def addTab(self, page: QWidget, text: str) -> int:
        self._pages.addWidget(page)
        return self._bar.addTab(text)

    def count(self) -> int:
        return self._bar.count()

    def widget(self, index: int) -> QWidget | None:
        return self._pages.widget(index)

    def tabText(self, index: int) -> str:
        return self._bar.tabText(index)

    def tabBar(self) -> QTabBar:
        return self._bar

    def currentIndex(self) -> int:
        return self._bar.currentIndex()

    def currentWidget(self) -> QWidget | None:
        return self._pages.currentWidget()

    def indexOf(self, page: QWidget | None) -> int:
        return self._pages.indexOf(page) if page is not None else -1

    def setCurrentIndex(self, index: int) -> None:
        self._bar.setCurrentIndex(index)

    def setCurrentWidget(self, page: QWidget | None) -> None:
        index = self.indexOf(page)
        if index >= 0:
            self._bar.setCurrentIndex(index)

    def pages(self) -> list[QWidget]:
        """Every tab's page, in tab order."""
        pages = (self._pages.widget(i) for i in range(self._pages.count()))
        return [page for page in pages if page is not None]

    # ------------------------------------------------------------------------------------

    def _on_bar_change(self, index: int) -> None:
        self._pages.setCurrentIndex(index)  # first: listeners ask for the page now shown
        self.currentChanged.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Tab / Ctrl+PageDown open the next tab, Ctrl+Shift+Tab / Ctrl+PageUp the one
        before (a key no widget in the body took reaches here)."""
        step = _STEP_KEYS.get(Qt.Key(event.key()))
        if step is None or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().keyPressEvent(event)
            return
        count = self.count()
        if count:
            self.setCurrentIndex((self.currentIndex() + step) % count)
        event.accept()
