"""Render a canvas or a whole widget into a QImage at a chosen size, sharp at that size.

Nothing is upscaled: the scene is drawn through a scaled QPainter straight into an image of the
requested size, and the items are told the scale (pyqtgraph's export mode), so our raster point
item re-rasterises at the export resolution and arrows, dots and text grow with the page, looking
as they do on screen. A whole tab is its canvases, each drawn this way into its share of the page.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import QApplication, QGraphicsScene, QWidget

from linviz_gui.model.files.atomic_file import atomic_target, check_target
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.render.image_size import MAX_SIDE, MIN_SIDE, check_image_size
from linviz_gui.ui.export.figure_style import SCREEN, FigureStyle, styled
from linviz_gui.ui.widgets.basis_handle import BasisHandle

__all__ = [
    "MAX_SIDE",
    "MIN_SIDE",
    "canvas_background",
    "check_image_size",
    "copy_to_clipboard",
    "fit_view",
    "render_canvas",
    "render_canvases",
    "render_widget",
    "save_png",
]


def _blank(width: int, height: int, background: QColor | None) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background if background is not None else QColor(0, 0, 0, 0))
    return image


def _set_export_mode(scenes: list[QGraphicsScene], on: bool, options: dict | None = None) -> None:
    for scene in scenes:
        for item in scene.items():
            if hasattr(item, "setExportMode"):
                item.setExportMode(on, options or {})


@contextmanager
def _handles_hidden(scenes: list[QGraphicsScene], hide: bool) -> Iterator[None]:
    """Hide the drag handles of ``scenes`` while the block runs (when ``hide``)."""
    handles = [
        item
        for scene in scenes
        for item in scene.items()
        if hide and isinstance(item, BasisHandle) and item.isVisible()
    ]
    for handle in handles:
        handle.setVisible(False)
    try:
        yield
    finally:
        for handle in handles:
            handle.setVisible(True)


def canvas_background(canvas: pg.PlotWidget) -> QColor:
    brush = canvas.backgroundBrush()
    if brush.style() == Qt.BrushStyle.NoBrush:
        return QColor(canvas.palette().base().color())
    return QColor(brush.color())


def render_canvas(
    canvas: pg.PlotWidget,
    width: int,
    height: int,
    transparent: bool = False,
    fit: bool = False,
    style: FigureStyle = SCREEN,
) -> QImage:
    """Draw ``canvas`` filling a ``width`` x ``height`` image.

    The plot is laid out for the page's shape (with about the on-screen area divided by
    ``style.size``, so text, dots and arrows grow with the page and more so for slides), showing
    at least the range now on screen, or, with ``fit``, the content fitted to the page; then it
    is put back. Drag handles are left out unless ``style.handles``.
    """
    width, height = check_image_size(width, height)
    plot = canvas.getPlotItem()
    view_box = plot.getViewBox()
    old_geometry = plot.geometry()
    x_range, y_range = view_box.viewRange()
    area = max(1.0, old_geometry.width() * old_geometry.height())
    scale = min(16.0, max(0.25, math.sqrt(width * height / area)) * style.size)
    page = QRectF(old_geometry.left(), old_geometry.top(), width / scale, height / scale)
    background = None if transparent else canvas_background(canvas)
    image = _blank(width, height, background)
    scene = canvas.scene()
    painter = QPainter(image)
    try:
        with _handles_hidden([scene], not style.handles), styled(canvas, style):
            plot.setGeometry(page)
            plot.layout.activate()
            if fit:
                fit_view(canvas)
            else:
                view_box.setRange(xRange=x_range, yRange=y_range, padding=0)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            options = {"antialias": True, "background": background, "painter": painter}
            _set_export_mode([scene], True, {**options, "resolutionScale": scale})
            scene.render(
                painter, QRectF(0, 0, width, height), page, Qt.AspectRatioMode.IgnoreAspectRatio
            )
    finally:
        _set_export_mode([scene], False)
        painter.end()
        plot.setGeometry(old_geometry)
        plot.layout.activate()
        view_box.setRange(xRange=x_range, yRange=y_range, padding=0)
    return image


def render_canvases(
    canvases: list[pg.PlotWidget],
    width: int,
    height: int,
    transparent: bool = False,
    fit: bool = False,
    style: FigureStyle = SCREEN,
) -> QImage:
    """Draw ``canvases`` (a tab's) filling the page, laid out as on screen.

    The box around them is stretched to the page and each canvas is drawn
    (:func:`render_canvas`) into its part, so the picture has no window-grey margins, the dots
    are the export's round ones and the text grows with the page.
    """
    width, height = check_image_size(width, height)
    shown = [c for c in canvases if c.isVisible() and c.width() > 0 and c.height() > 0]
    if not shown:
        raise InputError("there is no canvas on screen to draw")
    window = shown[0].window()
    rects = [QRect(c.mapTo(window, QPoint(0, 0)), c.size()) for c in shown]
    frame = rects[0]
    for rect in rects[1:]:
        frame = frame.united(rect)
    sx, sy = width / frame.width(), height / frame.height()
    background = None if transparent else canvas_background(shown[0])
    image = _blank(width, height, background)
    painter = QPainter(image)
    try:
        for canvas, rect in zip(shown, rects, strict=True):
            # Rounded edges, so that neighbours meet without a seam and the last one ends at the
            # page's edge.
            left = round((rect.left() - frame.left()) * sx)
            top = round((rect.top() - frame.top()) * sy)
            right = round((rect.right() + 1 - frame.left()) * sx)
            bottom = round((rect.bottom() + 1 - frame.top()) * sy)
            cell_w, cell_h = max(MIN_SIDE, right - left), max(MIN_SIDE, bottom - top)
            cell = render_canvas(canvas, cell_w, cell_h, transparent, fit, style)
            painter.drawImage(QPointF(left, top), cell)
    finally:
        painter.end()
    return image


def fit_view(canvas: pg.PlotWidget) -> None:
    """Show all of the canvas's content: its own ``fit()`` if it has one, else auto-range."""
    fit = getattr(canvas, "fit", None)
    if callable(fit):
        fit()
    else:
        canvas.getPlotItem().getViewBox().autoRange(padding=0.05)


def render_widget(
    widget: QWidget,
    width: int,
    height: int,
    transparent: bool = False,
    style: FigureStyle = SCREEN,
) -> QImage:
    """Draw ``widget`` (the whole window) scaled to fit, centred in the image, as on screen
    but without drag handles unless ``style.handles``."""
    width, height = check_image_size(width, height)
    size = widget.size()
    scale = min(width / max(1, size.width()), height / max(1, size.height()))
    background = None if transparent else QColor(widget.palette().window().color())
    image = _blank(width, height, background)
    scenes = [c.scene() for c in widget.findChildren(pg.PlotWidget)]
    if isinstance(widget, pg.PlotWidget):
        scenes.append(widget.scene())
    painter = QPainter(image)
    try:
        with _handles_hidden(scenes, not style.handles):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(
                (width - size.width() * scale) / 2, (height - size.height() * scale) / 2
            )
            painter.scale(scale, scale)
            _set_export_mode(scenes, True, {"antialias": True, "resolutionScale": scale})
            flags = QWidget.RenderFlag.DrawChildren
            if not transparent:
                flags |= QWidget.RenderFlag.DrawWindowBackground
            widget.render(painter, QPoint(0, 0), QRegion(), flags)
    finally:
        _set_export_mode(scenes, False)
        painter.end()
    return image


def save_png(image: QImage, path: Path | str) -> Path:
    """Write ``image`` as PNG atomically; raises :class:`InputError` with a clear message."""
    target = check_target(path, (".png",))
    with atomic_target(target) as temporary:
        if not image.save(str(temporary)):  # the format follows the .png suffix
            # QImage.save says only False; a nearly full disk is the usual reason.
            free = shutil.disk_usage(target.parent).free
            reason = "the disk is full" if free < image.sizeInBytes() else "could not be written"
            raise InputError(f"cannot write {target}: {reason}")
    return target


def copy_to_clipboard(image: QImage) -> None:
    clipboard = QApplication.clipboard()
    clipboard.setImage(image)
