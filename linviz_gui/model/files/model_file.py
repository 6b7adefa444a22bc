"""A user's trained net from a ``state_dict`` file (``torch.save(model.state_dict(), f)``) or a
TorchScript file (``torch.jit.save``), read without running anything in it, as a
:class:`NetworkSpec` whose Linear layers hold its numbers.

``torch.load(weights_only=True)`` unpickles tensors and plain containers only: a file that needs
any other object (whose unpickling could run code) is refused with one line saying so. The
architecture is inferred from the keys and shapes: ``0.weight`` (out × in), ``0.bias``, then the
next Linear; a gap in ``nn.Sequential`` indices (``0``, ``2``) is a layer without parameters, an
activation, whose kind the file cannot tell: the caller names it (``--activation``). A TorchScript
file names its modules, so it is read by :mod:`torchscript_file` and nothing is asked.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from linviz_gui.model.files.safe_read import read_bounded
from linviz_gui.model.files.session import Session
from linviz_gui.model.files.torchscript_file import (
    ScriptedLayer,
    cannot_draw,
    is_torchscript,
    read_torchscript,
)
from linviz_gui.model.linear.matrix import InputError, quoted
from linviz_gui.model.network.layers import (
    ACTIVATIONS,
    MAX_LAYERS,
    MAX_WIDTH,
    TORCH_KINDS,
    LayerKind,
    LayerSpec,
    LinearValues,
    NetworkSpec,
    activation,
    stage_labels,
)

#: Larger files are refused before they are read (16 layers of 128 × 128 floats are 1 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Checkpoints often wrap the state_dict in a dict under one of these keys.
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model")


class ActivationNeeded(InputError):
    """The file has layers without weights between its Linear layers: which kind is not in it."""


_KEY = re.compile(r"^(?P<module>.+)\.(?P<param>[^.]+)$")
_NUMBERED = re.compile(r"^(?P<path>(?:.+\.)?)(?P<index>\d+)$")


def opening_state(network: NetworkSpec) -> dict[str, Any]:
    """The Network tab's view state that shows ``network`` at its last stage: f(X), what the
    net does to the points."""
    return {"network": network.to_dict(), "position": len(stage_labels(network)) - 1}


def with_network(session: Session, network: NetworkSpec) -> Session:
    """``session`` with the Network tab open on ``network`` (at f(X)), the rest as it was."""
    views = {**session.views, "Network": opening_state(network)}
    return replace(session, view="Network", views=views)


def read_model(path: str | Path, between: str | None = None) -> NetworkSpec:
    """The net in the state_dict or TorchScript file ``path``; ``between`` is the activation
    kind standing in every gap between Linear layers (needed only when a state_dict has gaps, or
    names its layers; a TorchScript file names its own, and is refused with ``between``).

    Raises
    ------
    InputError
        For anything that is not a state_dict of a Sequential of Linear layers on 2-D points,
        naming the file and what is wrong; nothing in the file is run.
    """
    source = Path(path)
    data = _read_bytes(source)
    try:
        if is_torchscript(data):
            if between is not None:  # said, not silently dropped: the user expects it used
                raise InputError(
                    f"this is a TorchScript file, which names its own activations; leave out "
                    f"the activation ({between!r})"
                )
            return network_from_layers(read_torchscript(data, MAX_FILE_BYTES))
    except InputError as error:
        raise type(error)(f"{source.name}: {error}") from None
    state = _load_state(data, source.name)
    try:
        return network_from_state(state, between)
    except InputError as error:
        raise type(error)(f"{source.name}: {error}") from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes through the one bounded reader: a folder, FIFO or device is refused
    before it is opened, and at most ``MAX_FILE_BYTES`` + 1 bytes are ever read."""
    name = path.name or str(path)
    try:
        data = read_bounded(path, "model", MAX_FILE_BYTES)
    except InputError as error:
        raise InputError(f"{name}: {error}") from None
    if not data:
        raise InputError(f"{name}: the file is empty")
    return data


