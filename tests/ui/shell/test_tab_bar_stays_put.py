"""The tab bar stays where it is on every tab: the tab just clicked stays under the mouse, even
when the new tab hides the side panel (Classifier, Autograd, Training) or shows fewer of its
sections (Network)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.shell.test_window_fits import DEFAULT_SIZE, settle


def tab_lefts(window) -> list[int]:  # type: ignore[no-untyped-def]
    """Where each tab's left edge lies in the window, in window pixels."""
    bar = window.tabs.tabBar()
    return [bar.mapTo(window, bar.tabRect(i).topLeft()).x() for i in range(bar.count())]


def test_every_tab_is_at_the_same_place_whichever_tab_is_open(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*DEFAULT_SIZE)
    settle()
    seen = {}
    for index in range(window.tabs.count()):
        window.tabs.tabBar().setCurrentIndex(index)  # as a click does
        settle()
        assert window.tabs.currentWidget() is window.views[index]
        seen[window.tabs.tabText(index)] = tab_lefts(window)
    first = seen["Explorer"]
    assert all(lefts == first for lefts in seen.values()), seen
    # And the tabs lie inside the window, the first at its left edge's side.
    assert 0 <= first[0] < 40 and first[-1] < window.width()


def test_the_side_panel_still_steps_aside_under_the_tab_bar(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*DEFAULT_SIZE)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Classifier"))
    settle()
    classifier = window.tabs.currentWidget()
    assert not window.side_panel.isVisible()
    # The page then takes the room the panel left: it starts at the window's left side.
    assert classifier.mapTo(window, QPoint(0, 0)).x() < 20
    window.tabs.setCurrentIndex(titles.index("Explorer"))
    settle()
    assert window.side_panel.isVisible()
    assert window.explorer.mapTo(window, QPoint(0, 0)).x() >= window.side_panel.width()


def test_ctrl_tab_and_ctrl_page_keys_still_walk_the_tabs(window) -> None:  # type: ignore[no-untyped-def]
    ctrl = Qt.KeyboardModifier.ControlModifier
    field = window.dataset_panel  # a key pressed anywhere in the window's body
    for key, modifiers, expected in (
        (Qt.Key.Key_Tab, ctrl, 1),
        (Qt.Key.Key_PageDown, ctrl, 2),
        (Qt.Key.Key_PageUp, ctrl, 1),
        (Qt.Key.Key_Backtab, ctrl | Qt.KeyboardModifier.ShiftModifier, 0),
        (Qt.Key.Key_Backtab, ctrl | Qt.KeyboardModifier.ShiftModifier, window.tabs.count() - 1),
    ):
        event = QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers)
        QApplication.sendEvent(field, event)
        assert window.tabs.currentIndex() == expected, (key, modifiers)
