"""Animations that can be exported frame by frame, and the explorer's identity → W morph.

An **animation source** is any object with::

    title: str                       # shown in the export dialog
    frame_count() -> int             # how many frames
    render_frame(i, width, height) -> QImage   # frame i, 0 <= i < frame_count()
    finish() -> None                 # put the view back as it was before the first frame

``render_frame`` runs in the GUI thread (it paints), in order from 0, with the same size each
time. A source usually sets its view to the state of frame ``i`` and renders a canvas with
:func:`~linviz_gui.ui.export.image_render.render_canvas`, so the frames look like the screen.
Other views plug in by having a method
``animation_sources(steps=150, p=0.001, easing="log") -> list[AnimationSource]``; the animation
dialog asks every view for it with its frame count and easing (see :func:`animation_sources`,
:func:`morph_fractions`). A source's constructor should not raise for a view that is not ready
(the dialog lists every title first); ``render_frame(0, ...)`` raises ``InputError`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from PySide6.QtGui import QImage

from linviz_gui.model.easing import eased_fractions
from linviz_gui.model.matrix import InputError, Matrix2
from linviz_gui.model.svd_path import straight_matrix
from linviz_gui.render.view_fit import fitted
from linviz_gui.ui.export.image_render import render_canvas

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from linviz_gui.ui.explorer_view import ExplorerView

MAX_FRAMES = 2000


@runtime_checkable
class AnimationSource(Protocol):
    title: str

    def frame_count(self) -> int: ...

    def render_frame(self, index: int, width: int, height: int) -> QImage: ...

    def finish(self) -> None: ...


def morph_fractions(steps: int, p: float = 0.001, easing: str = "log") -> np.ndarray:
    """How far along identity → W each frame is, from 0 to 1 inclusive, after checking the
    dialog's values.

    ``"log"`` is the course notebook's easing (:func:`~linviz_gui.model.easing.eased_fractions`):
    ``a = ((p + 1)**(t / (steps - 1)) - 1) / p``; ``"linear"`` is ``t / (steps - 1)``.
    """
    if not isinstance(steps, int) or not 2 <= steps <= MAX_FRAMES:
        raise InputError(f"the number of frames must be between 2 and {MAX_FRAMES}; got {steps}")
    if easing == "linear":
        return eased_fractions(steps, "linear")
    if easing != "log":
        raise InputError(f"easing must be 'log' or 'linear'; got {easing!r}")
    if not (isinstance(p, (int, float)) and 0 < p <= 1e6):
        raise InputError(f"easing p must be a number above 0 and at most 1e6; got {p!r}")
    return eased_fractions(steps, "notebook", p)


def blend(w: Matrix2, fraction: float) -> Matrix2:
    """The straight path's ``(1 - a) I + a W`` (:func:`~linviz_gui.model.svd_path.straight_matrix`)
    as a matrix: the identity at 0, W at 1."""
    return Matrix2(*straight_matrix(w, fraction).ravel().tolist())


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


def animation_sources(
    views: Sequence[QWidget], steps: int = 150, p: float = 0.001, easing: str = "log"
) -> list[AnimationSource]:
    """Every animation the open views offer: the explorer's morph, then each view's own."""
    from linviz_gui.ui.explorer_view import ExplorerView

    sources: list[AnimationSource] = []
    for view in views:
        if isinstance(view, ExplorerView):
            sources.append(ExplorerMorph(view, steps, p, easing))
        offer = getattr(view, "animation_sources", None)
        if callable(offer):
            sources.extend(offer(steps=steps, p=p, easing=easing))
    return sources
