"""The window's body: one tab bar across the whole window, and under it the side panel beside the
open tab's page.

The bar sits above the splitter rather than beside the side panel, so it stays where it is when a
tab hides the panel or shows fewer of its sections: the tab the user just clicked stays under the
mouse. (In a ``QTabWidget`` right of the panel, the bar slid sideways with the panel's width.)

It answers the part of ``QTabWidget``'s interface the window's helpers use (``addTab``,
``count``, ``widget``, ``tabText``, ``currentIndex``, ``currentWidget``, ``setCurrentIndex``,
``setCurrentWidget``, ``indexOf``, ``tabBar``, ``currentChanged``), so they need not know.

A tab may also be added *lazily* (:meth:`ViewTabs.addLazyTab`): its page is built the first time
anyone asks for it (opening the tab, ``widget(i)``), so start-up pays only for the first tab.
Until then the stack holds an empty stand-in; nobody outside sees it, since every way to a page
goes through :meth:`widget`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
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
    #: A lazy tab's page was just built (its index, the page): the window finishes wiring it.
    pageBuilt = Signal(int, QWidget)

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
        #: Stand-in page -> what builds the real one, for lazy tabs not built yet.
        self._builders: dict[QWidget, Callable[[], QWidget]] = {}
        self._bar.currentChanged.connect(self._on_bar_change)

    # The part of QTabWidget's interface the window's helpers use --------------------------

    def addTab(self, page: QWidget, text: str) -> int:
        self._pages.addWidget(page)
        return self._bar.addTab(text)

    def addLazyTab(self, build: Callable[[], QWidget], text: str) -> int:
        """A tab titled ``text`` whose page ``build()`` makes when the page is first needed."""
        stand_in = QWidget()
        self._builders[stand_in] = build
        return self.addTab(stand_in, text)

    def is_built(self, index: int) -> bool:
        """Whether tab ``index``'s page exists yet (asking :meth:`widget` would build it)."""
        return self._pages.widget(index) not in self._builders

    def count(self) -> int:
        return self._bar.count()

    def widget(self, index: int) -> QWidget | None:
        """Tab ``index``'s page, built now if it is a lazy tab not built yet."""
        page = self._pages.widget(index)
        build = self._builders.pop(page, None) if page is not None else None
        if page is None or build is None:
            return page
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            built = build()
        except BaseException:
            self._builders[page] = build  # still the stand-in: a later ask tries again
            raise
        finally:
            QGuiApplication.restoreOverrideCursor()
        shown = self._pages.currentIndex() == index
        self._pages.insertWidget(index, built)
        self._pages.removeWidget(page)
        page.deleteLater()
        if shown:
            self._pages.setCurrentIndex(index)
        self.pageBuilt.emit(index, built)
        return built

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
        """Every tab's page as it stands, in tab order: a lazy tab not built yet gives its empty
        stand-in (this builds nothing)."""
        pages = (self._pages.widget(i) for i in range(self._pages.count()))
        return [page for page in pages if page is not None]

    # ------------------------------------------------------------------------------------

    def _on_bar_change(self, index: int) -> None:
        self.widget(index)  # a lazy tab is built as it opens
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
