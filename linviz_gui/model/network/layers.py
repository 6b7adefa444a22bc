"""Small networks of Linear layers and activations, and their stages layer by layer.

A :class:`NetworkSpec` is a frozen description (layers plus a torch seed) that
:func:`build_sequential` turns into the real ``nn.Sequential``; the same seed gives the same net.
:func:`layer_stages` splits each Linear into its Olah steps ``× W`` and ``+ b`` and keeps each
activation as its own step. Torch is imported inside the functions only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from linviz_gui.model.data.point_sets import check_seed
from linviz_gui.model.easing import ease_step, mix
from linviz_gui.model.linear.matrix import InputError, Matrix2, check_entry

if TYPE_CHECKING:
    import torch
    from torch import nn

LayerKind = Literal["linear", "tanh", "relu", "sigmoid", "leaky_relu", "identity"]

#: What each kind is called in PyTorch (the editor and the stage labels show these names).
LAYER_NAMES: dict[LayerKind, str] = {
    "linear": "Linear",
    "tanh": "Tanh",
    "relu": "ReLU",
    "sigmoid": "Sigmoid",
    "leaky_relu": "LeakyReLU",
    "identity": "Identity",
}
#: The torch.nn class name -> the kind: how a user's model (live, or in a file) is read.
TORCH_KINDS: dict[str, LayerKind] = {name: kind for kind, name in LAYER_NAMES.items()}
ACTIVATIONS: tuple[LayerKind, ...] = ("tanh", "relu", "sigmoid", "leaky_relu", "identity")

#: Wider layers are refused: memory grows with the width. 128 leaves room for the course's d = 100.
MAX_WIDTH = 128
MAX_LAYERS = 16
#: Leaky ReLU's slope when a student adds one (PyTorch's 0.01 looks exactly like ReLU).
DEFAULT_SLOPE = 0.1


@dataclass(frozen=True)
class LinearValues:
    """A Linear layer's own numbers, from a user's model or model file: ``weight`` rows (out ×
    in, as ``layer.weight``) and ``bias`` (or None). Used wherever they fit the layer's shape."""

    weight: tuple[tuple[float, ...], ...]
    bias: tuple[float, ...] | None = None

    def fits_weight(self, layer: LayerSpec) -> bool:
        return len(self.weight) == layer.out_features and all(
            len(row) == layer.in_features for row in self.weight
        )

    def fits_bias(self, layer: LayerSpec) -> bool:
        return layer.bias and self.bias is not None and len(self.bias) == layer.out_features


@dataclass(frozen=True)
class LayerSpec:
    """One layer: ``Linear(in_features, out_features, bias)`` or an activation.

    ``weight`` fixes the weight of a ``Linear(2, 2)`` (rows of ``layer.weight``); without it the
    weight is torch's seeded default initialisation. ``values`` holds the numbers of a layer read
    from a model file; they stay with the layer through edits and are used while they fit its
    shape (``weight``, a drag, wins over them). Checked by :class:`NetworkSpec`, which knows
    the layer's position and can name it in a message.
    """

    kind: LayerKind = "linear"
    in_features: int = 2
    out_features: int = 2
    bias: bool = True
    weight: Matrix2 | None = None
    slope: float = DEFAULT_SLOPE
    values: LinearValues | None = None

    @property
    def is_linear(self) -> bool:
        return self.kind == "linear"

    @property
    def is_square_2x2(self) -> bool:
        """True for ``Linear(2, 2)``, whose weight columns can be dragged as basis images."""
        return self.is_linear and self.in_features == 2 and self.out_features == 2

    def describe(self) -> str:
        """The layer as PyTorch code, such as ``Linear(2, 5, bias=False)`` or ``Tanh()``."""
        if self.is_linear:
            bias = "" if self.bias else ", bias=False"
            return f"Linear({self.in_features}, {self.out_features}{bias})"
        if self.kind == "leaky_relu":
            return f"LeakyReLU({self.slope:g})"
        return f"{LAYER_NAMES.get(self.kind, self.kind)}()"


def linear(n_in: int, n_out: int, bias: bool = True, weight: Matrix2 | None = None) -> LayerSpec:
    return LayerSpec("linear", n_in, n_out, bias, weight)


