"""A user's state_dict opened as a net with its own weights; nothing in the file ever runs."""

from __future__ import annotations

import errno
import os
import pickle
from pathlib import Path

import pytest
import torch
from torch import nn

from linviz_gui.model.files import model_file, safe_read
from linviz_gui.model.files.model_file import ActivationNeeded, read_model
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import build_sequential, network_from_dict


class MakesMarker:
    """Unpickling this calls ``open(marker, "w")``: the file appearing means code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def _trained(seed: int = 3) -> nn.Sequential:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 5), nn.Tanh(), nn.Linear(5, 2))


def test_the_net_drawn_is_the_users_net_to_the_last_bit(tmp_path: Path) -> None:
    model = _trained()
    torch.save(model.state_dict(), tmp_path / "net.pt")
    spec = read_model(tmp_path / "net.pt", "tanh")
    assert [layer.describe() for layer in spec.layers] == [
        "Linear(2, 5)", "Tanh()", "Linear(5, 5)", "Tanh()", "Linear(5, 2)"
    ]  # fmt: skip
    x = torch.randn(500, 2)
    with torch.no_grad():
        assert torch.equal(build_sequential(spec)(x), model(x))
    # A session keeps the weights: the same net comes back from its JSON.
    again = network_from_dict(spec.to_dict())
    assert again == spec
    with torch.no_grad():
        assert torch.equal(build_sequential(again)(x), model(x))
    assert "model[0], model[2], model[4]: the weights of your model" in spec.pytorch_code()


def test_no_gaps_needs_no_activation_and_a_checkpoint_wrapper_is_opened(tmp_path: Path) -> None:
    model = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 3), nn.Linear(3, 2))
    torch.save({"epoch": 7, "model_state_dict": model.state_dict()}, tmp_path / "ckpt.pt")
    spec = read_model(tmp_path / "ckpt.pt")
    assert [layer.describe() for layer in spec.layers] == [
        "Linear(2, 2, bias=False)", "Linear(2, 3)", "Linear(3, 2)"
    ]  # fmt: skip
    x = torch.randn(50, 2)
    with torch.no_grad():
        assert torch.equal(build_sequential(spec)(x), model(x))


def test_a_pickle_that_would_run_code_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    torch.save({"0.weight": MakesMarker(marker)}, tmp_path / "zip.pt")
    with (tmp_path / "bare.pkl").open("wb") as stream:
        pickle.dump({"0.weight": MakesMarker(marker)}, stream)
    for name in ("zip.pt", "bare.pkl"):
        with pytest.raises(InputError, match="refused: loading it would unpickle an object"):
            read_model(tmp_path / name, "tanh")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (nn.Sequential(nn.Linear(3, 2)), "takes 3 inputs, but the points linviz shows are 2-D"),
        (nn.Sequential(nn.Linear(2, 4), nn.Linear(5, 2)), "takes 5 inputs, but the layer before"),
        (nn.Sequential(nn.Conv2d(2, 2, 3)), "a weight of shape (2, 2, 3, 3) is not a Linear's"),
        (nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4)), "has 'running_mean': not a Linear"),
        (nn.Sequential(nn.Linear(2, 200)), "has 200 outputs; at most"),
        (nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.ReLU(), nn.Linear(2, 2)), "have 2 layers"),
    ],
    ids=["3-d-input", "widths", "conv", "batchnorm", "too-wide", "two-activations"],
)
def test_nets_linviz_cannot_draw_are_refused_naming_the_layer(
    tmp_path: Path, model: nn.Module, message: str
) -> None:
    torch.save(model.state_dict(), tmp_path / "m.pt")
    with pytest.raises(InputError) as caught:
        read_model(tmp_path / "m.pt", "relu")
    assert str(caught.value).startswith("m.pt: ") and message in str(caught.value)


def test_the_activation_is_asked_for_only_when_the_file_cannot_tell(tmp_path: Path) -> None:
    torch.save(_trained().state_dict(), tmp_path / "gaps.pt")
    with pytest.raises(ActivationNeeded, match="which activation stands between"):
        read_model(tmp_path / "gaps.pt")
    with pytest.raises(InputError, match="unknown activation 'softmax'"):
        read_model(tmp_path / "gaps.pt", "softmax")
    # Named layers (fc1, fc2) say nothing about what stands between them.
    named = {
        "fc1.weight": torch.randn(4, 2),
        "fc1.bias": torch.randn(4),
        "fc2.weight": torch.randn(2, 4),
    }
    torch.save(named, tmp_path / "named.pt")
    with pytest.raises(ActivationNeeded):
        read_model(tmp_path / "named.pt")
    assert [layer.describe() for layer in read_model(tmp_path / "named.pt", "relu").layers] == [
        "Linear(2, 4)", "ReLU()", "Linear(4, 2, bias=False)"
    ]  # fmt: skip


def test_files_that_are_not_a_state_dict_each_get_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "net.pt"
    torch.save(_trained().state_dict(), good)
    data = good.read_bytes()
    (tmp_path / "truncated.pt").write_bytes(data[: len(data) // 2])
    (tmp_path / "notes.pt").write_text("hello", encoding="utf-8")
    (tmp_path / "empty.pt").write_bytes(b"")
    torch.save(torch.zeros(2, 2), tmp_path / "tensor.pt")
    nan = {"0.weight": torch.tensor([[float("nan"), 0.0], [0.0, 1.0]])}
    torch.save(nan, tmp_path / "nan.pt")
    (tmp_path / "folder.pt").mkdir()
    os.mkfifo(tmp_path / "pipe.pt")  # opening it to read would block for ever
    for name, message in (
        ("truncated.pt", "not a readable PyTorch file (truncated, or another format)"),
        ("notes.pt", "not a PyTorch file"),
        ("empty.pt", "the file is empty"),
        ("tensor.pt", "holds a Tensor, not a state_dict"),
        ("nan.pt", "must be a number; got NaN"),
        ("folder.pt", "it is a folder"),
        ("missing.pt", "no such file"),
        ("pipe.pt", "it is a named pipe (FIFO), not a file"),
    ):
        with pytest.raises(InputError) as caught:
            read_model(tmp_path / name, "tanh")
        assert str(caught.value).startswith(f"{name}: ") and message in str(caught.value), name
    monkeypatch.setattr(model_file, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(InputError, match="model files are at most"):
        read_model(good, "tanh")


def test_a_file_that_disappears_while_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "net.pt"
    torch.save(_trained().state_dict(), path)

    def vanished(*args: object, **kwargs: object) -> int:  # gone between the check and the open
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    with monkeypatch.context() as patch:
        patch.setattr(safe_read.os, "open", vanished)
        with pytest.raises(InputError) as caught:
            read_model(path, "tanh")
    assert str(caught.value) == f"net.pt: cannot open {path}: no such file"
