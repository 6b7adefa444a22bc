"""Save a trained net as PyTorch does: its ``state_dict`` (``torch.save``) and the code that
rebuilds it, a ``.py`` file beside the ``.pt`` that loads the weights back into the same net."""

from __future__ import annotations

import io
from pathlib import Path

from linviz_gui.model.files.atomic_file import check_target, write_atomic
from linviz_gui.model.network.layers import NetworkSpec
from linviz_gui.model.training.weights import NetWeights


def rebuild_code(network: NetworkSpec, weights_file: str) -> str:
    """Python that rebuilds ``network`` and loads ``weights_file`` (a name beside the code)."""
    lines = [
        '"""The net trained in linviz; run it beside its weights file."""',
        "",
        "from pathlib import Path",
        "",
        "import torch",
        "import torch.nn as nn",
        "",
        "model = nn.Sequential(",
        *[f"    nn.{layer.describe()}," for layer in network.layers],
        ")",
        f"weights = Path(__file__).with_name({weights_file!r})",
        "model.load_state_dict(torch.load(weights, weights_only=True))",
        "model.eval()",
        "",
        "if __name__ == '__main__':",
        "    x = torch.tensor([[0.5, -0.25]])",
        "    with torch.no_grad():",
        "        print(model(x).softmax(1))",
    ]
    return "\n".join(lines) + "\n"


def save_trained_net(path: str | Path, network: NetworkSpec, weights: NetWeights) -> Path:
    """Write the weights to ``path`` (``.pt``) and the code to the same name with ``.py``;
    returns the code's path. Both are written atomically; an InputError says what failed."""
    import torch

    target = check_target(path, (".pt", ".pth"))
    code_path = target.with_suffix(".py")
    buffer = io.BytesIO()
    torch.save(weights.state_dict(), buffer)
    write_atomic(target, buffer.getvalue())
    write_atomic(code_path, rebuild_code(network, target.name).encode("utf-8"))
    return code_path