def activation(kind: LayerKind, slope: float = DEFAULT_SLOPE) -> LayerSpec:
    return LayerSpec(kind, slope=slope)


@dataclass(frozen=True)
class NetworkSpec:
    """A whole network: its layers in order and the torch seed that draws its weights."""

    layers: tuple[LayerSpec, ...]
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        check_seed(self.seed)
        check_layers(self.layers)

    @property
    def output_width(self) -> int:
        return _widths(self.layers)[-1]

    def with_weight(self, index: int, weight: Matrix2) -> NetworkSpec:
        """The same net with layer ``index`` (a ``Linear(2, 2)``) given ``weight``."""
        layer = self.layers[index]
        if not layer.is_square_2x2:
            raise InputError(f"layer {index + 1} {layer.describe()} has no 2×2 weight to set")
        layers = list(self.layers)
        layers[index] = replace(layer, weight=weight)
        return NetworkSpec(tuple(layers), self.seed)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; :func:`network_from_dict` reads it back."""
        layers: list[dict[str, Any]] = []
        for layer in self.layers:
            if layer.is_linear:
                entry: dict[str, Any] = {
                    "kind": "linear",
                    "in": layer.in_features,
                    "out": layer.out_features,
                    "bias": layer.bias,
                }
                if layer.weight is not None:
                    entry["weight"] = [list(row) for row in layer.weight.rows]
                if layer.values is not None:
                    entry["values"] = _values_to_dict(layer.values)
            else:
                entry = {"kind": layer.kind}
                if layer.kind == "leaky_relu":
                    entry["slope"] = layer.slope
            layers.append(entry)
        return {"layers": layers, "seed": self.seed}

    def pytorch_code(self) -> str:
        """The code a student would write for this net (what the worker builds)."""
        lines = ["import torch", "import torch.nn as nn", "", f"torch.manual_seed({self.seed})"]
        lines.append("model = nn.Sequential(")
        lines += [f"    nn.{layer.describe()}," for layer in self.layers]
        lines.append(")")
        loaded = [i for i, layer in enumerate(self.layers) if _loaded_weight(layer)]
        if loaded:
            shown = ", ".join(f"model[{i}]" for i in loaded)
            lines.append(f"# {shown}: the weights of your model, not drawn from the seed:")
            lines.append("# model.load_state_dict(state_dict)")
        fixed = [(i, layer.weight) for i, layer in enumerate(self.layers) if layer.weight]
        if fixed:
            lines.append("with torch.no_grad():")
            for i, w in fixed:
                assert w is not None
                (a, b), (c, d) = w.rows
                lines.append(f"    model[{i}].weight.copy_(torch.tensor([[{a:.4f}, {b:.4f}],")
                lines.append(f"                                         [{c:.4f}, {d:.4f}]]))")
        lines += ["with torch.no_grad():", "    Y = model(X)"]
        return "\n".join(lines) + "\n"


def check_layers(layers: Sequence[LayerSpec]) -> None:
    """Raise :class:`InputError` naming the first bad layer (1-based, as the editor counts)."""
    if not layers:
        raise InputError("the network is empty; add a Linear layer or an activation")
    if len(layers) > MAX_LAYERS:
        raise InputError(f"the network has {len(layers)} layers; at most {MAX_LAYERS} are shown")
    width = 2
    for number, layer in enumerate(layers, start=1):
        if not isinstance(layer, LayerSpec):
            raise InputError(f"layer {number} is not a layer; got {type(layer).__name__}")
        if layer.kind not in LAYER_NAMES:
            raise InputError(
                f"layer {number} has unknown kind {layer.kind!r}; choose one of {list(LAYER_NAMES)}"
            )
        if layer.kind == "leaky_relu":
            check_entry(layer.slope, f"layer {number} LeakyReLU slope")
        if not layer.is_linear:
            continue
        name = f"layer {number} {layer.describe()}"
        for what, value in (("in-features", layer.in_features), ("width", layer.out_features)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise InputError(f"{name}: {what} must be a whole number; got {value!r}")
            if not 1 <= value <= MAX_WIDTH:
                raise InputError(f"{name}: {what} must be between 1 and {MAX_WIDTH}; got {value}")
        if layer.in_features != width:
            where = "the input points are 2-D" if number == 1 else f"the layer before gives {width}"
            raise InputError(
                f"{name} expects {layer.in_features} inputs but {where}; "
                f"set its in-features to {width}"
            )
        if not isinstance(layer.bias, bool):
            raise InputError(f"{name}: bias must be true or false; got {layer.bias!r}")
        if layer.values is not None:
            check_values(layer.values, name)
        if layer.weight is not None:
            if not isinstance(layer.weight, Matrix2):
                raise InputError(f"{name}: weight must be a 2×2 matrix")
            if not layer.is_square_2x2:
                raise InputError(f"{name}: only a Linear(2, 2) can have its weight set by hand")
        width = layer.out_features


def _widths(layers: Sequence[LayerSpec]) -> list[int]:
    widths = [2]
    for layer in layers:
        widths.append(layer.out_features if layer.is_linear else widths[-1])
    return widths


def network_from_dict(data: object) -> NetworkSpec:
    """Read :meth:`NetworkSpec.to_dict` data back, with a clear message for anything wrong."""
    if not isinstance(data, dict):
        raise InputError(f"a network must be a dict with 'layers' and 'seed'; got {data!r:.60}")
    raw_layers = data.get("layers")
    if not isinstance(raw_layers, list):
        raise InputError("a network needs 'layers', a list of layers")
    if len(raw_layers) > MAX_LAYERS:
        raise InputError(
            f"the network has {len(raw_layers)} layers; at most {MAX_LAYERS} are shown"
        )
    layers = [_layer_from_dict(number, entry) for number, entry in enumerate(raw_layers, 1)]
    return NetworkSpec(tuple(layers), data.get("seed", 0))


def _layer_from_dict(number: int, entry: object) -> LayerSpec:
    if not isinstance(entry, dict):
        raise InputError(f"layer {number} must be a dict such as {{'kind': 'tanh'}}")
    kind = entry.get("kind")
    if kind not in LAYER_NAMES:
        raise InputError(
            f"layer {number} has unknown kind {kind!r}; choose one of {list(LAYER_NAMES)}"
        )
    if kind != "linear":
        slope = entry.get("slope", DEFAULT_SLOPE)
        return LayerSpec(kind, slope=slope)
    weight = entry.get("weight")
    matrix = None
    if weight is not None:
        try:
            (a, b), (c, d) = weight
        except (TypeError, ValueError):
            raise InputError(f"layer {number}: weight must be [[a, b], [c, d]]") from None
        matrix = Matrix2(a, b, c, d)
    values = entry.get("values")
    return LayerSpec(
        "linear",
        entry.get("in", 2),
        entry.get("out", 2),
        entry.get("bias", True),
        matrix,
        values=None if values is None else _values_from_dict(number, values),
    )


def check_values(values: object, name: str) -> None:
    """Raise InputError unless ``values`` is a LinearValues of finite numbers, at most
    MAX_WIDTH × MAX_WIDTH, its rows all as long."""
    if not isinstance(values, LinearValues):
        raise InputError(f"{name}: values must be LinearValues; got {type(values).__name__}")
    rows = values.weight
    if not isinstance(rows, tuple) or not 1 <= len(rows) <= MAX_WIDTH:
        raise InputError(f"{name}: the weight needs 1 to {MAX_WIDTH} rows")
    width = len(rows[0]) if isinstance(rows[0], tuple) else -1
    if not 1 <= width <= MAX_WIDTH or any(
        not isinstance(row, tuple) or len(row) != width for row in rows
    ):
        raise InputError(f"{name}: the weight rows must all hold 1 to {MAX_WIDTH} numbers")
    if values.bias is not None and (
        not isinstance(values.bias, tuple) or len(values.bias) != len(rows)
    ):
        raise InputError(f"{name}: the bias must hold one number per weight row ({len(rows)})")
    for value in [v for row in rows for v in row] + list(values.bias or ()):
        check_entry(value, f"{name} weight")


def _values_to_dict(values: LinearValues) -> dict[str, Any]:
    data: dict[str, Any] = {"weight": [list(row) for row in values.weight]}
    if values.bias is not None:
        data["bias"] = list(values.bias)
    return data


def _values_from_dict(number: int, data: object) -> LinearValues:
    shape = f"layer {number}: values must be {{'weight': [[...], ...], 'bias': [...]}}"
    if not isinstance(data, dict) or not set(data) <= {"weight", "bias"} or "weight" not in data:
        raise InputError(shape)
    weight, bias = data["weight"], data.get("bias")
    if not isinstance(weight, list) or not all(isinstance(row, list) for row in weight):
        raise InputError(shape)
    if bias is not None and not isinstance(bias, list):
        raise InputError(shape)
    values = LinearValues(
        tuple(tuple(row) for row in weight), None if bias is None else tuple(bias)
    )
    check_values(values, f"layer {number}")
    return values


def _loaded_weight(layer: LayerSpec) -> bool:
    return layer.is_linear and layer.values is not None and layer.values.fits_weight(layer)


# Presets from the course (02-space_stretching) ---------------------------------------------------


def tanh_preset(s: float = 5.0) -> NetworkSpec:
    """``nn.Sequential(nn.Linear(2, 2, bias=False), nn.Tanh())`` with weight ``s·I``."""
    check_entry(s, "s")
    return NetworkSpec(
        (linear(2, 2, bias=False, weight=Matrix2(s, 0.0, 0.0, s)), activation("tanh"))
    )


def tanh_net(seed: int = 0, hidden: int = 5) -> NetworkSpec:
    """``Linear(2, 5) → Tanh → Linear(5, 2)``, seeded."""
    return NetworkSpec((linear(2, hidden), activation("tanh"), linear(hidden, 2)), seed)


def deep_relu_net(seed: int = 0, hidden: int = 5) -> NetworkSpec:
    """``Linear(2, 5)``, three ``Linear(5, 5)``, ``Linear(5, 2)``, with ReLU between, seeded."""
    layers = [linear(2, hidden), activation("relu")]
    for _ in range(3):
        layers += [linear(hidden, hidden), activation("relu")]
    layers.append(linear(hidden, 2))
    return NetworkSpec(tuple(layers), seed)


def single_linear(w: Matrix2, seed: int = 0) -> NetworkSpec:
    """The core explorer's map ``nn.Linear(2, 2, bias=False)`` with weight W."""
    return NetworkSpec((linear(2, 2, bias=False, weight=w),), seed)


