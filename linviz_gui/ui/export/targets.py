"""What can be exported (every canvas of a tab, a whole tab, the window) and writing it to a file.

Canvases are found generically, as the ``pg.PlotWidget`` children of a widget, so every view
(the explorer, and whatever tabs are added later) exports without knowing about this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from linviz_gui.model.files.atomic_file import check_target, write_atomic
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.render.svg import Panel, svg_document
from linviz_gui.ui.export.canvas_figure import canvas_panel
from linviz_gui.ui.export.figure_style import SCREEN, FigureStyle
from linviz_gui.ui.export.image_render import (
    check_image_size,
    render_canvas,
    render_canvases,
    render_widget,
    save_png,
)

EXTENSIONS = (".png", ".svg")


@dataclass(frozen=True)
class ExportTarget:
    """A thing to export: one canvas, or a whole widget (a tab or the window)."""

    name: str
    widget: QWidget

    @property
    def whole_window(self) -> bool:
        """The window is drawn as a screenshot; a tab (or any other part) as its canvases."""
        return self.widget.isWindow()

    @property
    def canvases(self) -> list[pg.PlotWidget]:
        return find_canvases(self.widget)


def find_canvases(widget: QWidget) -> list[pg.PlotWidget]:
    """``widget`` itself if it is a canvas, else its canvas children in creation order."""
    if isinstance(widget, pg.PlotWidget):
        return [widget]
    canvases = list(widget.findChildren(pg.PlotWidget))

    def reading_order(canvas: pg.PlotWidget) -> tuple[int, int]:
        corner = canvas.mapTo(widget, QPoint(0, 0))
        return (corner.y(), corner.x())

    return sorted(canvases, key=reading_order)


def canvas_name(canvas: pg.PlotWidget, index: int = 0) -> str:
    """The canvas's title as the user reads it (or its object name)."""
    title = str(getattr(canvas.getPlotItem().titleLabel, "text", "") or "")
    title = re.sub(r"<[^>]+>", "", title).strip() or canvas.objectName()
    return re.sub(r"\s+", " ", title) or f"canvas {index + 1}"


def canvas_targets(widget: QWidget) -> list[ExportTarget]:
    return [ExportTarget(canvas_name(c, i), c) for i, c in enumerate(find_canvases(widget))]


def render_image(
    target: ExportTarget,
    width: int,
    height: int,
    transparent: bool,
    fit: bool = False,
    style: FigureStyle = SCREEN,
) -> QImage:
    """``target`` as a ``width`` x ``height`` picture: a canvas or a tab's canvases filling the
    page, or the window as a screenshot (a widget with no canvas is drawn as one too)."""
    if isinstance(target.widget, pg.PlotWidget):
        return render_canvas(target.widget, width, height, transparent, fit, style)
    canvases = [] if target.whole_window else target.canvases
    if any(c.isVisible() for c in canvases):
        return render_canvases(canvases, width, height, transparent, fit, style)
    return render_widget(target.widget, width, height, transparent, style)


def export_to_file(
    target: ExportTarget,
    path: Path | str,
    width: int,
    height: int,
    transparent: bool = False,
    fit: bool = False,
    style: FigureStyle = SCREEN,
) -> str:
    """Write ``target`` to ``path`` (.png or .svg, chosen by the extension), atomically.

    ``fit`` fits each canvas's view to its content for the page instead of keeping the range
    shown on screen; ``style`` is the look of a PNG (screen or slide, handles or not). Returns a
    note for the user (empty when there is nothing to add), e.g. that a picture of a whole tab
    holds its canvases only.

    Raises
    ------
    InputError
        For a bad size, an unknown extension, a missing or unwritable folder, a full disk.
    """
    check_image_size(width, height)
    destination = check_target(path, EXTENSIONS)
    if destination.suffix.lower() == ".png":
        save_png(render_image(target, width, height, transparent, fit, style), destination)
        drawn_as_canvases = not target.whole_window and not isinstance(target.widget, pg.PlotWidget)
        return "The picture holds the tab's canvases only." if drawn_as_canvases else ""
    canvases = target.canvases
    if not canvases:
        raise InputError(f"{target.name} has no canvas to draw as SVG; export it as PNG")
    panels: list[Panel] = [canvas_panel(c, fit) for c in canvases]
    background = None if transparent else "#ffffff"
    figure = svg_document(panels, width, height, background)
    write_atomic(destination, figure.text.encode("utf-8"))
    note = figure.note
    if not isinstance(target.widget, pg.PlotWidget):
        note = (note + " The SVG holds the canvases only, side by side.").strip()
    return note
