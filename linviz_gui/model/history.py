"""Undo and redo over immutable states (a whole drag is one step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """The undo and redo stacks at one moment."""

    undo: tuple[tuple[T, T], ...]
    redo: tuple[tuple[T, T], ...]


class History(Generic[T]):
    """Two stacks of ``(before, after)`` pairs."""

    def __init__(self, limit: int = 500) -> None:
        self._undo: list[tuple[T, T]] = []
        self._redo: list[tuple[T, T]] = []
        self._limit = limit

    def record(self, before: T, after: T) -> None:
        if before == after:
            return
        self._undo.append((before, after))
        del self._undo[: -self._limit]
        self._redo.clear()

    def snapshot(self) -> Snapshot[T]:
        """Both stacks as they are now, for :meth:`restore`."""
        return Snapshot(tuple(self._undo), tuple(self._redo))

    def restore(self, snapshot: Snapshot[T]) -> None:
        self._undo, self._redo = list(snapshot.undo), list(snapshot.redo)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> T | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        return step[0]

    def redo(self) -> T | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        return step[1]