def _load_state(data: bytes, name: str) -> Mapping[str, Any]:
    import pickle

    import torch

    if not data.startswith((b"PK", b"\x80")):  # torch.save's zip archive, or a bare pickle
        raise InputError(f"{name}: not a PyTorch file (torch.save writes a zip archive)")
    try:
        with warnings.catch_warnings():  # torch warns about pickle protocols it did not write
            warnings.simplefilter("ignore")
            loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # torch names the global the file asked for: quote it, briefly.
        found = re.search(r"(?:Unsupported global|GLOBAL) ?:? ?([\w.]+)", str(error))
        what = f" ({quoted(found.group(1), 60)})" if found else ""
        raise InputError(
            f"{name}: refused: loading it would unpickle an object other than tensors{what}, "
            "which could run code; only a state_dict of tensors is read"
        ) from None
    except Exception as error:  # truncated, not a torch file at all: torch raises many kinds
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(
            f"{name}: not a readable PyTorch file (truncated, or another format): "
            f"{quoted(reason, 80)}"
        ) from None
    if isinstance(loaded, Mapping):
        for key in WRAPPER_KEYS:
            inner = loaded.get(key)
            if isinstance(inner, Mapping):
                return inner
        return loaded
    raise InputError(
        f"{name}: holds a {type(loaded).__name__}, not a state_dict; save "
        "model.state_dict() rather than the model or a tensor"
    )


def network_from_state(state: Mapping[str, Any], between: str | None = None) -> NetworkSpec:
    """A NetworkSpec from a state_dict mapping (see :func:`read_model`). Raises InputError."""
    import torch

    groups: dict[str, dict[str, Any]] = {}
    for key, value in state.items():
        match = _KEY.match(key) if isinstance(key, str) else None
        if match is None:
            raise InputError(f"unexpected key {quoted(str(key), 40)}: not 'layer.weight'")
        module, param = match["module"], match["param"]
        if param not in ("weight", "bias"):
            raise InputError(
                f"layer {quoted(module, 40)} has {quoted(param, 30)}: not a Linear layer's "
                "(only Linear layers and activations are read)"
            )
        if not isinstance(value, torch.Tensor):
            raise InputError(f"{quoted(key, 40)} is a {type(value).__name__}, not a tensor")
        groups.setdefault(module, {})[param] = value
    if not groups:
        raise InputError("the state_dict is empty")
    if len(groups) > MAX_LAYERS:
        raise InputError(f"{len(groups)} Linear layers; at most {MAX_LAYERS} layers are shown")
    names = list(groups)
    gaps = _gaps(names)
    kind = _activation_kind(between, gaps)
    layers: list[LayerSpec] = []
    width = 2
    for number, name in enumerate(names):
        linear = _linear(name, groups[name], width, first=number == 0)
        if number and gaps[number - 1] is not False:  # True, or None: the names cannot tell
            assert kind is not None
            layers.append(activation(kind))
        layers.append(linear)
        width = linear.out_features
    if len(layers) > MAX_LAYERS:
        raise InputError(f"the net has {len(layers)} layers; at most {MAX_LAYERS} are shown")
    return NetworkSpec(tuple(layers))


def network_from_layers(layers: list[ScriptedLayer]) -> NetworkSpec:
    """A NetworkSpec from a TorchScript file's layers (see :func:`read_torchscript`), each
    Linear checked as a state_dict's is. Raises InputError."""
    import torch

    specs: list[LayerSpec] = []
    width, first = 2, True
    for layer in layers:
        kind = TORCH_KINDS.get(layer.kind)
        if kind is None:
            raise InputError(cannot_draw(layer.kind, layer.name))
        if kind != "linear":
            slope = layer.slope if layer.slope is not None else 0.0
            specs.append(activation(kind, slope) if kind == "leaky_relu" else activation(kind))
            continue
        params = {"weight": None if layer.weight is None else torch.from_numpy(layer.weight)}
        if layer.bias is not None:
            params["bias"] = torch.from_numpy(layer.bias)
        linear = _linear(layer.name, params, width, first)
        specs.append(linear)
        width, first = linear.out_features, False
    if len(specs) > MAX_LAYERS:
        raise InputError(f"the net has {len(specs)} layers; at most {MAX_LAYERS} are shown")
    return NetworkSpec(tuple(specs))


