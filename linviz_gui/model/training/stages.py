"""Every layer's space on a run's current weights: the Network tab's stages, PCA axes fixable.

:func:`training_stages` reuses :func:`~linviz_gui.model.network.layers.layer_stages` and
:func:`~linviz_gui.model.network.layers.project_stage`. In PCA mode it returns the axes it used
per stage; passing them back as ``axes`` for later steps of the same run keeps the picture from
turning or flipping as the weights change (Reset draws new ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from linviz_gui.model.network.layers import (
    Projection,
    StageInfo,
    layer_stages,
    pca_axes,
    project_stage,
)

if TYPE_CHECKING:
    import torch
    from torch import nn

#: Per stage index, the (width, 2) PCA axes a run keeps (only stages wider than 2).
PcaAxes = dict[int, np.ndarray]


@dataclass(frozen=True, eq=False)
class TrainingStages:
    """The stages of the net on ``points`` (and ``extra`` point sets, such as a grid), in 2-D."""

    infos: tuple[StageInfo, ...]
    labels: tuple[str, ...]  # per stage: how a wide stage is shown, "" when it is 2-D
    points: np.ndarray  # (stages, N, 2) float32
    extra: tuple[np.ndarray, ...]  # per extra set: (stages, M, 2) float32
    axes: PcaAxes


def training_stages(
    model: nn.Sequential,
    points: torch.Tensor,
    projection: Projection,
    axes: PcaAxes | None = None,
    extra: tuple[torch.Tensor, ...] = (),
) -> TrainingStages:
    """Each stage of ``model`` on ``points`` shown in 2-D by ``projection``.

    ``axes`` fixes the PCA axes of the stages it names; the others get their own top two
    principal directions, and the result's ``axes`` holds all of them.
    """
    import torch

    axes = dict(axes or {})
    stages = layer_stages(model, points)
    extra_stages = [layer_stages(model, e) for e in extra]
    shown = np.empty((len(stages), len(points), 2), np.float32)
    shown_extra = [np.empty((len(stages), len(e), 2), np.float32) for e in extra]
    labels = []
    used: PcaAxes = {}
    for index, stage in enumerate(stages):
        fixed = None
        own_label = ""
        if projection.mode == "pca" and stage.info.width > 2:
            if index in axes and axes[index].shape == (stage.info.width, 2):
                fixed = torch.from_numpy(axes[index])
            else:
                fixed, share = pca_axes(stage.values)
                own_label = f"width {stage.info.width}, shown by PCA ({share:.0%} of the variance)"
            used[index] = fixed.cpu().numpy().astype(np.float32)
        others = [e[index].values for e in extra_stages]
        projected, label = project_stage(stage.values, projection, others, fixed)
        shown[index] = projected[0].cpu().numpy()
        for target, values in zip(shown_extra, projected[1:], strict=True):
            target[index] = values.cpu().numpy()
        labels.append(own_label or label)
    return TrainingStages(
        tuple(s.info for s in stages), tuple(labels), shown, tuple(shown_extra), used
    )
