"""Read what a pyqtgraph canvas shows into a Qt-free :class:`~linviz_gui.render.svg.Panel`.

Works on any ``pg.PlotWidget`` (so later views export too): our raster points, arrows, curves
and scatter plots are understood; other items are left out of the vector figure.
"""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg

from linviz_gui.render.svg import Arrow, Lines, Panel
from linviz_gui.render.view_fit import Box, fitted
from linviz_gui.ui.widgets.arrow_item import VectorArrowItem
from linviz_gui.ui.widgets.grid_item import DeformedGridItem
from linviz_gui.ui.widgets.point_cloud_item import PointCloudItem


def canvas_panel(canvas: pg.PlotWidget, fit: bool = False) -> Panel:
    """The vector description of ``canvas`` as it is on screen (its view range, its items).

    With ``fit``, the view is the canvas's content fitted (when the canvas can say what its
    content is, as :class:`SpaceCanvas` does), whatever the shape of the canvas on screen.
    """
    plot = canvas.getPlotItem()
    view_box = plot.getViewBox()
    (x0, x1), (y0, y1) = view_box.viewRange()
    content_box = getattr(canvas, "content_box", None)
    if fit and callable(content_box):
        box = fitted(content_box())
        x0, x1, y0, y1 = box.left, box.right, box.bottom, box.top
    title = str(getattr(plot.titleLabel, "text", "") or "")
    panel = Panel(
        view=Box(x0, x1, y0, y1),
        title=_plain(title),
        equal_aspect=bool(view_box.state.get("aspectLocked")),
    )
    clouds: list[tuple[np.ndarray, np.ndarray, float]] = []
    for item in plot.items:
        if not item.isVisible():
            continue
        if isinstance(item, PointCloudItem) and item.count:
            clouds.append((item.points(), item.colors(), item.dot_radius))
        elif isinstance(item, VectorArrowItem):
            label = _plain(item._label.toPlainText())
            panel.arrows.append(Arrow(item.tip(), item._color.name(), label))
        elif isinstance(item, DeformedGridItem):
            color = item.pen.color()
            panel.lines.append(Lines(item.segments(), color.name(), color.alphaF(), 1.0))
        elif isinstance(item, pg.PlotDataItem):
            _add_curve(panel, item.curve)
            _add_scatter(clouds, item.scatter)
        elif isinstance(item, pg.PlotCurveItem):
            _add_curve(panel, item)
        elif isinstance(item, pg.ScatterPlotItem):
            _add_scatter(clouds, item)
    if clouds:
        panel.points = np.concatenate([c[0] for c in clouds]).astype(np.float32)
        panel.colors = np.concatenate([c[1] for c in clouds]).astype(np.uint32)
        panel.dot_radius = clouds[0][2]
    return panel


def _plain(text: str) -> str:
    """Label text without the HTML pyqtgraph wraps around it."""
    text = re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text).strip()


def _add_curve(panel: Panel, curve: pg.PlotCurveItem) -> None:
    if curve is None or not curve.isVisible():
        return
    x, y = curve.getData()
    if x is None or y is None or len(x) < 2:
        return
    xy = np.stack([np.asarray(x, float), np.asarray(y, float)], axis=1)
    finite = np.isfinite(xy).all(axis=1)
    connect = curve.opts.get("connect", "all")
    if isinstance(connect, str) and connect == "pairs":
        pairs = xy[: len(xy) // 2 * 2].reshape(-1, 2, 2)
        keep = finite[: len(xy) // 2 * 2].reshape(-1, 2).all(axis=1)
        segments = pairs[keep]
    else:
        keep = finite[:-1] & finite[1:]
        segments = np.stack([xy[:-1], xy[1:]], axis=1)[keep]
    pen = pg.mkPen(curve.opts.get("pen"))
    color = pen.color()
    panel.lines.append(Lines(segments, color.name(), color.alphaF(), max(0.5, pen.widthF() or 1.0)))


def _add_scatter(
    clouds: list[tuple[np.ndarray, np.ndarray, float]], scatter: pg.ScatterPlotItem | None
) -> None:
    if scatter is None or not scatter.isVisible():
        return
    x, y = scatter.getData()
    if x is None or len(x) == 0:
        return
    brush = pg.mkBrush(scatter.opts.get("brush"))
    argb = np.uint32(brush.color().rgba())
    size = float(scatter.opts.get("size", 7) or 7)
    points = np.stack([np.asarray(x, float), np.asarray(y, float)], axis=1)
    clouds.append((points, np.full(len(points), argb, np.uint32), size / 2))
