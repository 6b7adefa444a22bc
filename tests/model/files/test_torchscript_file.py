"""A TorchScript file opened as the user's net, its weights exactly; nothing in the file runs."""

from __future__ import annotations

import os
import pickle
import pickletools
import warnings
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from torch import nn

from linviz_gui.api.networks import network_of
from linviz_gui.model.files.model_file import read_model
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import build_sequential
from tests.model.files.test_model_file import MakesMarker


def save_jit(model: nn.Module, path: Path, traced: bool = False) -> Path:
    with warnings.catch_warnings():  # torch.jit is deprecated, but its files are about
        warnings.simplefilter("ignore")
        scripted = torch.jit.trace(model, torch.randn(4, 2)) if traced else torch.jit.script(model)
        torch.jit.save(scripted, path)
    return path


def _rewrite(path: Path, suffix: str, change: Callable[[bytes], bytes]) -> Path:
    """The archive at ``path`` with the one entry ending in ``suffix`` changed, as ``bad.pt``."""
    out = path.with_name("bad.pt")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        names = [n for n in source.namelist() if n.endswith(suffix)]
        assert len(names) == 1, names
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == names[0] else data)
    return out


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ") and "\n" not in message
    return message


@pytest.fixture(autouse=True)
def no_jit_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """torch.jit.load runs a file's __setstate__: the reader must never call it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("torch.jit.load was called")

    monkeypatch.setattr(torch.jit, "load", refuse)


@pytest.mark.parametrize("traced", [False, True], ids=["scripted", "traced"])
def test_a_scripted_or_traced_net_is_drawn_with_its_own_weights(
    tmp_path: Path, traced: bool
) -> None:
    torch.manual_seed(4)
    model = nn.Sequential(
        nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 3),
        nn.LeakyReLU(0.2), nn.Linear(3, 2), nn.Sigmoid(), nn.Identity(),
    )  # fmt: skip
    spec = read_model(save_jit(model, tmp_path / "net.pt", traced))
    assert spec == network_of(model)  # the same layers, slope and every weight to the bit
    x = torch.randn(300, 2)
    with torch.no_grad():
        assert torch.equal(build_sequential(spec)(x), model(x))


def test_an_activation_given_for_a_torchscript_file_is_refused_not_ignored(
    tmp_path: Path,
) -> None:
    path = save_jit(nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 2)), tmp_path / "n.pt")
    with pytest.raises(InputError) as caught:
        read_model(path, "relu")
    assert str(caught.value) == (
        "n.pt: this is a TorchScript file, which names its own activations; leave out the "
        "activation ('relu')"
    )
    assert [layer.kind for layer in read_model(path).layers][1] == "tanh"


def test_nested_and_named_sequentials_are_flattened_in_order(tmp_path: Path) -> None:
    torch.manual_seed(8)
    inner = nn.Sequential(nn.Linear(3, 3, bias=False), nn.LeakyReLU())  # torch's slope, 0.01
    named = nn.Sequential(OrderedDict(fc=nn.Linear(3, 2), out=nn.Tanh()))
    model = nn.Sequential(nn.Linear(2, 3), inner, named).double()
    spec = read_model(save_jit(model, tmp_path / "nested.pt"))
    assert spec == network_of(nn.Sequential(model[0], *inner, *named))
    assert [layer.describe() for layer in spec.layers] == [
        "Linear(2, 3)", "Linear(3, 3, bias=False)", "LeakyReLU(0.01)", "Linear(3, 2)", "Tanh()"
    ]  # fmt: skip


class SetsAFlag(nn.Module):
    """A user's scripted class whose __setstate__ runs when torch.jit.load reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 2))
        self.loaded = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)

    @torch.jit.export
    def __getstate__(self) -> tuple[int, bool]:
        return (self.loaded, self.training)

    @torch.jit.export
    def __setstate__(self, state: tuple[int, bool]) -> None:
        self.loaded = 1
        self.training = state[1]


def test_a_users_own_scripted_class_is_refused_by_name(tmp_path: Path) -> None:
    message = _refusal(save_jit(SetsAFlag(), tmp_path / "custom.pt"))
    assert "a TorchScript file that needs '__torch__." in message
    assert "SetsAFlag' to load" in message and "runs nothing in the file" in message


@pytest.mark.parametrize("call", ["open", "system"])
def test_a_data_pkl_that_would_run_code_is_refused_and_never_runs(
    tmp_path: Path, call: str
) -> None:
    marker = tmp_path / "MARKER"

    class RunsSystem:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    evil = MakesMarker(marker) if call == "open" else RunsSystem()
    payload = pickle.dumps(evil, protocol=2)
    good = save_jit(nn.Sequential(nn.Linear(2, 2)), tmp_path / "net.pt")
    message = _refusal(_rewrite(good, "/data.pkl", lambda _: payload))
    run = open if call == "open" else os.system
    assert f"needs '{run.__module__}.{run.__name__}' to load" in message
    assert not marker.exists()
    ran = pickle.loads(payload)  # what a plain unpickler (torch.jit.load's, say) would do
    getattr(ran, "close", lambda: None)()  # open() gave a file
    assert marker.exists()


