"""A plot title that can change on every frame of a scrub without relayouting the plot.

pyqtgraph's ``PlotItem.setTitle`` (through ``LabelItem.setText``, ``updateMin`` and
``resizeEvent``) asks the plot's layout for a new geometry every time, even when the title's
row (fixed at 30 pixels) and width stay as they were. Here a new text no wider than the label
is only set on the label's text item and centred again, as ``resizeEvent`` centres it; the
layout is asked only when the text needs more room.
"""

from __future__ import annotations

import pyqtgraph as pg


def set_plot_title(item: pg.PlotItem, html: str) -> None:
    """Show ``html`` as ``item``'s title, relayouting the plot only when it must grow."""
    label = item.titleLabel
    if label.isVisible() and label.text == html:
        return
    if not label.isVisible() or label.angle != 0 or label.opts.get("justify") != "center":
        item.setTitle(html)  # the first title, or one laid out unlike pyqtgraph's default
        return
    label.text = html
    text = label.item
    text.setHtml(styled(label.opts, html))
    text.setPos(0, 0)
    bounds = label.itemRect()
    # The title's row is fixed at 30 pixels (a taller text overflows it, as with setTitle), so
    # only a text wider than the label needs the layout.
    if bounds.width() > label.width():
        label.setText(html)
        return
    placed = bounds.translated(0, 0)
    placed.moveCenter(label.rect().center())
    text.setPos(placed.topLeft() - bounds.topLeft())


def styled(opts: dict, html: str) -> str:
    """The HTML ``LabelItem.setText`` gives its text item for ``html`` under ``opts``."""
    color = pg.mkColor(
        opts["color"] if opts.get("color") is not None else pg.getConfigOption("foreground")
    )
    style = [f"color: {color.name(color.NameFormat.HexArgb)}"]
    if "family" in opts:
        style.append(f"font-family: {opts['family']}")
    if "size" in opts:
        style.append(f"font-size: {opts['size']}")
    if opts.get("bold") in (True, False):
        style.append(f"font-weight: {'bold' if opts['bold'] else 'normal'}")
    if opts.get("italic") in (True, False):
        style.append(f"font-style: {'italic' if opts['italic'] else 'normal'}")
    return f"<span style='{'; '.join(style)}'>{html}</span>"
