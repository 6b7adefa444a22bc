"""What ``lv.figure`` / ``lv.show`` accept as W and points, and how they refuse the rest."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from linviz_gui.api.objects import dataset_of, matrix_of
from linviz_gui.api.session_of import session_of
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.session import Session
from linviz_gui.model.linear.matrix import InputError, Matrix2

W = Matrix2(0.3439, 0.9503, -0.2960, 0.1503)
ROWS = [[0.3439, 0.9503], [-0.2960, 0.1503]]


def _linear(bias: bool) -> torch.nn.Linear:
    layer = torch.nn.Linear(2, 2, bias=bias)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(ROWS))
        if bias:
            layer.bias.zero_()
    return layer


@pytest.mark.parametrize(
    "obj",
    [
        torch.tensor(ROWS),
        torch.tensor(ROWS, dtype=torch.float64, requires_grad=True),
        np.array(ROWS),
        ROWS,
        "0.3439,0.9503;-0.2960,0.1503",
        W,
    ],
    ids=["tensor", "tensor-grad", "array", "lists", "text", "Matrix2"],
)
def test_each_way_of_writing_w_gives_the_same_matrix(obj: object) -> None:
    got = matrix_of(obj)
    assert np.allclose(got.rows, ROWS, atol=1e-7)


def test_nn_linear_gives_its_weight_as_w_rows_as_torch_stores_them() -> None:
    # y = layer(x) = x @ W.T: the Explorer's W is exactly layer.weight.
    assert np.allclose(matrix_of(_linear(bias=False)).rows, ROWS)
    assert np.allclose(matrix_of(_linear(bias=True)).rows, ROWS)  # a zero bias changes nothing


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        (torch.nn.Linear(2, 2), "has the bias ["),
        (torch.nn.Linear(3, 2), "nn.Linear(3, 2) maps R^3 to R^2"),
        (torch.zeros(3, 2), "W must be 2x2; got a torch.Tensor of shape (3, 2)"),
        (np.ones((2, 2, 1)), "of shape (2, 2, 1)"),
        (np.array([[1 + 2j, 0], [0, 1]]), "W must hold real numbers"),
        ([["a", "b"], ["c", "d"]], "W must hold real numbers"),
        ([[1, 2], [3]], "cannot read a list as W"),
        (object(), "cannot read a object as W"),
        ([[float("nan"), 0], [0, 1]], "nan"),
        ("1,2;3", "row 2 of W must have 2 entries"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_anything_else_is_refused_with_a_message_naming_it(obj: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        matrix_of(obj)
    assert message.lower() in str(caught.value).lower()


def test_points_by_kind_number_and_seed() -> None:
    assert dataset_of() == DatasetSpec()
    assert dataset_of("grid", n=400, seed=3) == DatasetSpec("grid", 400, 3)
    assert dataset_of(None, n=np.int64(5000)) == DatasetSpec("gaussian", 5000, 0)
    for X, n, message in (
        ("spiral", None, "unknown dataset 'spiral'"),
        (np.zeros((10, 2)), None, "your own points as an array go through session_of"),
        (None, 2.5, "n must be an integer; got 2.5"),
        (None, True, "n must be an integer; got True"),
        (None, 0, "N must be between 1 and 2,000,000; got 0"),
    ):
        with pytest.raises(InputError, match=message.replace("(", r"\(")):
            dataset_of(X, n=n)  # type: ignore[arg-type]


def test_a_session_is_checked_as_a_session_file_is() -> None:
    session = session_of(np.array(ROWS), "circle", n=64)
    assert session == Session(W, DatasetSpec("circle", 64, 0), "cpu", "Explorer")
    assert session_of(session) == session
    with pytest.raises(InputError, match="give no X"):
        session_of(session, "grid")
    with pytest.raises(InputError, match="labelled data"):
        session_of(W, y=[0, 1])
    with pytest.raises(InputError, match="device"):
        session_of(Session(device="cpu; rm -rf /"))
    with pytest.raises(InputError, match="cannot be saved"):
        session_of(Session(views={"Explorer": {"points": np.zeros(3)}}))


def test_an_nn_sequential_opens_the_network_tab_with_its_weights_exactly() -> None:
    from linviz_gui.model.network.layers import build_sequential, network_from_dict

    torch.manual_seed(4)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 4), torch.nn.LeakyReLU(0.2), torch.nn.Linear(4, 2, bias=False)
    )
    session = session_of(model, "grid", n=100)
    assert session.view == "Network" and session.dataset == DatasetSpec("grid", 100, 0)
    state = session.views["Network"]
    spec = network_from_dict(state["network"])
    assert [layer.describe() for layer in spec.layers] == [
        "Linear(2, 4)", "LeakyReLU(0.2)", "Linear(4, 2, bias=False)"
    ]  # fmt: skip
    assert state["position"] > 0  # opened at f(X), the net's output
    x = torch.randn(200, 2)
    with torch.no_grad():
        assert torch.equal(build_sequential(spec)(x), model(x))


def test_a_sequential_with_a_layer_linviz_cannot_draw_is_refused_naming_it() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Softmax(dim=1))
    with pytest.raises(InputError, match=r"model\[1\] is Softmax"):
        session_of(model)
    with pytest.raises(InputError, match="expects 3 inputs but the input points are 2-D"):
        session_of(torch.nn.Sequential(torch.nn.Linear(3, 2)))
