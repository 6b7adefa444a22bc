"""An arrow's label is placed by arithmetic (not by moving it to see where it lands): it must
land where it was reckoned to, and still turn back inside the view at its edges."""

from __future__ import annotations

import pytest

from linviz_gui.render.view_fit import Box
from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas


@pytest.fixture
def canvas(qtbot) -> SpaceCanvas:  # type: ignore[no-untyped-def]
    canvas = SpaceCanvas("labels")
    qtbot.addWidget(canvas)
    canvas.resize(500, 400)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_view(Box(-3.0, 3.0, -3.0, 3.0))
    qtbot.wait(20)
    return canvas


@pytest.mark.parametrize(
    "tip", [(1.0, 0.0), (0.0, 1.0), (-1.2, -0.7), (2.99, 0.0), (0.0, 2.99), (-2.99, 2.99)]
)
def test_a_label_lands_where_it_was_reckoned_and_inside_the_view(canvas, tip) -> None:  # type: ignore[no-untyped-def]
    arrow = canvas.arrows[0]
    arrow.set_tip(tip)
    label = arrow._label
    label.updateTransform(force=True)  # as its next paint does
    shown = label.sceneBoundingRect()
    reckoned = arrow._label_rect(tuple(label.anchor))
    for a, b in zip(shown.getRect(), reckoned.getRect(), strict=True):
        assert a == pytest.approx(b, abs=1e-6)
    inside = canvas.getPlotItem().getViewBox().sceneBoundingRect()
    assert inside.left() <= shown.left() and shown.right() <= inside.right()
    assert inside.top() <= shown.top() and shown.bottom() <= inside.bottom()
