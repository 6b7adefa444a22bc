"""Thousands of random user actions through real events against the real worker.

Passes when nothing raised (in a slot either), Qt printed no warning, the app's final state is
what the actions imply (a reference model kept beside it; the canvases show X and X @ W.T),
every undo step is still there, and memory stayed bounded. The seed is printed on failure;
``LINVIZ_SOAK_SEED=<seed or "random">`` and ``LINVIZ_SOAK_ACTIONS=<n>`` replay or lengthen it;
``LINVIZ_SOAK_TABS=SVD,Network`` draws only those tabs' actions (and the tab-less ones).
"""

from __future__ import annotations

import collections
import os
import random
import time
import traceback

from PySide6.QtCore import Qt, QtMsgType
from PySide6.QtWidgets import QWidget

from tests.soak.driver import CTRL, SHIFT, SoakDriver, rss_bytes
from tests.soak.registry import active_actions, choose, load_actions, settle

DEFAULT_SEED = 20261126
#: Memory may grow this much over the run after the warm-up (caches, history, Qt's pools).
MAX_GROWTH_MB = 50.0
#: Check the whole state against the reference this often (and at the end).
SETTLE_EVERY = 50


def _seed() -> int:
    text = os.environ.get("LINVIZ_SOAK_SEED", "")
    if text == "random":
        return random.SystemRandom().randrange(2**32)
    return int(text) if text else DEFAULT_SEED


def test_soak_of_random_user_actions(qtbot, qtlog, window) -> None:  # type: ignore[no-untyped-def]
    load_actions()
    count = int(os.environ.get("LINVIZ_SOAK_ACTIONS", "1000"))
    warm_up = min(200, count // 5)
    d = SoakDriver(window, qtbot, _seed())
    settle(d)
    started = time.perf_counter()
    rss_start = rss_bytes()
    actions = active_actions(os.environ.get("LINVIZ_SOAK_TABS", ""))
    used: dict[str, int] = {a.name: 0 for a in actions}
    spent: dict[str, float] = {a.name: 0.0 for a in actions}
    # Every action once, in an order the seed shuffles, then drawn by weight: rare actions run
    # whatever the seed.
    first_round = d.rng.sample(actions, len(actions))
    with qtbot.captureExceptions() as exceptions:
        for step in range(count):
            d.step = step
            if step == warm_up:
                rss_start = rss_bytes()
            tab = d.window.tabs.tabText(d.window.tabs.currentIndex())
            chosen = first_round[step] if step < len(first_round) else choose(d.rng, actions, tab)
            used[chosen.name] += 1
            began = time.perf_counter()
            if chosen.tab is not None:
                _show_tab(d, chosen.tab)
            chosen.run(d)
            spent[chosen.name] += time.perf_counter() - began
            _fail_on_exceptions_or_warnings(d, exceptions, qtlog)
            if step % SETTLE_EVERY == SETTLE_EVERY - 1:
                settle(d)
        d.step = count
        settle(d)
        _every_undo_step_is_still_there(d)
        _fail_on_exceptions_or_warnings(d, exceptions, qtlog)
    growth_mb = (rss_bytes() - rss_start) / 2**20
    seconds = time.perf_counter() - started
    print(
        f"\nsoak: seed {d.seed}, {count} actions in {seconds:.1f} s, memory growth after "
        f"{warm_up} warm-up actions {growth_mb:+.1f} MB; steps still busy after 0.5 s: "
        f"{len(d.slow_steps)} {d.slow_steps[:10]}; actions used: {used}; slowest in all, s: "
        + ", ".join(f"{n} {t:.1f}" for n, t in sorted(spent.items(), key=lambda i: -i[1])[:8])
    )
    assert growth_mb < MAX_GROWTH_MB, d.fail(f"memory grew by {growth_mb:.1f} MB")
    # A step still busy after two seconds is a storm of events, not work (a relayout loop was).
    step, pumps = collections.Counter(d.slow_steps).most_common(1)[0] if d.slow_steps else (0, 0)
    assert pumps < 4, f"action #{step} kept the window busy for {pumps / 2:.1f} s or more"


def _show_tab(d: SoakDriver, title: str) -> None:
    bar = d.window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    if d.window.tabs.currentIndex() != index:
        d.click(bar, bar.tabRect(index).center())


def _fail_on_exceptions_or_warnings(d: SoakDriver, exceptions, qtlog) -> None:  # type: ignore[no-untyped-def]
    if exceptions:
        text = "".join(traceback.format_exception(*exceptions[0]))
        raise d.fail(f"an exception escaped into Qt:\n{text}")
    bad = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    warnings = [r.message for r in qtlog.records if r.type in bad and not r.ignored]
    if warnings:
        raise d.fail(f"Qt warned: {warnings[:3]}")


def _every_undo_step_is_still_there(d: SoakDriver) -> None:
    """Walk the whole history back and forth with the shortcuts: no step was lost, and each
    tab shows the state before the first step, then after the last, then where the actions
    left it (their last actions may have been undos: those steps wait on the redo stack)."""
    bar = d.window.tabs.tabBar()  # always on show, whichever tab an undo opens
    left_to_redo = len(d.ref.redo_stack)
    _press(d, bar, len(d.ref.undo_stack), redo=False)
    d.expect(not d.window.scene.can_undo(), "nothing left to undo")
    settle(d)
    _press(d, bar, len(d.ref.redo_stack), redo=True)
    d.expect(not d.window.scene.can_redo(), "nothing left to redo")
    settle(d)
    _press(d, bar, left_to_redo, redo=False)
    settle(d)


def _press(d: SoakDriver, bar: QWidget, times: int, redo: bool) -> None:
    """Ctrl+Z (or Ctrl+Shift+Z) ``times`` times; W follows the reference's at each press."""
    for _ in range(times):
        d.key(bar, Qt.Key.Key_Z, CTRL | SHIFT if redo else CTRL)
        step = d.ref.redo() if redo else d.ref.undo()
        what = "redo" if redo else "undo"
        d.expect(d.window.scene.matrix == d.ref.w, f"{what} of {step} gives W {d.ref.w}")
