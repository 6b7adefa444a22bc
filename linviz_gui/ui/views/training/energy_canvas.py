"""A class's energy over the input plane as filled contour levels, with a colour bar.

The notebook's two energies for class k (computed in the worker, ``model/training/regions.py``):
the cross-entropy ``F(x, k) = C(s(x), k)``, low where the net is sure of k, or the negative
linear output ``−s_k(x)``. Each of :data:`LEVELS` bands has one colour of the colour map
(low energy dark), with a dark line between bands; the bar beside it gives the values.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from linviz_gui.render.view_fit import Box
from linviz_gui.ui.views.training.plane_colors import band_edges, band_rgba
from linviz_gui.ui.views.training.regions_canvas import PlaneCanvas

LEVELS = 12
COLORMAP = "viridis"


def band_table(levels: int = LEVELS) -> np.ndarray:
    """One RGB colour (uint8) per band, sampled at the middle of each along the colour map."""
    cmap = pg.colormap.get(COLORMAP)
    middles = (np.arange(levels) + 0.5) / levels
    return np.asarray(cmap.map(middles, mode=pg.ColorMap.BYTE), np.uint8)[:, :3]


def banded_colormap(levels: int = LEVELS) -> pg.ColorMap:
    """The colour bar's map: the same colours, in steps (each band's colour over its range)."""
    table = band_table(levels)
    positions = np.repeat(np.arange(levels + 1) / levels, 2)[1:-1]
    colors = np.repeat(table, 2, axis=0)
    return pg.ColorMap(positions, colors)


class EnergyCanvas(PlaneCanvas):
    """The input plane coloured by one class's energy, points on top, a colour bar at the side."""

    def __init__(self) -> None:
        super().__init__("training-energy", "Energy")
        self.color_bar = pg.ColorBarItem(
            values=(0.0, 1.0), colorMap=banded_colormap(), interactive=False, width=14
        )
        # Where ColorBarItem.setImageItem(insert_in=...) puts it, without tying it to the image's
        # levels (the image is coloured here, band by band).
        self.getPlotItem().layout.addItem(self.color_bar, 2, 5)
        self.edges = np.linspace(0.0, 1.0, LEVELS + 1)
        #: One colour per band, low energy first (the surface uses the same).
        self.band_colors = band_table()

    def show_energy(self, energy: np.ndarray, extent: Box, title: str) -> None:
        """Draw ``energy`` (rows, columns) over ``extent`` in bands; the bar spans its range."""
        self.edges = band_edges(energy, LEVELS)
        self.set_image(band_rgba(energy, self.edges, self.band_colors), extent)
        self.color_bar.setLevels((float(self.edges[0]), float(self.edges[-1])))
        self.color_bar.axis.setLabel(f"F  (top band: ≥ {self.edges[-2]:.3g})")
        self.getPlotItem().setTitle(title)
