"""How every canvas of the plane is set up: equal aspect, a faint tick grid, quiet axes."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from linviz_gui.ui.widgets.background_grid import BackgroundGridItem


def setup_plane(widget: pg.PlotWidget) -> None:
    """Equal-aspect axes with the faint grid, no menu or buttons, the range left to us."""
    item = widget.getPlotItem()
    item.setAspectLocked(True)
    item.hideButtons()
    item.setMenuEnabled(False)
    item.getViewBox().disableAutoRange()
    # The view paints its own background over every exposed pixel, so Qt need not clear the
    # viewport first (a full-canvas fill saved on every frame of a drag).
    widget.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setZValue(-10)
        # Kept as pixmaps: a frame of a drag (the view does not move) redraws no tick or label.
        axis.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Room for labels only grows. With the aspect locked, a narrower label (say "-250"
        # after "-2500") narrowed the axis, which widened the view, which changed the labels
        # again: an endless relayout that kept the window busy for seconds after a far drag.
        axis.setStyle(autoReduceTextSpace=False)
    item.addItem(BackgroundGridItem(item), ignoreBounds=True)
