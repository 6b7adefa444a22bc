"""A plot title that can change on every frame of a scrub without relayouting the plot.

pyqtgraph's ``PlotItem.setTitle`` (through ``LabelItem.setText``, ``updateMin`` and
``resizeEvent``) asks the plot's layout for a new geometry every time, even when the title's
row (fixed at 30 pixels) and width stay as they were. Here a new text that fits the room the
title already has is only set on the label's text item and centred again, as ``resizeEvent``
centres it; the layout is asked only when the text needs more room.
"""

from __future__ import annotations

import pyqtgraph as pg


def set_plot_title(item: pg.PlotItem, html: str) -> None:
    """Show ``html`` as ``item``'s title, relayouting the plot only when it must grow."""
    label = item.titleLabel
    if label.isVisible() and label.text == html:
        return
    plain = label.opts == {"color": None, "justify": "center"} and label.angle == 0
    if not label.isVisible() or not plain:
        item.setTitle(html)  # the first title, or one styled beyond pyqtgraph's defaults
        return
    label.text = html
    # What LabelItem.setText puts in its text item for pyqtgraph's default style.
    color = pg.mkColor(pg.getConfigOption("foreground"))
    label.item.setHtml(f"<span style='color: {color.name(color.NameFormat.HexArgb)}'>{html}</span>")
    text = label.item
    text.setPos(0, 0)
    bounds = label.itemRect()
    if bounds.width() > label.width() or bounds.height() > label.minimumHeight():
        label.setText(html)  # needs more room than it has: the layout must make some
        return
    placed = bounds.translated(0, 0)
    placed.moveCenter(label.rect().center())
    text.setPos(placed.topLeft() - bounds.topLeft())
