"""Keep the main window within the screen: size the tabs by the current one, and pull the
window back when a wide tab or the tour panel has pushed it past the screen's edge.

A stack of tab pages is as wide as its widest page, hidden ones included: the Network tab's
gallery made the Explorer tab 1100 px wide at least, so the side panel could not grow (its fields
were cut) and opening the tour pushed the window past the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget
from shiboken6 import isValid

from linviz_gui.ui.shell.view_tabs import ViewTabs


def size_by_current_tab(tabs: ViewTabs) -> None:
    """Let the pages that are not shown ask for no room; the current one asks as usual."""
    current = tabs.currentWidget()
    for page in tabs.pages():
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
        page.updateGeometry()


def keep_on_screen(window: QWidget, before: QSize) -> None:
    """If ``window`` has grown from ``before`` past its screen's edge, shrink it (down to its
    minimum) and move it so that it lies within the screen.

    Only growth is undone: a window the user (or a test) made larger than the screen stays.
    """
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    if window.width() <= before.width() and window.height() <= before.height():
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(minimum.width(), min(window.width(), available.width() - extra_w))
    height = max(minimum.height(), min(window.height(), available.height() - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    left = max(available.left(), min(frame.left(), available.right() + 1 - frame.width()))
    top = max(available.top(), min(frame.top(), available.bottom() + 1 - frame.height()))
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)


def keep_on_screen_soon(window: QWidget) -> None:
    """:func:`keep_on_screen` once the layouts have settled (after this event), against the
    size the window has now."""
    if isValid(window):  # the tour's dock reports hiding while the window is destroyed
        before = window.size()
        QTimer.singleShot(0, window, lambda: keep_on_screen(window, before))