PresetKey = Literal["tanh", "tanh_net", "deep_relu", "explorer_w"]

PRESETS: dict[PresetKey, str] = {
    "tanh": "tanh(s·I x): Linear(2, 2, bias=False) + Tanh",
    "tanh_net": "Linear(2, 5) → Tanh → Linear(5, 2)",
    "deep_relu": "deep ReLU: Linear(2, 5), 3 × Linear(5, 5), Linear(5, 2)",
    "explorer_w": "the Explorer's W: Linear(2, 2, bias=False)",
}


def preset_network(
    key: str, *, s: float = 5.0, seed: int = 0, w: Matrix2 | None = None
) -> NetworkSpec:
    """The preset ``key`` of :data:`PRESETS` (``s`` for tanh, ``w`` for the Explorer's W)."""
    if key == "tanh":
        return replace(tanh_preset(s), seed=check_seed(seed))
    if key == "tanh_net":
        return tanh_net(seed)
    if key == "deep_relu":
        return deep_relu_net(seed)
    if key == "explorer_w":
        return single_linear(w or Matrix2.identity(), seed)
    raise InputError(f"unknown preset {key!r}; choose one of {list(PRESETS)}")


# Building and running --------------------------------------------------------------------------


def build_sequential(spec: NetworkSpec) -> nn.Sequential:
    """The real ``nn.Sequential`` on cpu: ``torch.manual_seed(seed)`` then the layers in order.

    The draws come from a generator of its own, seeded alike, so the weights are the same to the
    last bit while torch's global RNG is never touched: the worker builds nets while other code
    (a script, a test, the training recipe) may be drawing from the global RNG in another thread.
    """
    import torch

    return sequential_drawn(spec, torch.Generator().manual_seed(spec.seed)).eval()


