"""The two grids a canvas draws: the faint one at the labelled ticks, and the one W deforms."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas

WHITE = 255


def _canvas(qtbot) -> SpaceCanvas:  # type: ignore[no-untyped-def]
    canvas = SpaceCanvas("grids")
    qtbot.addWidget(canvas)
    canvas.resize(500, 500)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def _grey_at(canvas: SpaceCanvas, xy: tuple[float, float]) -> int:
    """The darkest channel on screen within a pixel of the data point ``xy`` (a one-pixel
    line may be drawn on either side of where it falls)."""
    vb = canvas.getPlotItem().getViewBox()
    pos = canvas.mapFromScene(vb.mapViewToScene(QPointF(*xy)))
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    x, y = round(pos.x() * ratio), round(pos.y() * ratio)
    colors = [image.pixelColor(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    return min(min(c.red(), c.green(), c.blue()) for c in colors)


def test_faint_grid_lines_sit_on_the_labelled_ticks_and_follow_a_pan(qtbot) -> None:
    canvas = _canvas(qtbot)
    canvas.set_grid_visible(False)  # only the background grid is left
    canvas.set_view(Box(-3.5, 3.5, -3.5, 3.5))
    qtbot.wait(50)
    on_tick = _grey_at(canvas, (2.0, 1.5))
    assert on_tick < WHITE, "no grid line at the labelled tick x = 2"
    assert on_tick > 200, "the background grid must stay faint"
    # Panned by a third of a unit: the line stays with the tick, not with the pixels.
    canvas.set_view(Box(-3.2, 3.8, -3.5, 3.5))
    qtbot.wait(50)
    assert _grey_at(canvas, (2.0, 1.5)) < WHITE
    assert _grey_at(canvas, (2.0 - 0.3, 1.5)) == WHITE, "the old line was left behind"


def test_the_deformed_grid_moves_with_w(qtbot) -> None:
    canvas = _canvas(qtbot)
    canvas.set_view(Box(-3.5, 3.5, -3.5, 3.5))
    w = Matrix2(1.0, 0.5, 0.0, 1.0)  # a shear: x = 2 goes through (2 + 0.5 y, y)
    canvas.set_basis(w)
    qtbot.wait(50)
    # Off every background tick (the faint grid), on the sheared image of the line x = 2.
    assert _grey_at(canvas, (2.0 + 0.5 * 1.3, 1.3)) < 235
    assert _grey_at(canvas, (2.0 + 0.5 * 1.3, 1.65)) == WHITE  # the line ran on to x = 2.825
    segments = canvas.grid.segments()
    assert segments.shape == (22, 2, 2)  # 11 vertical and 11 horizontal lines, |k| <= 5
    assert np.allclose(segments[7], [[2.0 - 2.5, -5.0], [2.0 + 2.5, 5.0]])  # x = 2, sheared
