"""The SVD tab as an exportable animation (see the protocol in ``ui/export/animation.py``).

Each frame sets the tab to a position along its path, X → VᵀX → S VᵀX → U S VᵀX or the straight
path (1 − a) I + a W, and renders its canvas as on screen; the last frame is W X itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QImage

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.linear.svd_path import PathKind
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.export.animation import morph_fractions
from linviz_gui.ui.export.image_render import render_canvas

if TYPE_CHECKING:
    from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas


class SvdFilmView(Protocol):
    """What the film uses of the SVD tab (``SvdView``), so the view imports the film, not back."""

    canvas: SpaceCanvas

    def is_current(self) -> bool: ...

    def view_state(self) -> dict[str, Any]: ...

    def apply_view_state(self, state: dict[str, Any]) -> None: ...

    def set_position(self, position: float) -> None: ...


TITLES: dict[PathKind, str] = {
    "svd": "SVD: stages X → VᵀX → S VᵀX → U S VᵀX",
    "straight": "SVD: straight path (1 − a) I + a W",
}


class SvdPathFilm:
    """The SVD tab's canvas along ``path``, one eased position per frame.

    The view is the one the tab keeps for its whole path (every stage fits in it).
    """

    def __init__(
        self,
        view: SvdFilmView,
        path: PathKind,
        steps: int = 150,
        p: float = 0.001,
        easing: str = "log",
    ) -> None:
        self.title = TITLES[path]
        self._view = view
        self._path = path
        self._fractions = morph_fractions(steps, p, easing)
        self._saved: tuple[str, float, Box] | None = None

    def frame_count(self) -> int:
        return len(self._fractions)

    def render_frame(self, index: int, width: int, height: int) -> QImage:
        view = self._view
        if self._saved is None:
            if not view.is_current():
                raise InputError(
                    "the SVD tab is still computing the current W; try again in a moment"
                )
            state = view.view_state()
            self._saved = (state["path"], state["position"], view.canvas.view_box())
            view.apply_view_state({"path": self._path})
        view.set_position(float(self._fractions[index]))
        return render_canvas(view.canvas, width, height)

    def finish(self) -> None:
        if self._saved is None:
            return
        path, position, box = self._saved
        self._saved = None
        self._view.apply_view_state({"path": path, "position": position})
        self._view.canvas.set_view(box)