def sequential_drawn(spec: NetworkSpec, generator: torch.Generator) -> nn.Sequential:
    """The ``nn.Sequential`` of ``spec`` drawn from ``generator`` as it stands (no seeding): for a
    recipe that seeds once and draws its data before the model, as the course does."""
    import torch
    from torch import nn

    model = nn.Sequential(*[_module(layer, generator) for layer in spec.layers])
    with torch.no_grad():
        for module, layer in zip(model, spec.layers, strict=True):
            if layer.weight is not None:
                assert isinstance(module, nn.Linear)
                module.weight.copy_(torch.tensor(layer.weight.rows, dtype=torch.float32))
    return model


def _drawn_linear(layer: LayerSpec, generator: torch.Generator) -> nn.Linear:
    """``nn.Linear(in, out, bias)`` initialised as its ``reset_parameters`` does, from
    ``generator``; ``skip_init`` makes the module without its own draw from the global RNG.
    """
    import math

    from torch import nn

    module = nn.utils.skip_init(nn.Linear, layer.in_features, layer.out_features, bias=layer.bias)
    nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
    if module.bias is not None:
        bound = 1 / math.sqrt(layer.in_features) if layer.in_features > 0 else 0.0
        nn.init.uniform_(module.bias, -bound, bound, generator=generator)
    return module


