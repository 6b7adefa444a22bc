"""The explorer's state: W, the dataset and the device, and the window's one undo history.

Setters validate first (raising :class:`InputError` that names the bad value), then emit only on a
real change, so a widget updated from the scene never echoes back into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.events import Event
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.undo_log import LogSnapshot, UndoLog

#: The owner of W's steps in :attr:`Scene.undo_log`.
W_OWNER = "W"


@dataclass(frozen=True)
class Checkpoint:
    """W and its undo history at one moment (see :meth:`Scene.checkpoint`)."""

    matrix: Matrix2
    history: LogSnapshot


class Scene:
    """State of the core explorer. Events: ``matrix_changed(W)``, ``dataset_changed(spec)``,
    ``device_changed(name)``."""

    def __init__(
        self,
        matrix: Matrix2 | None = None,
        dataset: DatasetSpec | None = None,
        device: str = "cpu",
    ) -> None:
        self._matrix = matrix or Matrix2.identity()
        self._dataset = dataset or DatasetSpec()
        self._device = device
        #: Shared by every tab (views record their own steps in it); W's steps are "W"'s.
        self.undo_log = UndoLog()
        self.undo_log.register(W_OWNER, lambda matrix: self.set_matrix(matrix, record=False))
        self._drag_start: Matrix2 | None = None
        self.matrix_changed = Event()
        self.dataset_changed = Event()
        self.device_changed = Event()
        self.history_changed = self.undo_log.changed

    # W -------------------------------------------------------------------------------------

    @property
    def matrix(self) -> Matrix2:
        """The weight matrix W; points map as Y = X @ W.T."""
        return self._matrix

    def set_matrix(self, matrix: Matrix2, *, record: bool = True, label: str = "set W") -> None:
        """Set W; ``record`` makes the change one undo step called ``label`` (a drag in progress
        records later)."""
        if not isinstance(matrix, Matrix2):
            raise InputError(f"W must be a Matrix2; got {type(matrix).__name__}")
        if matrix == self._matrix:
            return
        before = self._matrix
        self._matrix = matrix
        if record and self._drag_start is None:
            self.undo_log.record(label, W_OWNER, before, matrix)
        self.matrix_changed.emit(matrix)

    def begin_drag(self) -> None:
        """Start a gesture whose changes become a single undo step at :meth:`end_drag`."""
        self._drag_start = self._matrix

    def end_drag(self) -> None:
        if self._drag_start is None:
            return
        start, self._drag_start = self._drag_start, None
        if not self.undo_log.record("drag of W", W_OWNER, start, self._matrix):
            self.history_changed.emit()  # a drag back to its start: the editor still shows W now

    def cancel_drag(self) -> None:
        """Restore W as it was when the gesture began (a right-click during a drag)."""
        if self._drag_start is None:
            return
        start, self._drag_start = self._drag_start, None
        self.set_matrix(start, record=False)

    def checkpoint(self) -> Checkpoint:
        """W and its undo history now, to go back to with :meth:`roll_back`."""
        return Checkpoint(self._matrix, self.undo_log.snapshot())

    def roll_back(self, checkpoint: Checkpoint) -> None:
        """Put W and its whole undo history back as they were (an all-or-nothing change failed)."""
        self.set_matrix(checkpoint.matrix, record=False)
        self.undo_log.restore(checkpoint.history)

    @property
    def dragging(self) -> bool:
        return self._drag_start is not None

    def can_undo(self) -> bool:
        return self.undo_log.can_undo() and not self.dragging

    def can_redo(self) -> bool:
        return self.undo_log.can_redo() and not self.dragging

    def undo(self) -> None:
        """Take back the newest step of the shared history, whichever owner it belongs to."""
        if not self.dragging:
            self.undo_log.undo()

    def redo(self) -> None:
        if not self.dragging:
            self.undo_log.redo()

    # Dataset and device ---------------------------------------------------------------------

    @property
    def dataset(self) -> DatasetSpec:
        """Which points are transformed: kind, N and seed."""
        return self._dataset

    def set_dataset(self, spec: DatasetSpec) -> None:
        if not isinstance(spec, DatasetSpec):
            raise InputError(f"dataset must be a DatasetSpec; got {type(spec).__name__}")
        if spec != self._dataset:
            self._dataset = spec
            self.dataset_changed.emit(spec)

    @property
    def device(self) -> str:
        """The torch device name the worker computes on, such as ``cpu`` or ``cuda:0``."""
        return self._device

    def set_device(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise InputError(f"device must be a name such as 'cpu'; got {name!r}")
        if name != self._device:
            self._device = name
            self.device_changed.emit(name)
