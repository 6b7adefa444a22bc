"""The Network tab's layer scrubber as an animation to export (see ``ui/export/animation.py``).

Each frame draws the stage canvas at a position of the scrubber, from the input X (stage 0)
through every ``× W``, ``+ b`` and activation to f(X), eased like the explorer's morph. The view
is fixed for the whole film, fitted to every stage, so the points move rather than the axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QImage

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.render.view_fit import Box, fitted
from linviz_gui.ui.export.animation import morph_fractions
from linviz_gui.ui.export.image_render import render_canvas

if TYPE_CHECKING:
    from linviz_gui.ui.views.network.canvas import NetworkCanvas
    from linviz_gui.ui.widgets.layer_scrubber import LayerScrubber


class NetworkFilmView(Protocol):
    """What the film uses of the Network tab (``NetworkView``), so the view imports the film."""

    stage_canvas: NetworkCanvas
    scrubber: LayerScrubber

    def computed_stage_count(self) -> int | None: ...

    def stop_animation(self) -> None: ...

    def show_position(self, position: float) -> None: ...


class NetworkLayerFilm:
    """The stage canvas from X to f(X), one eased scrubber position per frame."""

    title = "Network: layer by layer, X → f(X)"

    def __init__(
        self, view: NetworkFilmView, steps: int = 150, p: float = 0.001, easing: str = "log"
    ) -> None:
        self._view = view
        self._fractions = morph_fractions(steps, p, easing)
        self._last_stage = 0
        self._saved: Box | None = None

    def frame_count(self) -> int:
        return len(self._fractions)

    def render_frame(self, index: int, width: int, height: int) -> QImage:
        view = self._view
        canvas = view.stage_canvas
        if self._saved is None:
            count = view.computed_stage_count()
            if count is None:
                raise InputError(
                    "the network is not computed yet: show the Network tab, wait for its "
                    "picture, then export again"
                )
            view.stop_animation()
            self._saved = canvas.view_box()
            self._last_stage = count - 1
            box: Box | None = None
            for stage in range(count):
                view.show_position(stage)
                box = canvas.content_box() if box is None else box.union(canvas.content_box())
            assert box is not None
            canvas.set_view(fitted(box))
        view.show_position(float(self._fractions[index]) * self._last_stage)
        return render_canvas(canvas, width, height)

    def finish(self) -> None:
        if self._saved is None:
            return
        box, self._saved = self._saved, None
        view = self._view
        view.show_position(view.scrubber.position())
        view.stage_canvas.set_view(box)