def _module(layer: LayerSpec, generator: torch.Generator) -> nn.Module:
    from torch import nn

    if layer.is_linear:
        module = _drawn_linear(layer, generator)
        _load_values(module, layer)  # after the seeded draw, so later layers draw the same
        return module
    if layer.kind == "tanh":
        return nn.Tanh()
    if layer.kind == "relu":
        return nn.ReLU()
    if layer.kind == "sigmoid":
        return nn.Sigmoid()
    if layer.kind == "leaky_relu":
        return nn.LeakyReLU(layer.slope)
    return nn.Identity()


def _load_values(module: nn.Linear, layer: LayerSpec) -> None:
    import torch

    values = layer.values
    if values is None:
        return
    with torch.no_grad():
        if values.fits_weight(layer):
            module.weight.copy_(torch.tensor(values.weight, dtype=torch.float32))
        if values.fits_bias(layer) and module.bias is not None:
            module.bias.copy_(torch.tensor(values.bias, dtype=torch.float32))


StepKind = Literal["input", "times_w", "plus_b", "activation"]


@dataclass(frozen=True)
class StageInfo:
    """What one stage is: which layer (1-based; 0 for the input) and which of its steps."""

    layer: int
    step: StepKind
    label: str
    width: int
    #: True when this stage is the whole output of ``model[layer - 1]``.
    module_output: bool


@dataclass(frozen=True)
class Stage:
    info: StageInfo
    values: torch.Tensor = field(repr=False)  # (N, width)


def layer_stages(model: nn.Sequential, x: torch.Tensor) -> list[Stage]:
    """Every intermediate output: the input, then ``× W``, ``+ b`` of each Linear, each activation.

    The stage that completes a module is that module's own output, so it equals what a forward
    hook on ``model[i]`` sees.
    """
    import torch
    import torch.nn.functional as F  # noqa: N812
    from torch import nn

    stages = [Stage(StageInfo(0, "input", "input X", x.shape[1], False), x)]
    h = x
    with torch.no_grad():
        for number, module in enumerate(model, start=1):
            name = f"layer {number} {type(module).__name__}"
            if isinstance(module, nn.Linear):
                out = module(h)
                if module.bias is not None:
                    times_w = F.linear(h, module.weight)
                    info = StageInfo(number, "times_w", f"{name}: × W", out.shape[1], False)
                    stages.append(Stage(info, times_w))
                    info = StageInfo(number, "plus_b", f"{name}: + b", out.shape[1], True)
                else:
                    info = StageInfo(number, "times_w", f"{name}: × W", out.shape[1], True)
            else:
                out = module(h)
                info = StageInfo(number, "activation", name, out.shape[1], True)
            stages.append(Stage(info, out))
            h = out
    return stages


#: ``buffer(slot, width)``: an (N, width) tensor of scratch memory for slot 0 or 1 (see
#: :func:`streamed_stages`); what it held before may be overwritten.
StageBuffer = Callable[[int, int], "torch.Tensor"]
#: ``(x_t, out)``: X's (2, N) transpose, and ``out(k)``, the (2, N) tensor stage k is written
#: into while the net is 2-D (see :func:`streamed_stages`).
StageColumns = tuple["torch.Tensor", Callable[[int], "torch.Tensor"]]


