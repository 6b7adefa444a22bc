"""A listener that changes the value while being told of it: every listener ends on the newest."""

from __future__ import annotations

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.model.scene import Scene


def test_a_change_made_while_a_change_is_announced_is_the_last_every_listener_hears() -> None:
    scene = Scene()
    w1, w2 = Matrix2(2.0, 0.0, 0.0, 1.0), Matrix2(3.0, 0.0, 0.0, 1.0)

    def snap_back(w: Matrix2) -> None:  # as an editor that corrects W on the way
        if w == w1:
            scene.set_matrix(w2)

    heard_first: list[Matrix2] = []
    heard_last: list[Matrix2] = []
    scene.matrix_changed.connect(heard_first.append)
    scene.matrix_changed.connect(snap_back)
    scene.matrix_changed.connect(heard_last.append)  # as the explorer's handles

    scene.set_matrix(w1)

    assert scene.matrix == w2
    assert heard_first == [w1, w2]
    assert heard_last == [w2]  # not [w2, w1]: a handle would sit at a W the scene left
