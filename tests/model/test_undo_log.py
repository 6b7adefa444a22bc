"""The shared, labelled undo history: steps of several owners undone in the user's order."""

from __future__ import annotations

import pytest

from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.scene import Scene
from linviz_gui.model.undo_log import UndoLog


def test_steps_of_two_owners_undo_in_reverse_order_and_redo_replays() -> None:
    log = UndoLog()
    states = {"W": "w0", "Network": "n0"}
    for owner in states:
        log.register(owner, lambda state, o=owner: states.__setitem__(o, state))
    states["W"] = "w1"
    log.record("drag of W", "W", "w0", "w1")
    states["Network"] = "n1"
    log.record("add layer", "Network", "n0", "n1")
    assert log.undo_label() == "add layer"
    assert log.undo() is not None
    assert states == {"W": "w1", "Network": "n0"}
    assert (log.undo_label(), log.redo_label()) == ("drag of W", "add layer")
    log.undo()
    assert states == {"W": "w0", "Network": "n0"}
    assert not log.can_undo() and log.undo() is None and log.undo_label() == ""
    log.redo()
    log.redo()
    assert states == {"W": "w1", "Network": "n1"}
    assert not log.can_redo()


def test_putting_a_state_back_records_nothing_and_keeps_the_redo_stack() -> None:
    log = UndoLog()
    # A put-back that goes through the same path as a user's edit (it records again).
    log.register("Classifier", lambda state: log.record("set w", "Classifier", "x", state))
    log.record("set w", "Classifier", "a", "b")
    log.undo()
    assert log.can_redo() and not log.can_undo()
    assert log.redo_label() == "set w"


def test_an_unchanged_state_is_no_step() -> None:
    log = UndoLog()
    assert not log.record("set w", "Classifier", (1.0, 2.0), (1.0, 2.0))
    assert not log.can_undo()


def test_the_scene_labels_a_drag_and_a_typed_w() -> None:
    scene = Scene()
    scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 1.0))
    assert scene.undo_log.undo_label() == "set W"
    scene.begin_drag()
    scene.set_matrix(Matrix2(3.0, 0.0, 0.0, 1.0))
    scene.set_matrix(Matrix2(4.0, 0.0, 0.0, 1.0))
    scene.end_drag()
    assert scene.undo_log.undo_label() == "drag of W"
    scene.undo()  # the whole drag is one step
    assert scene.matrix == Matrix2(2.0, 0.0, 0.0, 1.0)
    assert scene.undo_log.redo_label() == "drag of W"


def test_a_refused_put_back_leaves_both_stacks_as_they_were() -> None:
    log = UndoLog()
    shown = {"Classifier": "a"}

    def put_back(state: str) -> None:
        if state == "gone":
            raise InputError("the points file is gone")
        shown["Classifier"] = state

    log.register("Classifier", put_back)
    log.record("load points", "Classifier", "gone", "a")
    with pytest.raises(InputError):
        log.undo()
    assert shown == {"Classifier": "a"}  # what the history says is on screen still is
    assert log.undo_label() == "load points" and not log.can_redo()


def test_one_gesture_over_two_owners_is_one_step_undone_newest_first() -> None:
    log = UndoLog()
    shown = {"Network": "net 0", "W": "w 0"}
    order: list[str] = []

    def owner(name: str):  # type: ignore[no-untyped-def]
        def put_back(state: str) -> None:
            order.append(name)
            shown[name] = state

        return put_back

    log.register("Network", owner("Network"))
    log.register("W", owner("W"))
    log.record("set W", "W", "w 0", "w 1")
    with log.one_gesture("open W #1"):
        log.record("open W #1", "Network", "net 0", "net 1")
        log.record("set W", "W", "w 1", "w 2")
    shown.update(Network="net 1", W="w 2")
    assert log.undo_label() == "open W #1"
    log.undo()  # both, the W first: the reverse of the order they were made
    assert shown == {"Network": "net 0", "W": "w 1"} and order == ["W", "Network"]
    assert log.undo_label() == "set W" and log.redo_label() == "open W #1"
    log.redo()
    assert shown == {"Network": "net 1", "W": "w 2"} and order[2:] == ["Network", "W"]
    log.undo()
    log.undo()
    assert shown == {"Network": "net 0", "W": "w 0"} and not log.can_undo()


def test_a_gesture_of_one_step_keeps_that_steps_own_label() -> None:
    log = UndoLog()
    with log.one_gesture("open tanh net"):
        log.record("open tanh net", "Network", "a", "b")
        log.record("set W", "W", "w", "w")  # the W it brings is W already: no change
    assert log.undo_label() == "open tanh net"
    log.undo()
    assert not log.can_undo() and log.redo_label() == "open tanh net"