def streamed_stages(
    model: nn.Sequential,
    x: torch.Tensor,
    buffer: StageBuffer | None = None,
    columns: StageColumns | None = None,
) -> Iterator[Stage]:
    """The stages of :func:`layer_stages`, the same values to the last bit, one at a time and
    computed in scratch memory: a stage's values hold only until the next stage is asked for,
    so a caller writes out what it keeps (the Network tab keeps two columns of each).

    Nothing is allocated per stage: each Linear writes ``x W^T`` into a buffer
    (``torch.mm``, the product of ``F.linear`` without bias), then adds ``b`` to it in place for
    ``+ b``: on the CPU ``addmm`` (``module(h)``) computes the product and then adds C, the same
    numbers, so the product is computed once; on other devices ``torch.addmm`` itself writes
    the module's output there. An activation runs in place on the buffer it follows. The two
    buffers alternate, so a product never writes into its own input. ``buffer(slot, width)``
    gives them; without it each is fresh. ``x`` itself is never written to.

    ``columns`` (on the CPU), ``(x_t, out)`` with ``x_t`` X's (2, N) transpose: while the net is
    still 2-D from its input (``Linear(2, 2)`` layers, activations but Sigmoid), stage ``k`` is
    computed by coordinate straight into the (2, N) tensor ``out(k)``, and its values are that
    tensor's transpose. ``W @ X.T`` is the product the Explorer computes, the same numbers as
    ``F.linear`` for a 2×2 weight at a tenth of the time, and ``+ b`` is then ``W @ X.T + b``,
    which is ``addmm``'s arithmetic (tests compare every stage with :func:`layer_stages`).
    """
    import torch
    from torch import nn

    rows = x.shape[0]

    def scratch(slot: int, width: int) -> torch.Tensor:
        if buffer is None:
            return torch.empty(rows, width, dtype=x.dtype, device=x.device)
        return buffer(slot, width)

    yield Stage(StageInfo(0, "input", "input X", x.shape[1], False), x)
    h, slot, k = x, 0, 0
    # While not None, the stages so far are 2-D, computed by coordinate: h is h_t's transpose.
    h_t, out_columns = columns if columns is not None else (None, None)
    for number, module in enumerate(model, start=1):
        name = f"layer {number} {type(module).__name__}"
        if h_t is not None and out_columns is not None:
            square = isinstance(module, nn.Linear) and tuple(module.weight.shape) == (2, 2)
            # Not Sigmoid: torch's scalar and vectorised sigmoid differ in the last bit, and
            # which elements get which depends on the layout.
            in_place = None
            if not isinstance(module, nn.Sigmoid):
                in_place = _in_place_activations().get(type(module))
            if square:
                assert isinstance(module, nn.Linear)
                k += 1
                out_t = torch.mm(module.weight.detach(), h_t, out=out_columns(k))
                last = module.bias is None
                info = StageInfo(number, "times_w", f"{name}: × W", 2, last)
                if module.bias is not None:
                    yield Stage(info, out_t.T)
                    k += 1
                    bias = module.bias.detach()[:, None]
                    out_t = torch.add(out_t, bias, out=out_columns(k))
                    info = StageInfo(number, "plus_b", f"{name}: + b", 2, True)
                h_t, h = out_t, out_t.T
                yield Stage(info, h)
                continue
            if in_place is not None:
                k += 1
                out_t = out_columns(k).copy_(h_t)
                in_place(module, out_t)
                h_t, h = out_t, out_t.T
                yield Stage(StageInfo(number, "activation", name, 2, True), h)
                continue
            # The net widens (or is not ours): on from here in rows, as every stage after it.
            if h is not x:
                h = scratch(slot, 2).copy_(h)
                slot = 1 - slot
            h_t = None
        k += 1
        if isinstance(module, nn.Linear):
            # Detached: no autograd, so no grad mode to hold across a yield.
            weight_t = module.weight.detach().t()
            out = scratch(slot, weight_t.shape[1])
            torch.mm(h, weight_t, out=out)
            if module.bias is not None:
                info = StageInfo(number, "times_w", f"{name}: × W", out.shape[1], False)
                yield Stage(info, out)
                k += 1
                if out.device.type == "cpu":  # x W^T + b: addmm's own arithmetic on the CPU
                    out.add_(module.bias.detach())
                else:  # elsewhere addmm may be another kernel than mm: the module's own op
                    torch.addmm(module.bias.detach(), h, weight_t, out=out)
                info = StageInfo(number, "plus_b", f"{name}: + b", out.shape[1], True)
            else:
                info = StageInfo(number, "times_w", f"{name}: × W", out.shape[1], True)
            h, slot = out, 1 - slot
        else:
            in_place = _in_place_activations().get(type(module))
            if in_place is None:  # not one of ours: its own forward, in fresh memory
                with torch.no_grad():
                    out = module(h)
            else:
                if h is x:  # the caller's points stay as they are
                    h = scratch(slot, x.shape[1]).copy_(x)
                    slot = 1 - slot
                in_place(module, h)
                out = h
            info = StageInfo(number, "activation", name, out.shape[1], True)
            h = out
        yield Stage(info, out)


