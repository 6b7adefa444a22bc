"""Edit → Undo / Redo name the step they would take back, and are off when there is none."""

from __future__ import annotations

from linviz_gui.model.linear.matrix import Matrix2


def test_the_edit_menu_names_each_step_and_is_off_past_the_start(window) -> None:  # type: ignore[no-untyped-def]
    scene = window.scene
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
    scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 1.0))
    scene.begin_drag()
    scene.set_matrix(Matrix2(2.0, 1.0, 0.0, 1.0))
    scene.set_matrix(Matrix2(2.0, 2.0, 0.0, 1.0))
    scene.end_drag()
    assert window.undo_action.text() == "&Undo drag of W"
    window.undo_action.trigger()  # the whole drag, in one step
    assert scene.matrix == Matrix2(2.0, 0.0, 0.0, 1.0)
    assert window.undo_action.text() == "&Undo set W"
    assert window.redo_action.text() == "&Redo drag of W"
    window.undo_action.trigger()
    assert scene.matrix == Matrix2.identity()
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
    window.undo_action.trigger()  # beyond the start: nothing changes
    assert scene.matrix == Matrix2.identity()
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert scene.matrix == Matrix2(2.0, 2.0, 0.0, 1.0)
    assert not window.redo_action.isEnabled() and window.redo_action.text() == "&Redo"
