"""The explorer as an exportable animation (see the protocol in ``ui/export/animation.py``):
the output space as W grows out of the identity."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QImage

from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.render.view_fit import fitted
from linviz_gui.ui.export.animation import blend, morph_fractions
from linviz_gui.ui.export.image_render import render_canvas

if TYPE_CHECKING:
    from linviz_gui.ui.views.explorer.view import ExplorerView


class ExplorerMorph:
    """The output space as W grows out of the identity: ``X @ M(t).T`` with ``M = I + a(W - I)``.

    The points are the input points on screen, moved with numpy (no torch; this is only drawing).
    The view is fixed for the whole film, fitted to the first and the last frame.
    """

    title = "Explorer: identity → W (output space)"

    def __init__(self, view: ExplorerView, steps: int = 150, p: float = 0.001, easing: str = "log"):
        self._view = view
        self._canvas = view.output_canvas
        self._fractions = morph_fractions(steps, p, easing)
        self._w = view._scene.matrix
        self._x = view.input_canvas.points.points().astype(np.float32)
        self._colors = view.input_canvas.points.colors().copy()
        self._saved: tuple[np.ndarray, np.ndarray, object] | None = None
        if not len(self._x):
            raise InputError("the points are not computed yet; try again in a moment")

    def frame_count(self) -> int:
        return len(self._fractions)

    def render_frame(self, index: int, width: int, height: int) -> QImage:
        canvas = self._canvas
        if self._saved is None:
            self._saved = (canvas.points.points(), canvas.points.colors().copy(), canvas.view_box())
            canvas.set_points(self._frame_points(len(self._fractions) - 1), self._colors)
            canvas.set_basis(self._w, ("We₁", "We₂"))
            end = canvas.content_box()
            canvas.set_basis(Matrix2.identity(), ("We₁", "We₂"))
            canvas.set_points(self._x, self._colors)
            canvas.set_view(fitted(end.union(canvas.content_box())))
        m = blend(self._w, float(self._fractions[index]))
        canvas.set_points(self._frame_points(index), None)
        canvas.set_basis(m, ("We₁", "We₂"))
        return render_canvas(canvas, width, height)

    def _frame_points(self, index: int) -> np.ndarray:
        m = blend(self._w, float(self._fractions[index]))
        return self._x @ np.array(m.rows, dtype=np.float32).T

    def finish(self) -> None:
        if self._saved is None:
            return
        points, colors, box = self._saved
        self._canvas.set_points(points, colors)
        self._canvas.set_basis(self._view._scene.matrix, ("We₁", "We₂"))
        self._canvas.set_view(box)  # type: ignore[arg-type]
        self._saved = None
        # A result may have come in while the frames were drawn: ask for the current one again.
        self._view.request_transform()