def _gaps(names: list[str]) -> list[bool | None]:
    """Between each pair of consecutive Linear layers: True (an activation stands between),
    False (none), None (the names cannot tell)."""
    found = [_NUMBERED.match(name) for name in names]
    gaps: list[bool | None] = []
    for before, after in pairwise(found):
        if before is None or after is None or before["path"] != after["path"]:
            gaps.append(None)
            continue
        step = int(after["index"]) - int(before["index"])
        if step not in (1, 2):
            raise InputError(
                f"layers {before.group(0)} and {after.group(0)} have {step - 1} layers without "
                "weights between them; one activation between Linear layers is read"
            )
        gaps.append(step == 2)
    return gaps


def _activation_kind(between: str | None, gaps: list[bool | None]) -> LayerKind | None:
    needed = any(gap is None or gap for gap in gaps)
    if between is None:
        if not needed:
            return None
        raise ActivationNeeded(
            "which activation stands between the Linear layers? The file holds only weights: "
            f"name one of {', '.join(ACTIVATIONS)}"
        )
    if between not in ACTIVATIONS:
        raise InputError(
            f"unknown activation {quoted(between, 30)}; choose one of {', '.join(ACTIVATIONS)}"
        )
    return between


def _linear(name: str, params: dict[str, Any], width: int, first: bool) -> LayerSpec:
    import torch

    label = f"layer {quoted(name, 40)}"
    weight = params.get("weight")
    if weight is None:
        raise InputError(f"{label} has a bias but no weight")
    if weight.dim() != 2:
        raise InputError(
            f"{label}: a weight of shape {tuple(weight.shape)} is not a Linear's (out × in)"
        )
    if not (weight.is_floating_point() or weight.dtype in (torch.int32, torch.int64)):
        raise InputError(f"{label}: the weight holds {weight.dtype}, not real numbers")
    n_out, n_in = (int(n) for n in weight.shape)
    if n_in != width:
        before = "the points linviz shows are 2-D" if first else f"the layer before gives {width}"
        raise InputError(f"{label} takes {n_in} inputs, but {before}")
    for what, n in (("inputs", n_in), ("outputs", n_out)):
        if not 1 <= n <= MAX_WIDTH:
            raise InputError(f"{label} has {n} {what}; at most {MAX_WIDTH} are shown")
    bias = params.get("bias")
    if bias is not None and tuple(bias.shape) != (n_out,):
        raise InputError(f"{label}: a bias of shape {tuple(bias.shape)} for {n_out} outputs")
    values = LinearValues(
        tuple(tuple(float(v) for v in row) for row in weight.double().tolist()),
        None if bias is None else tuple(float(v) for v in bias.double().tolist()),
    )
    # NetworkSpec checks every number (finite, in range) and names the layer if one is not.
    return LayerSpec("linear", n_in, n_out, bias is not None, values=values)


def rebuild_code(network: NetworkSpec, weights_name: str) -> str:
    """Python that rebuilds ``network`` and loads the weights saved as ``weights_name`` (the
    file saved beside it): what File → Save model… writes next to the state_dict."""
    lines = [
        f"# The net saved by linviz in {weights_name}: its layers, then its weights.",
        "import torch",
        "import torch.nn as nn",
        "",
        "model = nn.Sequential(",
        *(f"    nn.{layer.describe()}," for layer in network.layers),
        ")",
        f"model.load_state_dict(torch.load({weights_name!r}, weights_only=True))",
        "",
    ]
    return "\n".join(lines)
