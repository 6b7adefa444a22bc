"""Which torch devices exist here, and the default the course uses (cuda:0, else cpu)."""

from __future__ import annotations


def available_devices() -> list[str]:
    """``cpu``, then each ``cuda:N``, then ``mps`` where present."""
    import torch

    names = ["cpu"]
    if torch.cuda.is_available():
        names += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        names.append("mps")
    return names


def default_device(names: list[str]) -> str:
    return "cuda:0" if "cuda:0" in names else "cpu"
