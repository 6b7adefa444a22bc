"""The layers of a TorchScript file (``torch.jit.save(torch.jit.script(model), f)`` or a traced
model), read without running anything in it.

``torch.jit.load`` would run the file's code (a scripted ``__setstate__``, for one), so it is
never called. The archive is a zip: ``<name>/data.pkl`` pickles the module tree, each tensor's
bytes are ``<name>/data/<key>``, and ``<name>/code/`` holds the TorchScript source. data.pkl is
read by an unpickler that knows five kinds of global only: torch.nn module classes (made into
inert :class:`ScriptedModule` records), ``_rebuild_tensor_v2`` (our own, building numpy arrays),
float storages (markers), ``OrderedDict``; anything else refuses the file before it is made. A
LeakyReLU's slope is not pickled (it is a constant of its class): it is read from the code text
with a regular expression and ``float``, never evaluated.
"""

from __future__ import annotations

import collections
import io
import math
import pickle
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np

from linviz_gui.model.files.safe_read import format_size
from linviz_gui.model.linear.matrix import InputError, quoted
from linviz_gui.model.network.layers import MAX_LAYERS, TORCH_KINDS

#: Layer classes linviz draws; any other torch.nn class is named in the refusal.
DRAWN = (*TORCH_KINDS, "Sequential")
#: Storages read as numbers (a Linear's weight is one of these), by pickled class name.
_STORAGES = {"FloatStorage": "f4", "DoubleStorage": "f8", "HalfStorage": "f2"}
#: ``__torch__.torch.nn.modules.<file>`` with an optional ``___torch_mangle_<n>``: torch.nn's
#: own classes, as TorchScript names them. A user's class (``__torch__.MyNet``) does not match.
_NN_MODULE = re.compile(r"^__torch__\.torch\.nn\.modules\.[a-z_]+(?:\.___torch_mangle_\d+)?$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEY = re.compile(r"^[A-Za-z0-9_]+$")
_NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
# Scripted: the class constant. Traced: the call in forward (no slope argument: torch's 0.01).
_SLOPE_FINAL = re.compile(r"negative_slope\s*:\s*Final\[float\]\s*=\s*" + _NUMBER)
_SLOPE_CALL = re.compile(r"leaky_relu_?\(\s*\w+\s*(?:,\s*" + _NUMBER + r")?\s*\)")
TORCH_DEFAULT_SLOPE = 0.01
#: Modules visited while flattening: a pickle can share one Sequential under many keys at every
#: depth, a tree of 1,000¹⁶ visits in a few hundred bytes; a real net has a few dozen.
MAX_MODULES = 8 * MAX_LAYERS


class ScriptedModule:
    """One pickled torch.nn module: its class name and its attributes, nothing that can run.
    ``find_class`` hands the unpickler a fresh subclass per class, named by the file."""

    kind = ""
    qualified = ""
    attrs: object = None  # what BUILD gave it; unpickling calls no __init__

    def __setstate__(self, state: object) -> None:
        self.attrs = state


@dataclass(frozen=True)
class ScriptedLayer:
    """One layer of the flattened Sequential: where it sits (``"2.0"`` inside a nested one), its
    torch.nn class name, a Linear's weight and bias, a LeakyReLU's slope."""

    name: str
    kind: str
    weight: np.ndarray | None = None
    bias: np.ndarray | None = None
    slope: float | None = None


class _Refused(Exception):
    """A global that linviz does not make (its qualified name is the argument)."""


@dataclass(frozen=True)
class _StorageKind:
    name: str
    dtype: str


@dataclass(frozen=True)
class _Storage:
    values: np.ndarray  # 1-D, numel long


def is_torchscript(data: bytes) -> bool:
    """True for a zip archive with TorchScript's ``code/`` or ``constants.pkl``."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return any(n.split("/", 1)[-1].startswith(("code/", "constants.pkl")) for n in names)


def read_torchscript(data: bytes, limit: int) -> list[ScriptedLayer]:
    """The layers of the TorchScript archive ``data`` in order, nested Sequentials flattened.

    ``limit`` bounds every entry's claimed size and all of them together. Raises InputError,
    one line without the file's name, for anything but a Sequential of torch.nn modules whose
    numbers are all there.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Archive(archive, limit).layers()
    except InputError:
        raise
    except _Refused as refused:
        raise InputError(
            f"a TorchScript file that needs {quoted(str(refused), 80)} to load: linviz reads "
            "only nn.Sequential of Linear and activations, and runs nothing in the file"
        ) from None
    except Exception as error:  # zipfile, pickle and numpy raise many kinds on a damaged file
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(
            f"not a readable TorchScript file (truncated or damaged): {quoted(reason, 80)}"
        ) from None


class _Archive:
    def __init__(self, archive: zipfile.ZipFile, limit: int) -> None:
        self._archive = archive
        self._left = limit  # bytes the entries read may still hold
        self._limit = limit
        tops = {n.split("/", 1)[0] for n in archive.namelist() if n.endswith("/data.pkl")}
        tops = {top for top in tops if f"{top}/data.pkl" in archive.namelist()}
        if len(tops) != 1:
            raise InputError("a zip archive without one data.pkl: not a TorchScript model")
        self._top = tops.pop()
        self._little = self._byteorder()
        self._visits = 0

    def layers(self) -> list[ScriptedLayer]:
        root = _Unpickler(io.BytesIO(self.read("data.pkl")), self).load()
        if not isinstance(root, ScriptedModule):
            raise InputError(f"holds a {type(root).__name__}, not a torch.nn module")
        layers: list[ScriptedLayer] = []
        self._flatten(root, "", layers, depth=0)
        if not layers:
            raise InputError("the Sequential is empty")
        return layers

    def read(self, name: str) -> bytes:
        """The entry ``<top>/name``, refused before it is read when it claims too much."""
        path = f"{self._top}/{name}"
        try:
            info = self._archive.getinfo(path)
        except KeyError:
            raise InputError(f"the archive has no {quoted(path, 60)}") from None
        if info.file_size > self._left:
            raise InputError(
                f"{quoted(path, 60)} claims {format_size(info.file_size)}; model files hold at "
                f"most {format_size(self._limit)} in all"
            )
        self._left -= info.file_size
        # ZipExtFile stops at the claimed size, so a compressed entry cannot expand past it.
        with self._archive.open(info) as stream:
            return stream.read(info.file_size + 1)

    def storage(self, kind: _StorageKind, key: str, numel: int) -> _Storage:
        if not _KEY.match(key):
            raise InputError(f"a tensor stored under {quoted(key, 30)}: not a storage key")
        raw = self.read(f"data/{key}")
        item = int(kind.dtype[1:])
        if len(raw) != numel * item:
            raise InputError(
                f"tensor data {key} is {len(raw)} bytes, but the file says {numel} numbers "
                f"({numel * item} bytes)"
            )
        order = "<" if self._little else ">"
        return _Storage(np.frombuffer(raw, dtype=order + kind.dtype).astype(np.float64))

    def _byteorder(self) -> bool:
        try:
            text = self.read("byteorder").decode("ascii", "replace").strip()
        except InputError:
            return True  # written before torch recorded it: always little-endian then
        if text not in ("little", "big"):
            raise InputError(f"byte order {quoted(text, 20)}: not 'little' or 'big'")
        return text == "little"

    def _flatten(
        self, module: ScriptedModule, name: str, out: list[ScriptedLayer], depth: int
    ) -> None:
        self._visits += 1
        if self._visits > MAX_MODULES:
            raise InputError(f"more than {MAX_MODULES} modules: not a net linviz can show")
        attrs = module.attrs
        if not isinstance(attrs, dict):
            raise InputError(f"module {quoted(name or 'model', 40)} holds no attributes")
        where = name or "model"
        if module.kind != "Sequential":
            out.append(self._layer(module, where, attrs))
            return
        if depth >= MAX_LAYERS:  # also ends a Sequential that holds itself
            raise InputError(f"Sequentials nested more than {MAX_LAYERS} deep")
        for key, child in attrs.items():
            if isinstance(child, ScriptedModule):
                self._flatten(child, f"{name}.{key}" if name else str(key), out, depth + 1)
                if len(out) > MAX_LAYERS:
                    raise InputError(f"more than {MAX_LAYERS} layers; at most that many are shown")

    def _layer(self, module: ScriptedModule, where: str, attrs: dict[Any, Any]) -> ScriptedLayer:
        if module.kind not in DRAWN:
            raise InputError(cannot_draw(module.kind, where))
        if module.kind == "Linear":
            weight, bias = attrs.get("weight"), attrs.get("bias")
            if not isinstance(weight, np.ndarray):
                raise InputError(f"Linear layer {quoted(where, 40)} has no weight tensor")
            if bias is not None and not isinstance(bias, np.ndarray):
                raise InputError(f"Linear layer {quoted(where, 40)}: its bias is not a tensor")
            return ScriptedLayer(where, "Linear", weight, bias)
        slope = self._slope(module, where) if module.kind == "LeakyReLU" else None
        return ScriptedLayer(where, module.kind, slope=slope)

    def _slope(self, module: ScriptedModule, where: str) -> float:
        """The LeakyReLU's negative slope, from its class's code (``a.b.C`` → ``code/a/b.py``)."""
        source = self.read("code/" + module.qualified.rsplit(".", 1)[0].replace(".", "/") + ".py")
        text = source.decode("utf-8", "replace")
        block = re.search(
            rf"^class {module.kind}\(.*?(?=^class |\Z)", text, flags=re.MULTILINE | re.DOTALL
        )
        body = block.group(0) if block else ""
        found = _SLOPE_FINAL.search(body) or _SLOPE_CALL.search(body)
        if found is None:
            raise InputError(f"LeakyReLU layer {quoted(where, 40)}: its slope is not in the file")
        return float(found.group(1)) if found.group(1) else TORCH_DEFAULT_SLOPE


def cannot_draw(kind: str, where: str | None = None) -> str:
    """The one message for a torch.nn layer the Network tab has no kind for (``where`` it sits
    in the Sequential, when known)."""
    what = f"layer {quoted(where, 40)} is {kind}" if where else f"the model holds a {kind} layer"
    return f"{what}: the Network tab draws Linear, Tanh, ReLU, Sigmoid, LeakyReLU and Identity"


class _Unpickler(pickle.Unpickler):
    """data.pkl's unpickler: every global it may make is listed in :meth:`find_class`, and all
    of them are inert here (fresh per file, so a file cannot alter them for the next one)."""

    def __init__(self, stream: io.BytesIO, archive: _Archive) -> None:
        super().__init__(stream)
        self._archive = archive
        self._classes: dict[str, type[ScriptedModule]] = {}
        self._storages: dict[str, tuple[_StorageKind, _Storage]] = {}
        self._kinds = {name: _StorageKind(name, dtype) for name, dtype in _STORAGES.items()}
        self._seen: list[str] = []  # torch.nn classes met so far, to name one in a refusal

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return self._rebuild_tensor
        if module == "torch" and name in self._kinds:
            return self._kinds[name]
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if _NN_MODULE.match(module) and _NAME.match(name):
            self._seen.append(name)
            return self._record_class(f"{module}.{name}", name)
        undrawn = [kind for kind in self._seen if kind not in DRAWN]
        if undrawn:  # its own data needs the refused global: name the layer, not the global
            raise InputError(cannot_draw(undrawn[0]))
        raise _Refused(f"{module}.{name}")

    def _record_class(self, qualified: str, name: str) -> type[ScriptedModule]:
        if qualified not in self._classes:
            self._classes[qualified] = type(
                name, (ScriptedModule,), {"kind": name, "qualified": qualified}
            )
        return self._classes[qualified]

    def persistent_load(self, pid: Any) -> _Storage:
        # torch writes ('storage', <storage class>, key, location, numel).
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise InputError(f"a persistent id {quoted(repr(pid), 50)}: not a tensor's storage")
        _, kind, key, _location, numel = pid
        if not isinstance(kind, _StorageKind) or not isinstance(key, str):
            raise InputError(f"a storage of {quoted(repr(kind), 40)}: not float numbers")
        if not _whole(numel):
            raise InputError(f"a storage of {quoted(repr(numel), 30)} numbers")
        if key not in self._storages:
            self._storages[key] = (kind, self._archive.storage(kind, key, numel))
        if self._storages[key][0] != kind or len(self._storages[key][1].values) != numel:
            raise InputError(f"tensor data {key} is claimed with two sizes or types")
        return self._storages[key][1]

    def _rebuild_tensor(
        self, storage: object, offset: object, size: object, stride: object, *_: object
    ) -> np.ndarray:
        """torch's ``_rebuild_tensor_v2`` in numpy: the view (offset, size, stride) of the
        storage, refused unless every element it names lies inside the storage."""
        if not isinstance(storage, _Storage):
            raise InputError("a tensor without its storage")
        shape, steps = _dims(size), _dims(stride)
        if not _whole(offset) or shape is None or steps is None or len(shape) != len(steps):
            raise InputError(f"a tensor of size {quoted(repr(size), 30)}: not a tensor's shape")
        assert isinstance(offset, int)
        numel = len(storage.values)
        count = math.prod(shape)
        last = offset + sum((n - 1) * s for n, s in zip(shape, steps, strict=True))
        if count > numel or (count and last >= numel):
            raise InputError(
                f"a tensor of shape {tuple(shape)} (offset {offset}, stride {tuple(steps)}) "
                f"reaches past its storage of {numel} numbers"
            )
        flat = storage.values
        item = flat.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat[offset:] if count else flat[:0],
            shape=tuple(shape),
            strides=tuple(s * item if n > 1 else 0 for n, s in zip(shape, steps, strict=True)),
            writeable=False,
        )
        return np.array(view)  # a copy: the layer keeps no view of the archive


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _dims(value: object) -> list[int] | None:
    if not isinstance(value, tuple) or len(value) > 8 or not all(_whole(v) for v in value):
        return None
    return [int(v) for v in value]
