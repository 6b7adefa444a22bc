"""The Training tab's stage canvas keeps a stage framed through a resize (the bug of the
Network tab's stage canvas, fixed there and here): whether the points left the view is judged by
the range that was fitted, not the wider one a tall canvas happens to show."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QApplication

from linviz_gui.ui.views.training.stage_canvas import StageCanvas


def _settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


def _stage(canvas: StageCanvas, height: float) -> None:
    """A square cloud stretched to ``height`` upwards, with the keep-in-view the tab runs."""
    points = np.array([[-1, -1], [1, -1], [-1, height], [1, height]], np.float32)
    canvas.show_stage(points, np.zeros(4, np.int64), np.zeros((0, 2, 2), np.float32))
    canvas.keep_in_view()
    _settle()


def test_a_stage_grown_into_the_slack_of_a_tall_canvas_is_still_framed_after_a_resize(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    canvas = StageCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 900)  # tall: the view shows far more height than it was fitted to
    canvas.show()
    _settle()
    canvas.show_stage(
        np.array([[-1, -1], [1, 1]], np.float32), np.zeros(2, np.int64), np.zeros((0, 2, 2))
    )
    canvas.fit_to(canvas.content_box())  # type: ignore[arg-type]
    _settle()
    _stage(canvas, 2.5)  # still inside the shown range, outside the fitted one
    canvas.resize(900, 300)
    _settle()
    box = canvas.content_box()
    assert box is not None and canvas.view_box().contains(box), canvas.view_box()
