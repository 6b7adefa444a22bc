"""A title changed on every frame (the Network scrubber's) draws as pyqtgraph's would, without
asking the plot for a new layout."""

from __future__ import annotations

import pyqtgraph as pg

from linviz_gui.ui.widgets.plot_title import set_plot_title

FIRST = "Linear 1  →  ReLU (5%)<br><span style='color:#b05000'>width 5,<br>units 1 and 2</span>"
NEXT = "Linear 1  →  ReLU (64%)<br><span style='color:#b05000'>width 5,<br>units 1 and 2</span>"


def _plot(qtbot, title: str) -> pg.PlotWidget:  # type: ignore[no-untyped-def]
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.getPlotItem().setTitle(title)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)
    return widget


def test_a_new_title_that_fits_draws_like_pyqtgraphs_without_a_relayout(qtbot) -> None:
    ours, theirs = _plot(qtbot, FIRST), _plot(qtbot, FIRST)
    layout = ours.getPlotItem().layout
    assert layout.isActivated()
    set_plot_title(ours.getPlotItem(), NEXT)
    assert layout.isActivated(), "the plot was asked for a new layout"
    assert ours.getPlotItem().titleLabel.text == NEXT
    theirs.getPlotItem().setTitle(NEXT)
    qtbot.wait(20)
    assert ours.grab().toImage() == theirs.grab().toImage()


def test_a_title_wider_than_the_plot_gets_the_room_pyqtgraph_would_give_it(qtbot) -> None:
    ours, theirs = _plot(qtbot, FIRST), _plot(qtbot, FIRST)
    wide = "a title much wider than the four hundred pixels of this little plot, on one line"
    set_plot_title(ours.getPlotItem(), wide)
    theirs.getPlotItem().setTitle(wide)
    qtbot.wait(20)
    assert ours.getPlotItem().titleLabel.minimumWidth() > 400
    assert ours.grab().toImage() == theirs.grab().toImage()
