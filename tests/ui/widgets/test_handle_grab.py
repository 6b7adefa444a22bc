"""A basis handle is grabbed wherever the mouse presses on its disc, at any zoom.

Qt clipped an item that ignores transformations with its view box's clip path mapped without the
view's scale, so zoomed in, a press a few pixels off the handle's centre panned the view instead.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.render.view_fit import Box
from tests.soak.driver import LEFT, NO_BUTTON, NO_MODIFIER, SoakDriver


@pytest.mark.parametrize("half_width", [0.3, 3.5, 60.0])
@pytest.mark.parametrize("offset", [(0, 0), (6, 0), (-6, 0), (0, 6), (0, -6), (5, 5)])
def test_a_press_on_the_handle_disc_drags_it_at_any_zoom(
    qtbot, window, half_width: float, offset: tuple[int, int]
) -> None:
    window.display_options.auto_fit_check.setChecked(False)  # the view stays where it is put
    window.scene.set_matrix(Matrix2(1.0, -40.0, 0.0, -40.0))  # e2 well away from e1
    canvas = window.explorer.output_canvas
    canvas.set_view(Box(1 - half_width, 1 + half_width, -half_width, half_width))
    d = SoakDriver(window, qtbot, 0)
    centre = d.canvas_point(canvas, (1.0, 0.0))
    press = centre + QPointF(*offset)
    pixel = d.pixel_size(canvas)
    target = (1.0 + 40 * pixel, 20 * pixel)
    d.mouse_drag(canvas, press, [target])
    w = window.scene.matrix
    assert w.a == pytest.approx(target[0], abs=3 * pixel), f"W is {w}: the press missed e1"
    assert w.c == pytest.approx(target[1], abs=3 * pixel)


def test_a_handle_taken_off_the_canvas_mid_drag_ignores_the_rest_of_it(qtbot) -> None:
    """New data can replace the classifier's handles while one is held; the soak found the
    held one raising on the next mouse move."""
    import pyqtgraph as pg

    from linviz_gui.ui.widgets.basis_handle import BasisHandle

    canvas = pg.PlotWidget()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    canvas.show()
    canvas.getPlotItem().setRange(xRange=(-2, 2), yRange=(-2, 2), padding=0)
    handle = BasisHandle("#ff0000")
    handle.setPos(1.0, 0.0)
    canvas.getPlotItem().addItem(handle)
    moves: list[object] = []
    handle.sigDragged.connect(lambda _h, xy: moves.append(xy))
    d = SoakDriver.__new__(SoakDriver)  # only its mouse helpers, no window
    d.qtbot, d.step = qtbot, 0
    press = d.canvas_point(canvas, (1.0, 0.0))
    with qtbot.captureExceptions() as exceptions:
        pg.setConfigOption("mouseRateLimit", -1)
        canvas.scene().minDragTime = 0
        d._mouse(canvas, QEvent.Type.MouseButtonPress, press, LEFT, LEFT, NO_MODIFIER)
        d._mouse(
            canvas, QEvent.Type.MouseMove, press + QPointF(10, 0), NO_BUTTON, LEFT, NO_MODIFIER
        )
        canvas.getPlotItem().removeItem(handle)
        d._mouse(
            canvas, QEvent.Type.MouseMove, press + QPointF(30, 5), NO_BUTTON, LEFT, NO_MODIFIER
        )
        d._mouse(canvas, QEvent.Type.MouseButtonRelease, press, LEFT, NO_BUTTON, NO_MODIFIER)
    assert not exceptions, exceptions
    assert len(moves) == 1  # the move before it was taken off, and nothing after
