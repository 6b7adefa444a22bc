"""What a run trains: a net, labelled data, a config and the weights at step 0, checked together.

:func:`make_setup` refuses a net whose output width is not the data's class count (with the
fix), and splits off the test points. The course notebook's own runs are in ``recipe.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, build_sequential
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.weights import NetWeights


@dataclass(frozen=True, eq=False)
class TrainingSetup:
    """A checked run: ``network`` trained on ``data`` by ``config``, from ``initial`` weights.

    ``train_index`` / ``test_index`` pick the rows of ``data`` each part uses (the test part
    is empty without a split). ``name`` says what the run is, e.g. the preset's name.
    """

    network: NetworkSpec
    data: LabelledData
    config: TrainingConfig
    initial: NetWeights
    train_index: np.ndarray
    test_index: np.ndarray
    name: str = ""

    @property
    def has_test(self) -> bool:
        return len(self.test_index) > 0


def make_setup(
    network: NetworkSpec,
    data: LabelledData,
    config: TrainingConfig,
    initial: NetWeights | None = None,
    name: str = "",
) -> TrainingSetup:
    """Check that ``network`` can learn ``data`` and split it; ``initial`` defaults to the
    weights ``network``'s own seed draws.

    Raises
    ------
    InputError
        The net's output width is not the class count, it has nothing to train, or the split
        leaves no training point.
    """
    check_output_width(network, data.class_count)
    train_index, test_index = split_indices(data.size, config.test_fraction, config.seed)
    if initial is None:
        initial = NetWeights.from_model(build_sequential(network))
    return TrainingSetup(network, data, config, initial, train_index, test_index, name)


def check_output_width(network: NetworkSpec, classes: int) -> None:
    """Refuse a net that gives no score per class, or has no Linear layer to train."""
    if not any(layer.is_linear for layer in network.layers):
        raise InputError("the network has no Linear layer, so nothing to train; add one")
    width = network.output_width
    if width != classes:
        last = max(i for i, layer in enumerate(network.layers) if layer.is_linear)
        raise InputError(
            f"the network gives {width} output{'s' if width != 1 else ''} but the data has "
            f"{classes} classes; set the width of the last Linear (layer {last + 1}) to {classes}"
        )


def split_indices(size: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows for training and for testing: ``test_fraction`` of ``size`` drawn with ``seed``
    (a generator of its own), both in increasing order. No split keeps every row in order."""
    import torch

    everything = np.arange(size, dtype=np.int64)
    held_out = round(size * test_fraction)
    if held_out == 0:
        return everything, everything[:0]
    if held_out >= size:
        raise InputError(f"a test fraction of {test_fraction:g} leaves no training point of {size}")
    order = torch.randperm(size, generator=torch.Generator().manual_seed(seed)).numpy()
    return np.sort(order[held_out:]), np.sort(order[:held_out])
