"""Where the Training tab's points come from: a generated set, a points file (.csv, .npy, .pt),
the notebook's own spiral (built in the worker), or points clicked onto the plane (edited here,
at once).

:class:`TrainingDataSource` keeps the choice and the data shown, shows them in the data panel and
says what changed: ``sigData(data, edited)``, ``edited`` being True for a click, after which the
run goes on with the new points rather than starting again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from linviz_gui.compute.classifier_jobs import DataRefused, build_labelled, load_csv
from linviz_gui.compute.training_data_jobs import notebook_data
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.clicked_points import ClickedPoints, check_click_class
from linviz_gui.model.data.labelled import LabelledData, LabelledSpec
from linviz_gui.model.files.points_file import is_from_file, source_text
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.points import clicked_data
from linviz_gui.model.training.recipe import NOTEBOOK_K, NOTEBOOK_N
from linviz_gui.ui.views.training.data_panel import (
    CLICKED_ITEM,
    CSV_ITEM,
    NOTEBOOK_ITEM,
    TrainingDataPanel,
)
from linviz_gui.ui.views.training.settings import DataChoice

CHANNEL_DATA = "training.data"


class TrainingDataSource(QObject):
    """The choice of data and the points shown; ``sigMessage`` for the status bar."""

    sigData = Signal(object, bool)  # LabelledData, edited by a click
    sigTooFew = Signal(object, str)  # ClickedPoints, why they cannot be trained on
    sigMessage = Signal(str)

    def __init__(
        self, worker: ComputeWorker, panel: TrainingDataPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self.panel = panel
        self.choice = DataChoice("notebook")
        self.data: LabelledData | None = None
        self.clicked: ClickedPoints | None = None  # the clicks, while they are the choice
        self.click_class = 0
        self.notebook_seed = 12345
        self._awaited = 0
        self._csv_path = ""
        panel.sigSpecChosen.connect(self.request_spec)
        panel.sigCsvChosen.connect(self.load_csv)
        panel.sigKindReselected.connect(self._on_kind_reselected)
        panel.sigClickClass.connect(self.set_click_class)
        panel.sigClearClicked.connect(self.clear_clicked)

    @property
    def loading(self) -> bool:
        """True while data asked of the worker has not arrived."""
        return self._awaited != 0

    # Choosing --------------------------------------------------------------------------------

    def request_spec(self, spec: LabelledSpec) -> None:
        """Build the generated set ``spec`` in the worker."""
        self.choice = DataChoice("generated", spec)
        self.panel.show_spec(spec)
        self._awaited = self._worker.submit(Job(CHANNEL_DATA, build_labelled, (spec,)))

    def load_csv(self, path: str) -> None:
        """Load ``path`` in the worker; the data shown stays until it has loaded whole."""
        self._csv_path = path
        self._awaited = self._worker.submit(Job(CHANNEL_DATA, load_csv, (path,)))

    def request_notebook(self, seed: int) -> None:
        """The notebook's spiral drawn after ``torch.manual_seed(seed)``, built in the worker."""
        self.show_notebook(seed)
        self._awaited = self._worker.submit(Job(CHANNEL_DATA, notebook_data, (seed,)))

    def show_notebook(self, seed: int) -> None:
        """The notebook's spiral is the choice (a preset brings it with its run)."""
        self._awaited = 0  # a set still being built for an earlier choice is not used
        self.notebook_seed = seed
        self.choice = DataChoice("notebook", self.choice.spec)
        self.panel.show_notebook(NOTEBOOK_K * NOTEBOOK_N, seed, NOTEBOOK_K)

    def adopt(self, data: LabelledData) -> None:
        """Show ``data`` that came with a run (a preset's spiral), without emitting."""
        self.data = data

    def show_choice(self) -> None:
        choice = self.choice
        if choice.kind == "generated":
            self.panel.show_spec(choice.spec)
        elif choice.kind == "csv":
            self.panel.show_other(CSV_ITEM, source_text(self.data) if self.data else "")
        elif choice.kind == "clicked":
            self.panel.show_other(CLICKED_ITEM)
        else:
            self.panel.show_notebook(NOTEBOOK_K * NOTEBOOK_N, self.notebook_seed, NOTEBOOK_K)

    def _on_kind_reselected(self, kind: str) -> None:
        if kind == CSV_ITEM and self.choice.kind != "csv":
            self.panel.choose_csv()
            self.show_choice()
        elif kind == CLICKED_ITEM and self.choice.kind != "clicked":
            self.use_clicked(self._clicks())  # draw on the points shown
        elif kind == NOTEBOOK_ITEM and self.choice.kind != "notebook":
            self.request_notebook(self.notebook_seed)

    def on_result(self, job_id: int, result: object) -> None:
        if job_id != self._awaited or not isinstance(result, (LabelledData, DataRefused)):
            return
        self._awaited = 0
        if isinstance(result, DataRefused):
            self.panel.show_error(result.message)
            self.sigMessage.emit(f"Nothing loaded: {result.message}")
            self.show_choice()
            return
        self.panel.show_error("")
        if is_from_file(result):
            self.choice = DataChoice("csv", self.choice.spec, self._csv_path)
            self.panel.show_other(CSV_ITEM, source_text(result))
            self.sigMessage.emit(
                f"Loaded {result.name}: {result.size:,} points, {result.class_count} classes"
            )
        self.data = result
        self.sigData.emit(result, False)

    # Clicked points --------------------------------------------------------------------------

    def set_click_class(self, k: int) -> None:
        """The class (0-based) of the points clicked from now on."""
        try:
            self.click_class = check_click_class(k)
        except InputError as error:
            self.sigMessage.emit(f"{error}; clicks still add class {self.click_class + 1}")
            return
        self.panel.show_click_class(self.click_class)

    def _clicks(self) -> ClickedPoints:
        """The clicks an edit starts from: the clicked points, or the points shown."""
        if self.choice.kind == "clicked" and self.clicked is not None:
            return self.clicked
        return ClickedPoints.of(self.data) if self.data is not None else ClickedPoints.empty()

    def add_point(self, x: float, y: float) -> None:
        """Add a point of the chosen class at (x, y) to the points shown."""
        try:
            clicks = self._clicks().with_point(x, y, self.click_class)
        except InputError as error:
            self.sigMessage.emit(f"Point not added: {error}")
            return
        self.use_clicked(clicks)

    def remove_point(self, x: float, y: float) -> None:
        """Remove the point nearest to (x, y)."""
        clicks, index = self._clicks().without_nearest(x, y)
        if index < 0:
            self.sigMessage.emit("No point to remove")
            return
        self.use_clicked(clicks)

    def clear_clicked(self) -> None:
        """No points at all: click some onto the plane."""
        self.use_clicked(ClickedPoints.empty(self._clicks().classes))

    def use_clicked(self, clicks: ClickedPoints) -> None:
        """These clicked points from now on (trained on once there are two)."""
        self._awaited = 0
        self.clicked = clicks
        self.choice = DataChoice("clicked", self.choice.spec, clicked=clicks)
        self.panel.show_other(CLICKED_ITEM)
        try:
            data = clicked_data(clicks.points, clicks.labels, clicks.classes)
        except InputError as error:
            self.data = None
            self.sigTooFew.emit(clicks, str(error))
            return
        self.data = data
        self.sigData.emit(data, True)
