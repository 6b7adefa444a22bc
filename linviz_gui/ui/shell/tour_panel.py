"""The Tour panel: the course notebook as a live lesson, one step at a time, beside the app.

Each step explains one idea (words, formula, the PyTorch code) and can set the app up to show
it; moving between steps changes nothing, so what is on screen stays the user's.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.model.files.tour import Tour, TourStep, builtin_tour_path, load_tour
from linviz_gui.model.files.tour_formula import formula_html
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.shell.tour_offer import TourOffer
from linviz_gui.ui.shell.tour_setup import StepSetter, find_view
from linviz_gui.ui.widgets.code_view import CodeView
from linviz_gui.ui.widgets.colors import BASIS_SCHEMES, COLORMAPS

if TYPE_CHECKING:
    from linviz_gui.ui.shell.window_parts import WindowParts

#: The course step the user last looked at, to carry on from there next time.
STEP_KEY = "tour/course_step"
_NOTE_STYLE = "color: #8a5a00; background: #fff4d6; padding: 4px; border-radius: 3px;"
_ERROR_STYLE = "color: #b00020;"


def read_tour(path: str | Path) -> Tour:
    """Load a tour, checking its display names against the ones this app offers."""
    return load_tour(path, {"colormap": list(COLORMAPS), "basis": list(BASIS_SCHEMES)})


def step_html(step: TourStep) -> str:
    """The step's words, formula and question as HTML (all of the file's text escaped)."""
    parts = [f"<h3>{html.escape(step.title)}</h3>"]
    parts += [f"<p>{html.escape(p)}</p>" for p in step.text.split("\n\n") if p.strip()]
    if step.formula.strip():
        parts.append(
            '<table width="100%" cellpadding="8" style="background-color: #eef1f7;"><tr><td>'
            '<span style="font-family: serif; font-size: 13pt;">'
            f"{formula_html(step.formula)}</span></td></tr></table>"
        )
    if step.try_this.strip():
        parts.append(f"<p><b>Try this:</b> {html.escape(step.try_this)}</p>")
    return "\n".join(parts)


class TourPanel(QDockWidget):
    """A dock with the steps of a tour: back/next, a list to jump, set-up and copy buttons."""

    def __init__(self, window: WindowParts) -> None:
        super().__init__("Tour", window.window())
        self.setObjectName("tour-dock")
        self._window = window
        self._setter = StepSetter(window)
        self.tour: Tour | None = None
        self.index = 0
        self.action: QAction | None = None  # Help → Tour, set by install_tour
        self.offer: TourOffer | None = None  # the first-launch offer, when there is one
        self._builtin = False  # whether the course is shown (its step is remembered)

        self.tour_title = QLabel()
        self.tour_title.setWordWrap(True)
        self.tour_title.setStyleSheet("font-weight: bold;")
        self.open_button = QPushButton("Open tour file…")
        self.open_button.setToolTip("Load a tour written as a JSON file (a teacher's own course)")
        self.open_button.clicked.connect(self.choose_tour_file)
        self.course_button = QPushButton("Course")
        self.course_button.setToolTip("Back to the tour of the course that ships with linviz")
        self.course_button.clicked.connect(self.load_builtin)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.hide()

        self.step_box = QComboBox()
        self.step_box.setToolTip("Jump to any step")
        self.step_box.currentIndexChanged.connect(self._on_step_chosen)
        self.position = QLabel()
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setMinimumHeight(220)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(_NOTE_STYLE)
        self.note.hide()
        self.code_view = CodeView()
        self.code_view.copy_button.setToolTip("Copy this step's PyTorch code to the clipboard")

        self.back_button = QPushButton("◀ Back")
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.back)
        self.setup_button = QPushButton("Set up this step")
        self.setup_button.setToolTip(
            "Put the app into this step's state (W, points, tab). Ctrl+Z undoes W's change."
        )
        self.setup_button.clicked.connect(self.set_up_current)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.clicked.connect(self.next)

        files = QHBoxLayout()
        files.addWidget(self.open_button)
        files.addWidget(self.course_button)
        files.addStretch(1)
        navigation = QHBoxLayout()
        navigation.addWidget(self.back_button)
        navigation.addWidget(self.setup_button, 1)
        navigation.addWidget(self.next_button)
        jump = QHBoxLayout()
        jump.addWidget(self.step_box, 1)
        jump.addWidget(self.position)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.tour_title)
        layout.addLayout(files)
        layout.addWidget(self.message)
        layout.addLayout(jump)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.note)
        layout.addLayout(navigation)
        layout.addWidget(QLabel("PyTorch code for this step"))
        layout.addWidget(self.code_view, 2)
        self.setWidget(content)
        self.setMinimumWidth(340)

    # Tours -------------------------------------------------------------------------------------

    def load_builtin(self) -> bool:
        """Show the course tour that ships with linviz."""
        return self.open_tour_file(builtin_tour_path(), builtin=True)

    def open_tour_file(self, path: str | Path, *, builtin: bool = False) -> bool:
        """Load a tour file; a broken one leaves the current tour and says what is wrong."""
        try:
            tour = read_tour(path)
        except InputError as error:
            self.show_message(f"Tour not loaded: {error}")
            return False
        self._builtin = builtin
        self.set_tour(tour)
        return True

    def choose_tour_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a tour file",
            str(builtin_tour_path().parent),  # the course is there to copy from
            "linviz tours (*.json);;All files (*)",
        )
        if path:
            self.open_tour_file(path)

    def set_tour(self, tour: Tour) -> None:
        self.tour = tour
        self.show_message("")
        self.tour_title.setText(tour.title)
        self.tour_title.setToolTip(tour.description)
        self.step_box.blockSignals(True)
        self.step_box.clear()
        for number, step in enumerate(tour.steps, start=1):
            self.step_box.addItem(f"{number}. {step.title}")
        self.step_box.blockSignals(False)
        self.show_step(0)

    def start(self) -> None:
        """Open the panel (the course, where the user left it, the first time) in front."""
        if self.tour is None:
            remembered = _int_setting(self._window.settings.value(STEP_KEY))
            if self.load_builtin():
                self.show_step(remembered)
        if self.offer is not None:
            self.offer.dismiss()  # opening the tour answers the offer
        self.show()
        self.raise_()
        self.next_button.setFocus()

    # Steps ---------------------------------------------------------------------------------------

    @property
    def step(self) -> TourStep | None:
        return None if self.tour is None else self.tour.steps[self.index]

    def show_step(self, index: int) -> None:
        """Show step ``index`` (from 0) without changing anything else in the app."""
        if self.tour is None:
            return
        self.index = max(0, min(index, len(self.tour.steps) - 1))
        step = self.tour.steps[self.index]
        self.step_box.blockSignals(True)
        self.step_box.setCurrentIndex(self.index)
        self.step_box.blockSignals(False)
        self.position.setText(f"{self.index + 1} of {len(self.tour.steps)}")
        self.body.setHtml(step_html(step))
        self.code_view.set_code(step.code)
        self.code_view.setVisible(bool(step.code.strip()))
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.tour.steps) - 1)
        self.setup_button.setEnabled(step.state is not None)
        self.show_note(self._missing_view_note(step))
        if self._builtin:
            self._window.settings.setValue(STEP_KEY, self.index)

    def next(self) -> None:
        self.show_step(self.index + 1)

    def back(self) -> None:
        self.show_step(self.index - 1)

    def set_up_current(self) -> None:
        """Put the app into this step's state; from then on it is the user's to change."""
        step = self.step
        if step is None or step.state is None:
            return
        notes = self._setter.set_up(step.state)
        self.show_note(" ".join(notes))
        self._window.show_message(
            f"Step {self.index + 1} is set up. Everything on screen is yours to change."
        )

    def _on_step_chosen(self, index: int) -> None:
        if index >= 0:
            self.show_step(index)

    def _missing_view_note(self, step: TourStep) -> str:
        if step.state is None or find_view(self._window, step.state.view) is not None:
            return ""
        return (
            f"The “{step.state.view}” view is not part of this build of linviz; "
            "“Set up this step” shows its W and points in the Explorer."
        )

    # Messages -------------------------------------------------------------------------------------

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def install_tour(window: WindowParts) -> TourPanel:
    """Add the Tour panel, its Help → Tour entry (F1) and, on a first launch, a quiet offer."""
    panel = TourPanel(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    panel.hide()
    action = QAction("&Tour of the course", window.window())
    action.setShortcut(QKeySequence("F1"))
    action.setStatusTip("Walk through the course notebook step by step, live (F1)")
    action.triggered.connect(panel.start)
    menu = _help_menu(window)
    existing = menu.actions()
    if existing:
        menu.insertAction(existing[0], action)
    else:
        menu.addAction(action)
    panel.action = action
    if TourOffer.wanted(window.settings):
        offer = TourOffer(window.settings)
        window.statusBar().insertPermanentWidget(0, offer)
        offer.sigStart.connect(panel.start)
        panel.offer = offer
    return panel


def _int_setting(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _help_menu(window: WindowParts) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "Help":
            return menu
    return window.menuBar().addMenu("&Help")
