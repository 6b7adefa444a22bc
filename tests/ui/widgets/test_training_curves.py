"""The curves a reset clears are gone from the plots, however often it is cleared (a drag on the
Classifier clears them every frame and draws them only when there is something to take away)."""

from __future__ import annotations

import numpy as np

from linviz_gui.ui.widgets.training_curves import TrainingCurves


def _shown(curves: TrainingCurves) -> int:
    x, _ = curves.loss_curve.getData()
    return 0 if x is None else len(x)


def test_clearing_takes_the_drawn_curves_away_and_new_steps_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.append(0, np.array([1.0, 0.5, 0.25]), np.array([0.5, 0.75, 1.0]))
    curves.flush()
    assert _shown(curves) == 3
    curves.clear_curves()
    assert _shown(curves) == 0
    curves.clear_curves()  # already empty: still empty
    assert _shown(curves) == 0
    curves.append(0, np.array([0.9]), np.array([0.6]))
    curves.clear_curves()  # cleared before the pending redraw: nothing comes up later
    qtbot.wait(250)
    assert _shown(curves) == 0
    curves.append(0, np.array([0.9, 0.8]), np.array([0.6, 0.7]))
    curves.flush()
    assert _shown(curves) == 2
