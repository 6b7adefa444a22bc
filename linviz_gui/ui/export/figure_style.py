"""How an exported picture is drawn: as on screen, or for slides (larger text, darker ink).

A style is applied to a canvas only while it is rendered and then put back, so the screen never
shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pyqtgraph as pg

from linviz_gui.model.linear.matrix import InputError


@dataclass(frozen=True)
class FigureStyle:
    """The look of an exported picture.

    Attributes
    ----------
    name
        What the user picks (``"screen"``, ``"slide"``).
    size
        How much larger than on screen text, dots and arrows are drawn, relative to the page.
    ink
        The colour of ticks, axes and titles; ``None`` keeps the screen's light grey.
    handles
        Whether the drag handles are drawn (they are interaction, not content: off by default).
    """

    name: str
    size: float = 1.0
    ink: str | None = None
    handles: bool = False

    def with_handles(self, handles: bool) -> FigureStyle:
        return replace(self, handles=handles)


SCREEN = FigureStyle("screen")
#: Read from the back of a lecture hall: everything 1.6 times larger, near-black ticks and titles.
SLIDE = FigureStyle("slide", size=1.6, ink="#1a1a1a")
STYLES = {style.name: style for style in (SCREEN, SLIDE)}


def style_named(name: str) -> FigureStyle:
    """The style called ``name``; raises :class:`InputError` naming it when there is none."""
    style = STYLES.get(name.strip().lower())
    if style is None:
        raise InputError(f"unknown figure style {name!r}; choose one of: {', '.join(STYLES)}")
    return style


@contextmanager
def styled(canvas: pg.PlotWidget, style: FigureStyle) -> Iterator[None]:
    """Draw ``canvas``'s axes and title in ``style``'s ink while the block runs."""
    if style.ink is None:
        yield
        return
    plot = canvas.getPlotItem()
    axes = [plot.getAxis(name) for name in ("left", "bottom") if plot.getAxis(name).isVisible()]
    saved_pens = [(axis.pen(), axis.textPen()) for axis in axes]
    title = plot.titleLabel
    saved_title = (title.text, dict(title.opts))
    try:
        for axis in axes:
            axis.setPen(pg.mkPen(style.ink))
            axis.setTextPen(pg.mkPen(style.ink))
        if title.text:
            title.setText(title.text, color=style.ink)
        yield
    finally:
        for axis, (pen, text_pen) in zip(axes, saved_pens, strict=True):
            axis.setPen(pen)
            axis.setTextPen(text_pen)
        if saved_title[0]:
            title.opts = saved_title[1]
            title.setText(saved_title[0])
