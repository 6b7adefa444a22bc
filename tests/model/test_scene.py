import pytest

from linviz_gui.model.data.point_sets import DatasetSpec, make_points, parse_int
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.scene import Scene


def test_set_matrix_emits_only_on_real_change() -> None:
    scene = Scene()
    seen: list[Matrix2] = []
    scene.matrix_changed.connect(seen.append)
    scene.set_matrix(Matrix2.identity())
    scene.set_matrix(Matrix2(2, 0, 0, 1))
    assert seen == [Matrix2(2, 0, 0, 1)]


def test_a_drag_is_one_undo_step_and_a_cancel_restores_the_start() -> None:
    scene = Scene()
    scene.begin_drag()
    for x in (1.1, 1.2, 1.3):
        scene.set_matrix(scene.matrix.with_column(0, (x, 0.0)))
    scene.end_drag()
    assert scene.matrix.a == 1.3
    scene.undo()
    assert scene.matrix == Matrix2.identity()
    scene.redo()
    assert scene.matrix.a == 1.3
    scene.begin_drag()
    scene.set_matrix(scene.matrix.with_column(1, (5.0, 5.0)))
    scene.cancel_drag()
    assert scene.matrix.a == 1.3 and scene.matrix.b == 0.0
    scene.undo()
    assert scene.matrix == Matrix2.identity()


def test_dataset_validation_names_the_bad_value() -> None:
    with pytest.raises(InputError, match="N must be between 1 and 2,000,000; got 0"):
        DatasetSpec(n=0)
    with pytest.raises(InputError, match="got -5"):
        DatasetSpec(n=-5)
    with pytest.raises(InputError, match="seed must be a whole number"):
        parse_int("1.5", "seed")
    with pytest.raises(InputError, match="N must be a whole number"):
        parse_int("many", "N")
    assert parse_int("1e6", "N") == 1_000_000
    assert parse_int("1,000", "N") == 1000


def test_gaussian_cloud_is_the_course_randn() -> None:
    import torch

    torch.manual_seed(0)
    expected = torch.randn(1000, 2)
    points, colours = make_points(DatasetSpec("gaussian", 1000, 0))
    assert torch.equal(points, expected)
    assert float(colours.min()) >= 0 and float(colours.max()) <= 1


def test_two_points_keep_their_colours_order() -> None:
    points, colours = make_points(DatasetSpec("two_points"))
    assert points.tolist() == [[0.0, 4.0], [0.5, 5.0]]
    assert colours.tolist() == [0.0, 1.0]  # 0.1 and 0.2 normalised, as scatter(c=...) does
