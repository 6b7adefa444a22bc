"""The one refusal of a value that must be one of a few names (a loss, a preset, a dataset...)."""

from __future__ import annotations

from collections.abc import Iterable

from linviz_gui.model.linear.matrix import InputError


def check_choice(value: object, choices: Iterable[str], what: str) -> None:
    """Raise ``InputError`` ("unknown loss 'x'; choose one of [...]") unless ``value`` is one of
    ``choices``. The choices are compared as a list, so a value read from JSON that cannot be
    hashed (a list, a dict) is refused with the message rather than raising ``TypeError``."""
    options = list(choices)
    if value not in options:
        raise InputError(f"unknown {what} {value!r}; choose one of {options}")
