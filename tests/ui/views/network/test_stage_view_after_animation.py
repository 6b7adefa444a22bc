"""After Animate X → f(X) the stage canvas frames the whole cloud, and keeps framing it when the
canvas changes shape (a window resize, the splitter, the tour panel, a title one line longer).

The bug this guards: the view was judged by the range it happened to show, which on a tall
canvas reaches far beyond the range that was fitted. A net that stretched X upwards stayed
inside that slack during the animation, so nothing refitted; the next change of shape shrank the
view back to the fitted range and cut the cloud's top and bottom off.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from linviz_gui.model.linear.matrix import Matrix2
from tests.ui.views.network.test_network_view import _choose_preset, _type, _wait_for, view

__all__ = ["view"]  # the fixture, shared with the Network tab's other tests


def _whole_cloud_shown(view) -> bool:  # type: ignore[no-untyped-def]
    canvas = view.stage_canvas
    return canvas.view_box().contains(canvas.content_box())


def _settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


def test_a_tall_f_of_x_stays_framed_after_animate_and_a_resize(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    # The Explorer's W as the net: it stretches the cloud 1.4× upwards and squeezes it sideways.
    view._scene.set_matrix(Matrix2(0.3, 0.0, 0.0, 1.4))
    _choose_preset(view, "explorer_w")
    _wait_for(qtbot, view)
    view.scrubber.go_first()
    view.fit()  # framed on X, as a user who pressed F there
    _type(qtbot, view.animation_form.steps_field, "6")
    view.animation_form.play_button.click()
    qtbot.waitUntil(lambda: not view.animating, timeout=5000)
    _settle()
    assert view.scrubber.position() == view.scrubber.stage_count - 1  # at f(X)
    assert _whole_cloud_shown(view)
    for width, height in ((1500, 500), (800, 900), (1100, 750)):
        view.resize(width, height)
        _settle()
        assert _whole_cloud_shown(view), (width, height, view.stage_canvas.view_box())
