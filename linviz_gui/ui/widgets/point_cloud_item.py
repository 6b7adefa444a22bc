"""A pyqtgraph item that draws up to millions of coloured points as one raster image.

``ScatterPlotItem`` does Python work per point; this item keeps the points as numpy arrays and
rasterises them at the painter's own resolution (screen, high-DPI screen, or a 3840-pixel
export), so dots stay sharp and the same size on screen at any N. The last raster is kept: a
repaint that changes neither the points nor how they map to pixels (a handle moving over them,
a hover) only draws that image again.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QWidget

from linviz_gui.render.raster import Rasterizer, SlotColors, slots_fit
from linviz_gui.ui.widgets.arrow_item import export_scale


def few_points_boost(count: int) -> float:
    """How much larger dots are drawn for few points: 1 from 1000 points on, about 2.2 for
    the course's two points (a 5-pixel yellow dot on white was hard to find)."""
    if count >= 1000 or count <= 0:
        return 1.0
    return min(2.4, 1.0 + 0.45 * math.log10(1000 / count))


class PointCloudItem(pg.GraphicsObject):
    """Points in data coordinates with one ARGB32 colour each."""

    def __init__(self, dot_radius: float = 2.5) -> None:
        super().__init__()
        self.base_radius = dot_radius
        #: The user's point size, a factor on the base radius (Display → Point size).
        self.size_scale = 1.0
        self._x = np.zeros(0, np.float32)
        self._y = np.zeros(0, np.float32)
        self._argb: np.ndarray | None = np.zeros(0, np.uint32)
        #: Colours given as slots into a palette; ``_argb`` is then made only when read.
        self._slot_colors: SlotColors | None = None
        self._bounds = QRectF()
        #: How many times the points were drawn; benchmarks and tests wait on it.
        self.paint_count = 0
        #: Grows with every change of the points or colours; ``painted_version`` is the last
        #: one drawn, so ``painted_version == version`` means the screen shows the current data.
        self.version = 0
        self.painted_version = 0
        self._rasterizer = Rasterizer()
        self._bounding_key: tuple[object, ...] | None = None
        self._bounding = QRectF()
        self._raster_key: tuple[object, ...] | None = None
        self._raster_pixels = np.zeros(0, np.uint32)
        self._raster_image = QImage()

    def set_points(self, points: np.ndarray, argb: np.ndarray | None = None) -> None:
        """Show ``points`` (N, 2); ``argb`` (N,) keeps the previous colours when None."""
        points = np.asarray(points, dtype=np.float32)
        self._x = np.ascontiguousarray(points[:, 0])
        self._y = np.ascontiguousarray(points[:, 1])
        if argb is not None:
            self._argb = np.ascontiguousarray(argb, dtype=np.uint32)
            self._slot_colors = None
        if len(self._frame_colors()) != len(self._x):
            self._argb = np.full(len(self._x), 0xFF1F77B4, np.uint32)
            self._slot_colors = None
        self.version += 1
        self.prepareGeometryChange()
        if len(self._x):
            x0, x1 = float(self._x.min()), float(self._x.max())
            y0, y1 = float(self._y.min()), float(self._y.max())
            self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def set_colors(self, argb: np.ndarray) -> None:
        self._argb = np.ascontiguousarray(argb, dtype=np.uint32)
        self._slot_colors = None
        self.version += 1
        self.update()

    def set_palette_colors(self, slots: np.ndarray, palette: np.ndarray) -> None:
        """Colour point ``i`` ``palette[slots[i]]``: as :meth:`set_colors`, but the rasterizer
        is handed the slots, so a million dots need no sort of their colours each frame, and
        the colours themselves are made only when read (:meth:`colors`, an export)."""
        palette = np.asarray(palette, dtype=np.uint32)
        if not slots_fit(len(slots), len(palette)):
            self.set_colors(np.take(palette, slots))
            return
        self._slot_colors = SlotColors(slots, palette)
        self._argb = None
        self.version += 1
        self.update()

    def _frame_colors(self) -> np.ndarray | SlotColors:
        if self._argb is None:
            assert self._slot_colors is not None
            return self._slot_colors
        return self._argb

    @property
    def dot_radius(self) -> float:
        """The radius drawn on screen, in pixels: the base, the user's scale, few points larger."""
        return self.base_radius * self.size_scale * few_points_boost(len(self._x))

    def set_size_scale(self, scale: float) -> None:
        if scale != self.size_scale:
            self.size_scale = scale
            self.prepareGeometryChange()
            self.update()

    @property
    def count(self) -> int:
        return len(self._x)

    def points(self) -> np.ndarray:
        return np.stack([self._x, self._y], axis=1)

    def colors(self) -> np.ndarray:
        """One ARGB32 colour a point."""
        if self._argb is None:
            assert self._slot_colors is not None
            self._argb = self._slot_colors.colors()
        return self._argb

    def data_bounds(self) -> QRectF:
        return QRectF(self._bounds)

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None or not len(self._x):
            return QRectF(self._bounds)
        # The image is drawn over the visible part of the view, so that is what we cover. The
        # scene asks for this on every mouse move, and the padding costs a device transform:
        # keep it until the points or the view change.
        visible = view.viewRect()
        key = (self.version, visible.getRect(), view.width(), view.height(), self.dot_radius)
        if key != self._bounding_key:
            self._bounding_key = key
            self._bounding = visible.intersected(self._padded_bounds())
        return QRectF(self._bounding)

    def _padded_bounds(self) -> QRectF:
        pixel = self.pixelLength(pg.Point(1, 0)) or 0.0
        pad = (self.dot_radius + 1) * pixel
        return self._bounds.adjusted(-pad, -pad, pad, pad)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> tuple:
        if not len(self._x):
            return (None, None)
        r = self._bounds
        return (r.left(), r.right()) if ax == 0 else (r.top(), r.bottom())

    def paint(self, painter: QPainter, *args: object) -> None:
        if not len(self._x):
            return
        target = self.boundingRect()
        if target.isEmpty():
            return
        world = painter.worldTransform()
        if world.m12() or world.m21():
            return  # views here only scale and translate
        device = world.mapRect(target)
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        # Export renders through a scaled painter: grow the dots with it, so they look the same.
        scale = export_scale(self)
        left, top = math.floor(device.left()), math.floor(device.top())
        width = max(1, math.ceil(device.right()) - left)
        height = max(1, math.ceil(device.bottom()) - top)
        pw, ph = int(width * dpr), int(height * dpr)
        if pw * ph > 80_000_000:
            return
        sx, sy = world.m11() * dpr, world.m22() * dpr
        ox, oy = (world.dx() - left) * dpr, (world.dy() - top) * dpr
        radius = self.dot_radius * dpr * scale
        key = (self.version, sx, sy, ox, oy, pw, ph, radius)
        if key != self._raster_key:
            self._raster_image = self._rasterized(sx, sy, ox, oy, pw, ph, radius)
            self._raster_image.setDevicePixelRatio(dpr)
            self._raster_key = key
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.drawImage(QPointF(left, top), self._raster_image)
        painter.restore()
        self.paint_count += 1
        self.painted_version = self.version

    def _rasterized(
        self, sx: float, sy: float, ox: float, oy: float, pw: int, ph: int, radius: float
    ) -> QImage:
        """The points drawn into a (ph, pw) image whose buffer this item keeps alive."""
        # The image's size follows the points' extent, so it changes on every frame of a drag:
        # reuse one buffer while it fits (and is not far too big: after a 4K export, say).
        if not pw * ph <= self._raster_pixels.size <= 4 * pw * ph:
            self._raster_pixels = np.empty(pw * ph, np.uint32)
        # Mapping to pixels happens inside: in the compiled kernel's one loop at large N.
        pixels = self._rasterizer.rasterize_mapped(
            self._x, self._y, (sx, sy), (ox, oy), self._frame_colors(), pw, ph, radius,
            out=self._raster_pixels[: pw * ph].reshape(ph, pw),
        )  # fmt: skip
        return QImage(pixels.data, pw, ph, 4 * pw, QImage.Format.Format_ARGB32_Premultiplied)


def point_clouds(widget: QWidget) -> list[PointCloudItem]:
    """Every :class:`PointCloudItem` on the canvases under ``widget``."""
    return [
        item
        for canvas in widget.findChildren(pg.PlotWidget)
        for item in canvas.getPlotItem().items
        if isinstance(item, PointCloudItem)
    ]
