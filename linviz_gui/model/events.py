"""A minimal Qt-free signal, so the model can announce changes without depending on Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """A list of callbacks called in order by :meth:`emit`.

    A callback may emit again (set W while told of W). The newer emit reaches every callback,
    and the older one then stops: no callback hears the older value after the newer one, so
    whatever it shows ends on the newest (a handle left at a W the scene no longer has).
    """

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []
        self._emits = 0

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        self._emits += 1
        this_emit = self._emits
        for callback in list(self._callbacks):
            if self._emits != this_emit:  # a callback emitted anew: the rest heard the newer
                return
            callback(*args)
