"""The soak's registry: the user actions it may take and the checks it runs once the worker
has caught up. Each view of ``linviz_gui.ui.registry`` adds its own in
``tests/ui/views/<name>/soak_actions.py``, beside its tests::

    from tests.soak.registry import action, caught_up, check

    @action(weight=2, tab="SVD")          # the driver shows that tab first, by a real click
    def drag_the_sigma_handle(d): ...     # d is the SoakDriver: d.rng, d.ref, d.window, d.key...

    @caught_up
    def svd_frame_is_current(d) -> bool:  # true once the worker's answer for now is shown
        ...

    @check
    def svd_shows_the_reference(d) -> None:  # raise d.fail(...) when the app and d.ref differ
        ...

Status-bar messages a module's actions may legitimately cause are allowed with
``allow_messages(r"regex")``. :func:`load_actions` imports every registered view's module and
the tab-less ``actions_*`` modules of this package (files, sessions); no other file needs an edit.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linviz_gui.ui.registry import VIEWS

if TYPE_CHECKING:
    import random

    from tests.soak.driver import SoakDriver

ActionFn = Callable[["SoakDriver"], None]


@dataclass(frozen=True)
class Action:
    name: str
    run: ActionFn
    weight: float
    tab: str | None


ACTIONS: dict[str, Action] = {}
CHECKS: dict[str, Callable[[SoakDriver], None]] = {}
CAUGHT_UP: dict[str, Callable[[SoakDriver], bool]] = {}
MESSAGE_PATTERNS: list[str] = []


def action(weight: float = 1.0, tab: str | None = None) -> Callable[[ActionFn], ActionFn]:
    """Register a user action, drawn with probability proportional to ``weight``."""

    def register(fn: ActionFn) -> ActionFn:
        ACTIONS[fn.__name__] = Action(fn.__name__, fn, weight, tab)
        return fn

    return register


def check(fn: Callable[[SoakDriver], None]) -> Callable[[SoakDriver], None]:
    """Register an invariant, run whenever the worker has caught up."""
    CHECKS[fn.__name__] = fn
    return fn


def caught_up(fn: Callable[[SoakDriver], bool]) -> Callable[[SoakDriver], bool]:
    """Register a condition that holds once the worker's results for now are shown."""
    CAUGHT_UP[fn.__name__] = fn
    return fn


ReopenFn = Callable[[dict[str, Any], dict[str, Any], int], dict[str, Any]]
#: Per view title: its reference state after a session is reopened (see :func:`on_reopen`).
REOPEN: dict[str, ReopenFn] = {}


def on_reopen(title: str) -> Callable[[ReopenFn], ReopenFn]:
    """Register how view ``title``'s reference (``d.view_state[title]``) becomes what a reopened
    session shows: ``fn(state_when_saved, what_the_view_saved, marker)`` returns it, ``marker``
    being ``d.next_job_id()`` taken before reopening. Without one, the state at save is kept."""

    def register(fn: ReopenFn) -> ReopenFn:
        REOPEN[title] = fn
        return fn

    return register


def allow_messages(pattern: str) -> None:
    """Allow status-bar messages matching the regex ``pattern`` (those the actions cause)."""
    if pattern not in MESSAGE_PATTERNS:
        MESSAGE_PATTERNS.append(pattern)


def allowed_messages() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in MESSAGE_PATTERNS))


def load_actions() -> None:
    """Each registered view's ``soak_actions`` beside its tests, then the tab-less ones here."""
    for spec in VIEWS:
        module = f"tests.ui.views.{spec.name}.soak_actions"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    package = importlib.import_module("tests.soak")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("actions_"):
            importlib.import_module(f"tests.soak.{info.name}")


def active_actions(tabs: str = "") -> list[Action]:
    """Every action, or with ``tabs`` ("SVD,Network") only those tabs' and the tab-less ones."""
    wanted = {t.strip() for t in tabs.split(",") if t.strip()}
    return [a for a in ACTIONS.values() if not wanted or a.tab is None or a.tab in wanted]


#: How often the next action is drawn from the tab on show (and the tab-less ones): a user does
#: a few things on a tab before moving on, and every switch repaints a whole tab.
STAY_ON_TAB = 0.75


def choose(rng: random.Random, actions: list[Action], tab: str) -> Action:
    here = [a for a in actions if a.tab in (None, tab)]
    if any(a.tab == tab for a in here) and rng.random() < STAY_ON_TAB:
        actions = here
    return rng.choices(actions, weights=[a.weight for a in actions])[0]


def settle(d: SoakDriver) -> None:
    """Wait until every view shows the worker's answer for the current state, then check."""
    d.wait_until(
        lambda: all(condition(d) for condition in CAUGHT_UP.values()),
        lambda: (
            "the views caught up with the worker; still waiting on "
            + ", ".join(name for name, condition in CAUGHT_UP.items() if not condition(d))
        ),
    )
    for invariant in CHECKS.values():
        invariant(d)
