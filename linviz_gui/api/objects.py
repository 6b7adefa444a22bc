"""What the Python API accepts, turned into the app's own values: a 2x2 ``W`` from a tensor, an
array, nested lists, ``"a,b;c,d"`` or an ``nn.Linear(2, 2)``; a dataset from its kind.

No Qt and no torch import: a tensor or a module is recognised by what it has (``detach``,
``in_features``), so ``import linviz_gui`` stays light and torch is only touched if the caller
already handed us one of its objects.
"""

from __future__ import annotations

import operator
from dataclasses import replace
from typing import Any

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_matrix

ACCEPTED = "a 2x2 tensor, array or nested list, a string 'a,b;c,d', or nn.Linear(2, 2)"


def _describe(obj: object) -> str:
    kind = type(obj)
    return (
        f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__name__
    )


def matrix_of(obj: object) -> Matrix2:
    """``obj`` as the Explorer's W. Raises InputError naming what was wrong with it."""
    if isinstance(obj, Matrix2):
        return obj
    if isinstance(obj, str):
        return parse_matrix(obj)
    if hasattr(obj, "in_features") and hasattr(obj, "weight"):
        obj = _linear_weight(obj)
    return _matrix_from_array(obj)


def _linear_weight(layer: Any) -> Any:
    shape = (layer.in_features, layer.out_features)
    if shape != (2, 2):
        raise InputError(
            f"nn.Linear{shape} maps R^{shape[0]} to R^{shape[1]}; the Explorer shows "
            "nn.Linear(2, 2)"
        )
    bias = getattr(layer, "bias", None)
    if bias is not None:
        values = [float(b) for b in bias.detach().cpu().reshape(-1).tolist()]
        if any(value != 0.0 for value in values):
            shown = ", ".join(f"{value:.4g}" for value in values)
            raise InputError(
                f"this nn.Linear(2, 2) has the bias [{shown}]; the Explorer shows x -> W x only: "
                "pass layer.weight, or build the layer with bias=False"
            )
    return layer.weight


def _matrix_from_array(obj: object) -> Matrix2:
    import numpy as np

    given = _describe(obj)
    values = obj.detach().cpu().numpy() if hasattr(obj, "detach") else obj  # a tensor, anywhere
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise InputError(f"cannot read a {given} as W ({error}); pass {ACCEPTED}") from None
    if array.dtype == object:
        raise InputError(f"cannot read a {given} as W; pass {ACCEPTED}")
    if array.dtype.kind not in "biuf":
        raise InputError(f"W must hold real numbers; got a {given} of {array.dtype}")
    if array.shape != (2, 2):
        raise InputError(f"W must be 2x2; got a {given} of shape {tuple(array.shape)}")
    return Matrix2(*(float(v) for v in array.astype(float).reshape(-1)))


def dataset_of(X: object = None, n: int | None = None, seed: int | None = None) -> DatasetSpec:
    """The Explorer's points: ``X`` names a kind (``"gaussian"`` ...) or is a DatasetSpec."""
    if X is None:
        spec = DatasetSpec()
    elif isinstance(X, DatasetSpec):
        spec = X
    elif isinstance(X, str):
        spec = DatasetSpec(X)  # type: ignore[arg-type]  # DatasetSpec refuses an unknown kind
    else:
        raise InputError(
            f"X={_describe(X)}: a kind's name (X='gaussian', n=..., seed=...) or a DatasetSpec; "
            "your own points as an array go through session_of, which writes them to a file"
        )
    # DatasetSpec checks N and the seed themselves.
    return replace(
        spec,
        n=spec.n if n is None else _integer(n, "n"),
        seed=spec.seed if seed is None else _integer(seed, "seed"),
    )


def _integer(value: object, name: str) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        return operator.index(value)  # type: ignore[arg-type]  # int, numpy.int64, 0-d tensor
    except TypeError:
        raise InputError(f"{name} must be an integer; got {value!r}") from None