@functools.cache
def _in_place_activations() -> dict[type, Callable[[Any, torch.Tensor], object]]:
    """Each activation module of :func:`_module` -> its forward done in place (the same kernel)."""
    import torch.nn.functional as F  # noqa: N812
    from torch import nn

    return {
        nn.Tanh: lambda _m, h: h.tanh_(),
        nn.ReLU: lambda _m, h: h.relu_(),
        nn.Sigmoid: lambda _m, h: h.sigmoid_(),
        nn.LeakyReLU: lambda m, h: F.leaky_relu(h, m.negative_slope, inplace=True),
        nn.Identity: lambda _m, h: h,
    }


def stage_labels(spec: NetworkSpec) -> list[str]:
    """The labels :func:`layer_stages` gives ``spec``'s stages, known without running torch."""
    labels = ["input X"]
    for number, layer in enumerate(spec.layers, start=1):
        name = f"layer {number} {LAYER_NAMES[layer.kind]}"
        if layer.is_linear:
            labels.append(f"{name}: × W")
            if layer.bias:
                labels.append(f"{name}: + b")
        else:
            labels.append(name)
    return labels


def times_w_stage(spec: NetworkSpec, index: int) -> int:
    """The stage number of the ``× W`` step of layer ``index`` (0-based), a Linear."""
    return stage_labels(spec).index(f"layer {index + 1} Linear: × W")


ProjectionMode = Literal["units", "pca"]
#: PCA axes are computed from at most this many points of a stage.
PCA_SAMPLE = 200_000


@dataclass(frozen=True)
class Projection:
    """How a stage wider than 2 is shown: two chosen units (0-based), or its top two PCs."""

    mode: ProjectionMode = "units"
    units: tuple[int, int] = (0, 1)

    def __post_init__(self) -> None:
        if self.mode not in ("units", "pca"):
            raise InputError(f"projection must be 'units' or 'pca'; got {self.mode!r}")
        i, j = self.units
        for unit in (i, j):
            if not isinstance(unit, int) or isinstance(unit, bool) or not 0 <= unit < MAX_WIDTH:
                raise InputError(f"units must be numbers from 1 to {MAX_WIDTH}; got {unit!r}")
        if i == j:
            raise InputError(f"choose two different units to show; got unit {i + 1} twice")


def project_stage(
    values: torch.Tensor,
    projection: Projection,
    extra: Sequence[torch.Tensor] = (),
    axes: torch.Tensor | None = None,
) -> tuple[list[torch.Tensor], str]:
    """Show (N, width) values in 2-D; returns the 2-D versions of ``values`` and ``extra``
    (grid and basis points, projected the same way) and a label saying what is shown.

    In PCA mode ``axes`` (width, 2), when given, are used instead of the stage's own top two
    principal directions (see :func:`pca_axes`): a training run fixes them so the picture does
    not turn between steps.
    """
    import torch

    width = values.shape[1]
    every = [values, *extra]
    if width == 2:
        return every, ""
    if width == 1:
        return [
            torch.cat([v, torch.zeros_like(v)], 1) for v in every
        ], "width 1, shown as unit 1 on x"
    if projection.mode == "units":
        i, j = shown_units(projection, width)
        label = f"width {width}, shown as units {i + 1} and {j + 1}"
        return [torch.stack([v[:, i], v[:, j]], 1) for v in every], label
    if axes is not None and tuple(axes.shape) == (width, 2):
        label = f"width {width}, shown by PCA (axes fixed for this run)"
        axes = axes.to(device=values.device, dtype=values.dtype)
    else:
        axes, share = pca_axes(values)
        label = f"width {width}, shown by PCA ({share:.0%} of the variance)"
    # No centring in the projection itself, so the origin stays at the origin. The axes go in
    # column-major: BLAS runs this (N, width) @ (width, 2) product about 4x faster laid out so
    # (1M x 100 points: 14 against 62 ms here), the same values to float32 rounding.
    columns = axes.t().contiguous().t()
    return [v @ columns for v in every], label