def _patched(data: bytes, nth: int, value: int) -> bytes:
    """data.pkl with the ``nth`` one-byte integer from its first storage's numel on set to
    ``value``: 0 is the numel, then the weight's offset, its sizes and its strides."""
    ops = list(pickletools.genops(data))
    persid = next(i for i, (op, _, _) in enumerate(ops) if op.name == "BINPERSID")
    numel = next(i for i in range(persid, 0, -1) if ops[i][0].name == "BININT1")
    after = [i for i in range(persid, len(ops)) if ops[i][0].name == "BININT1"]
    position = ops[([numel, *after])[nth]][2]
    assert position is not None
    return data[: position + 1] + bytes([value]) + data[position + 2 :]


@pytest.mark.parametrize(
    ("nth", "value", "message"),
    [
        (0, 7, "tensor data 0 is 24 bytes, but the file says 7 numbers"),
        (1, 1, "reaches past its storage of 6 numbers"),  # offset 1 of a 3 × 2 weight
        (2, 4, "a tensor of shape (4, 2)"),  # four rows of two in six numbers
        (4, 3, "(offset 0, stride (3, 1)) reaches past its storage"),
    ],
    ids=["numel", "offset", "size", "stride"],
)
def test_a_tensor_that_lies_about_its_storage_is_refused(
    tmp_path: Path, nth: int, value: int, message: str
) -> None:
    good = save_jit(nn.Sequential(nn.Linear(2, 3)), tmp_path / "net.pt")
    assert message in _refusal(_rewrite(good, "/data.pkl", lambda d: _patched(d, nth, value)))


def test_damaged_archives_each_get_one_clear_line(tmp_path: Path) -> None:
    good = save_jit(nn.Sequential(nn.Linear(2, 3), nn.Tanh()), tmp_path / "net.pt")
    short = _rewrite(good, "/data/0", lambda data: data[:12])
    assert "tensor data 0 is 12 bytes, but the file says 6 numbers" in _refusal(short)
    data = good.read_bytes()
    (tmp_path / "cut.pt").write_bytes(data[: len(data) // 2])
    assert "truncated" in _refusal(tmp_path / "cut.pt")
    # The central directory claims 3.8 GiB for the weight: refused before anything is read.
    name = b"net/data/0"
    header = next(
        i
        for i in range(len(data))
        if data.startswith(b"PK\x01\x02", i) and data.startswith(name, i + 46)
    )
    claim = data[: header + 24] + (0xF0000000).to_bytes(4, "little") + data[header + 28 :]
    (tmp_path / "claim.pt").write_bytes(claim)
    assert "'net/data/0' claims 3.8 GiB; model files hold at most 64 MiB" in _refusal(
        tmp_path / "claim.pt"
    )


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (nn.Sequential(nn.Linear(2, 2), nn.Conv2d(2, 2, 3)), "holds a Conv2d layer: the Network"),
        (nn.Sequential(nn.Linear(2, 2), nn.Dropout()), "layer '1' is Dropout: the Network tab"),
        (nn.Sequential(nn.Linear(3, 2)), "takes 3 inputs, but the points linviz shows are 2-D"),
        (nn.Sequential(nn.Linear(2, 4), nn.Linear(5, 2)), "takes 5 inputs, but the layer before"),
    ],
    ids=["conv", "dropout", "3-d-input", "widths"],
)
def test_nets_linviz_cannot_draw_are_refused_naming_the_layer(
    tmp_path: Path, model: nn.Module, message: str
) -> None:
    assert message in _refusal(save_jit(model, tmp_path / "m.pt"))


def _sequential_pickle(children: int, depth: int) -> bytes:
    """A data.pkl by hand: an empty Sequential, then ``depth`` Sequentials each holding the one
    below under ``children`` keys (pickle shares it: a few hundred bytes)."""
    new = b"c__torch__.torch.nn.modules.container\nSequential\n)\x81"
    data = b"\x80\x02" + new + b"}bq\x00"
    for level in range(1, depth + 1):
        keys = b"".join(
            b"X" + len(k).to_bytes(4, "little") + k + b"h" + bytes([level - 1])
            for k in (str(i).encode() for i in range(children))
        )
        data += new + b"}(" + keys + b"ub" + b"q" + bytes([level])
    return data + b"."


def test_a_pickle_sharing_one_module_everywhere_is_refused_at_once(tmp_path: Path) -> None:
    good = save_jit(nn.Sequential(nn.Linear(2, 2)), tmp_path / "net.pt")
    payload = _sequential_pickle(children=50, depth=12)  # 50¹² paths to the empty bottom one
    assert len(payload) < 20_000
    assert "more than 128 modules" in _refusal(_rewrite(good, "/data.pkl", lambda _: payload))
