"""One undo history shared by every tab: labelled steps of immutable states, in the user's order.

Each step is ``(label, owner, before, after)``: ``owner`` names whose state it is (``"W"`` for the
scene's matrix, a tab's title for a view's own edits) and a put-back function registered for that
owner restores ``before`` (undo) or ``after`` (redo). While a state is being put back, nothing is
recorded, so restoring can never add a step or drop the redo stack. A put-back that raises
(its owner refuses the state) leaves both stacks as they were, so the log still says what is on
screen; the error goes on to the caller.

One gesture that changes several owners' states (a gallery net that also brings a W) is one
step: inside :meth:`UndoLog.one_gesture` the steps recorded are kept as a single step whose
owner is :data:`SEVERAL`, put back owner by owner (undo newest first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from linviz_gui.model.events import Event

#: The owner of a step made of several owners' steps: its states are ``((owner, state), …)``
#: in the order they are put back.
SEVERAL = "several"


@dataclass(frozen=True)
class Step:
    """One gesture: what the Edit menu calls it, whose state it changed, and that state's two
    values (immutable, compared with ``==``)."""

    label: str
    owner: str
    before: Any
    after: Any


@dataclass(frozen=True)
class LogSnapshot:
    """Both stacks at one moment, for :meth:`UndoLog.restore`."""

    undo: tuple[Step, ...]
    redo: tuple[Step, ...]


class UndoLog:
    """Undo and redo stacks of :class:`Step`. Event: ``changed()`` after every change of them."""

    def __init__(self, limit: int = 500) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._limit = limit
        self._put_back: dict[str, Callable[[Any], None]] = {}
        self._restoring = False
        self._gesture: list[Step] | None = None
        self.changed = Event()

    def register(self, owner: str, put_back: Callable[[Any], None]) -> None:
        """``put_back(state)`` restores ``owner``'s state on undo or redo (replaces any earlier)."""
        self._put_back[owner] = put_back

    def record(self, label: str, owner: str, before: Any, after: Any) -> bool:
        """Add one step (the redo stack is gone); nothing when the state did not change or a
        state is being put back. Returns whether a step was added."""
        if self._restoring or before == after:
            return False
        step = Step(label, owner, before, after)
        self._redo.clear()
        if self._gesture is not None:
            self._gesture.append(step)  # joined into one step when the gesture ends
            return True
        self._push(step)
        return True

    @contextmanager
    def one_gesture(self, label: str) -> Iterator[None]:
        """Every step recorded inside becomes one step called ``label`` (just the step itself
        when there is one, nothing when there is none)."""
        if self._gesture is not None:  # already inside one: the outer gesture holds them all
            yield
            return
        steps: list[Step] = []
        self._gesture = steps
        try:
            yield
        finally:
            self._gesture = None
            if len(steps) == 1:
                self._push(steps[0])
            elif steps:
                before = tuple((s.owner, s.before) for s in reversed(steps))
                after = tuple((s.owner, s.after) for s in steps)
                self._push(Step(label, SEVERAL, before, after))

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        del self._undo[: -self._limit]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        """The label of the step Undo would take back ("" when none)."""
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def undo(self) -> Step | None:
        """Take back the newest step: its owner gets ``before`` back."""
        if not self._undo:
            return None
        step = self._undo[-1]
        self._apply(step.owner, step.before)
        self._undo.pop()
        self._redo.append(step)
        self.changed.emit()
        return step

    def redo(self) -> Step | None:
        if not self._redo:
            return None
        step = self._redo[-1]
        self._apply(step.owner, step.after)
        self._redo.pop()
        self._undo.append(step)
        self.changed.emit()
        return step

    def snapshot(self) -> LogSnapshot:
        return LogSnapshot(tuple(self._undo), tuple(self._redo))

    def restore(self, snapshot: LogSnapshot) -> None:
        """Put both stacks back as :meth:`snapshot` found them (an all-or-nothing change failed)."""
        self._undo, self._redo = list(snapshot.undo), list(snapshot.redo)
        self.changed.emit()

    def _apply(self, owner: str, state: Any) -> None:
        self._restoring = True
        try:
            for one_owner, one_state in state if owner == SEVERAL else ((owner, state),):
                put_back = self._put_back.get(one_owner)
                if put_back is not None:
                    put_back(one_state)
        finally:
            self._restoring = False
