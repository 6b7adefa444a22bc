"""Turn a blocked system call into a test failure instead of a hung test run."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fails_if_it_hangs(seconds: int = 10) -> Iterator[None]:
    """Raise AssertionError in the main thread after ``seconds`` (a guard, not a speed check).

    SIGALRM interrupts a blocked ``open`` or ``read`` (a FIFO with no writer); Python then runs
    the handler, whose exception ends the call.
    """

    def give_up(_signum: int, _frame: object) -> None:
        raise AssertionError(f"blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
