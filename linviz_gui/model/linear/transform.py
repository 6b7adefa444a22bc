"""The one line of maths the explorer is about: Y = X @ W.T, as ``nn.Linear(2, 2, bias=False)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linviz_gui.model.linear.matrix import Matrix2

if TYPE_CHECKING:
    import torch


def weight_tensor(w: Matrix2, device: torch.device | str = "cpu") -> torch.Tensor:
    import torch

    return torch.tensor(w.rows, dtype=torch.float32, device=device)


def transform_points(points: torch.Tensor, w: Matrix2) -> torch.Tensor:
    """Row points X (N, 2) to Y = X @ W.T on the points' device."""
    return points @ weight_tensor(w, points.device).T


def pytorch_code(w: Matrix2) -> str:
    """The PyTorch code a student would write for the current W (what the app runs)."""
    (a, b), (c, d) = w.rows
    return (
        "import torch\n"
        "import torch.nn as nn\n\n"
        f"W = torch.tensor([[{a:.4f}, {b:.4f}],\n"
        f"                  [{c:.4f}, {d:.4f}]])\n"
        "Y = X @ W.T  # row x of X -> W x\n\n"
        "# the same map as a layer:\n"
        "model = nn.Linear(2, 2, bias=False)\n"
        "with torch.no_grad():\n"
        "    model.weight.copy_(W)\n"
        "    Y = model(X)\n"
    )