def shown_units(projection: Projection, width: int) -> tuple[int, int]:
    """The two units (0-based) that the ``units`` mode shows of a stage ``width`` wide (> 2)."""
    i, j = (min(u, width - 1) for u in projection.units)
    return (0, 1) if i == j else (i, j)


def pca_axes(values: torch.Tensor) -> tuple[torch.Tensor, float]:
    """The top two principal directions (width, 2) of (N, width) ``values``, each signed so its
    largest entry is positive, and the share of the variance they hold."""
    import torch

    # The directions from an evenly spread sample of at most PCA_SAMPLE rows: the same axes to
    # the eye, and a 2,000,000-point cloud does not pay for a full covariance at every stage.
    sample = values[:: max(1, len(values) // PCA_SAMPLE)]
    centred = sample - sample.mean(0, keepdim=True)
    covariance = centred.T @ centred / max(1, len(sample) - 1)
    eigenvalues, eigenvectors = torch.linalg.eigh(covariance.double())
    order = torch.argsort(eigenvalues, descending=True)
    axes = eigenvectors[:, order[:2]]
    # Fix each axis's sign (largest entry positive) so the picture does not flip between frames.
    signs = torch.sign(axes.gather(0, axes.abs().argmax(0, keepdim=True)))
    axes = (axes * torch.where(signs == 0, 1.0, signs)).to(values.dtype)
    total = float(eigenvalues.clamp(min=0).sum())
    share = float(eigenvalues[order[:2]].clamp(min=0).sum()) / total if total > 0 else 1.0
    return axes, share


# The notebook's interpolate ------------------------------------------------------------------


def easing(t: int, steps: int, p: float) -> float:
    """The notebook's ``a = ((p + 1) ** (t / (steps - 1)) - 1) / p`` (linear in the limit p → 0),
    after checking ``steps`` and ``p`` (see :func:`linviz_gui.model.easing.ease_step`)."""
    check_animation(steps, p)
    return ease_step(t, steps, "notebook", p)


def check_animation(steps: object, p: object) -> None:
    if not isinstance(steps, int) or isinstance(steps, bool) or not 2 <= steps <= 10_000:
        raise InputError(f"steps must be a whole number from 2 to 10000; got {steps!r}")
    if not isinstance(p, (int, float)) or isinstance(p, bool) or math.isnan(p):
        raise InputError(f"p must be a number; got {p!r}")
    if not -1 < p <= 1e6:
        raise InputError(
            f"p must be above -1 and at most 1e6 (the easing needs p + 1 > 0); got {p}"
        )


def interpolate(
    x_in: np.ndarray, x_out: np.ndarray, steps: int = 150, p: float = 0.001
) -> Iterator[np.ndarray]:
    """The frames ``a * X_out + (1 - a) * X_in`` of the notebook's animation, one per t."""
    for t in range(steps):
        yield mix(x_in, x_out, easing(t, steps, p))


def grid_lines(extent: float = 3.0, spacing: float = 0.5, samples: int = 61) -> np.ndarray:
    """(lines, samples, 2) points along x = k and y = k: the grid sent through the network."""
    ks = np.arange(-extent, extent + spacing / 2, spacing, dtype=np.float32)
    along = np.linspace(-extent, extent, samples, dtype=np.float32)
    kk, tt = np.meshgrid(ks, along, indexing="ij")
    vertical = np.stack([kk, tt], axis=2)
    horizontal = vertical[:, :, ::-1]
    return np.ascontiguousarray(np.concatenate([vertical, horizontal]))
