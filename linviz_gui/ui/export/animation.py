"""Animations that can be exported frame by frame: the protocol, and the easing they share.

An **animation source** is any object with::

    title: str                       # shown in the export dialog
    frame_count() -> int             # how many frames
    render_frame(i, width, height) -> QImage   # frame i, 0 <= i < frame_count()
    finish() -> None                 # put the view back as it was before the first frame

``render_frame`` runs in the GUI thread (it paints), in order from 0, with the same size each
time. A source usually sets its view to the state of frame ``i`` and renders a canvas with
:func:`~linviz_gui.ui.export.image_render.render_canvas`, so the frames look like the screen.
Views plug in by having a method
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
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.linear.svd_path import straight_matrix

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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
    """The straight path's ``(1 - a) I + a W`` as a matrix: the identity at 0, W at 1.

    See :func:`~linviz_gui.model.linear.svd_path.straight_matrix`."""
    return Matrix2(*straight_matrix(w, fraction).ravel().tolist())


def animation_sources(
    views: Sequence[QWidget], steps: int = 150, p: float = 0.001, easing: str = "log"
) -> list[AnimationSource]:
    """Every animation the open views offer, in tab order."""
    sources: list[AnimationSource] = []
    for view in views:
        offer = getattr(view, "animation_sources", None)
        if callable(offer):
            sources.extend(offer(steps=steps, p=p, easing=easing))
    return sources
