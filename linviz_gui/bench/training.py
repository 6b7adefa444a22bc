"""Training rate: the app's steps per second beside bare PyTorch loops, in the same run.

All train the notebook's ``spiral-mlp`` (``Linear(2, 100) → ReLU → Linear(100, 5)``, Adam,
cross-entropy, full batch) on its 5,000 spiral points. The app goes through the Training view's
own job code (``train_chunk`` in chunks, with its curves, snapshots and the state handed back as
numpy), in chunks of ``CHUNK`` steps and, as the tab plays, in chunks ending after
``PLAYING_CHUNK_S`` (``playing_*``). Two bare loops beside it: the *minimal* one,
``s = model(X); L = C(s, y); opt.zero_grad(); L.backward(); opt.step()``, and the *notebook*'s
(``C`` with ``reduction='none'`` then ``.mean()``, and the accuracy of every step, as it prints
them), which is the work the app does. They alternate in short rounds, so a machine that slows
down slows all of them; rates are the rounds' medians, wall clock and process CPU time (all
threads). All use the worker's number of torch threads (every core but one).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

#: Steps per chunk job: about what the view asks for between two frames.
CHUNK = 25
LARGE_N = 100_000


def measure_training(device: str = "cpu", steps: int = 50, rounds: int = 7) -> dict[str, Any]:
    """The rates at N = 5,000 (``steps`` per round, ``rounds`` rounds each) and the app's at
    N = 100,000; JSON-able."""
    import torch

    from linviz_gui.compute.worker import torch_threads

    threads = torch.get_num_threads()
    torch.set_num_threads(torch_threads())
    try:
        return {**_measure(device, steps, rounds), "threads": torch.get_num_threads()}
    finally:
        torch.set_num_threads(threads)


def _measure(device: str, steps: int, rounds: int) -> dict[str, Any]:
    import torch

    from linviz_gui.compute.direct import DirectContext
    from linviz_gui.compute.training_jobs import (
        PLAYING_CHUNK_S,
        TrainingRun,
        start_preset,
        train_chunk,
    )

    context = DirectContext(device)
    run = start_preset(context, "spiral-mlp")
    assert isinstance(run, TrainingRun)
    x = torch.from_numpy(run.setup.data.points).to(device)
    y = torch.from_numpy(run.setup.data.labels).to(device)
    minimal = _bare_loop(x, y, notebook=False)
    notebook = _bare_loop(x, y, notebook=True)

    state = {"run": run}

    def app(n: int, seconds: float | None = None) -> None:
        done = 0
        while done < n:
            chunk = train_chunk(context, state["run"], min(CHUNK, n - done), seconds)
            state["run"] = chunk.run
            done += len(chunk.report.losses)

    def app_playing(n: int) -> None:
        app(n, PLAYING_CHUNK_S)

    minimal(10)  # the first optimiser step imports torch._dynamo: not counted
    notebook(10)
    app(CHUNK)
    loops = {"minimal": minimal, "app": app, "notebook": notebook, "playing": app_playing}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in loops}
    for _ in range(rounds):
        for name, loop in loops.items():
            times[name].append(_timed(loop, steps, device))
    rate = {k: steps / statistics.median(t for t, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) / steps * 1000 for k, v in times.items()}
    return {
        "n": len(run.setup.data.labels),
        "hidden": 100,
        "device": device,
        "steps_per_round": steps,
        "rounds": rounds,
        "chunk": CHUNK,
        "app_steps_per_s": round(rate["app"], 1),
        "bare_steps_per_s": round(rate["minimal"], 1),
        "notebook_steps_per_s": round(rate["notebook"], 1),
        "ratio": round(rate["app"] / rate["minimal"], 3),
        "notebook_ratio": round(rate["app"] / rate["notebook"], 3),
        "playing_chunk_ms": PLAYING_CHUNK_S * 1000,
        "playing_steps_per_s": round(rate["playing"], 1),
        "playing_ratio": round(rate["playing"] / rate["minimal"], 3),
        "app_cpu_ms_per_step": round(cpu["app"], 3),
        "bare_cpu_ms_per_step": round(cpu["minimal"], 3),
        "notebook_cpu_ms_per_step": round(cpu["notebook"], 3),
        "cpu_ratio": round(cpu["minimal"] / cpu["app"], 3) if cpu["app"] > 0 else None,
        "large": _large(context, max(2, steps // 10), device),
        "pictures_ms": _pictures(context, state["run"]),
    }


def _pictures(context: Any, run: Any, repeats: int = 5) -> dict[str, float]:
    """Median milliseconds of the jobs a frame asks for: the regions at the sizes asked for
    while playing (100) and paused (~200), one class's energy over every other point of the
    notebook's mesh (playing) and over all of it (paused), and every stage of the 5,000
    points with the PCA axes kept (the view's steady state)."""
    from linviz_gui.compute.training_jobs import energy_grid, regions, stages
    from linviz_gui.model.network.layers import Projection

    network, weights, points = run.setup.network, run.weights, run.setup.data.points
    axes = stages(context, network, weights, points, Projection("pca")).axes
    jobs = {
        "regions_100": lambda: regions(
            context, network, weights, (-1.5, 1.5, -1.5, 1.5), (100, 100)
        ),
        "regions_128": lambda: regions(
            context, network, weights, (-1.5, 1.5, -1.5, 1.5), (128, 128)
        ),
        "regions_256": lambda: regions(
            context, network, weights, (-1.5, 1.5, -1.5, 1.5), (256, 256)
        ),
        "energy_150": lambda: energy_grid(context, network, weights, 0, "cross_entropy", 2),
        "energy_300": lambda: energy_grid(context, network, weights, 0),
        "stages_pca": lambda: stages(context, network, weights, points, Projection("pca"), axes),
    }
    out = {}
    for name, job in jobs.items():
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            job()
            times.append((time.perf_counter() - began) * 1000)
        out[name] = round(statistics.median(times), 2)
    return out


def _bare_loop(x: torch.Tensor, y: torch.Tensor, notebook: bool) -> Callable[[int], None]:
    """Plain PyTorch training of the same model on the same points (its own weights)."""
    import torch
    from torch import nn

    device = x.device
    model = nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 5)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    criterion = nn.CrossEntropyLoss(reduction="none" if notebook else "mean")

    def loop(n: int) -> None:
        for _ in range(n):
            s = model(x)
            loss = criterion(s, y).mean() if notebook else criterion(s, y)
            if notebook:
                _score, predicted = torch.max(s, 1)
                (y == predicted).sum().float() / len(y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    return loop


def _large(context: Any, steps: int, device: str) -> dict[str, Any]:
    """The app's rate on the spiral at N = 100,000 (full batch), and the minimal loop's."""
    import torch

    from linviz_gui.compute.training_jobs import TrainingRun, train_chunk
    from linviz_gui.model.data.labelled import LabelledData
    from linviz_gui.model.training.config import TrainingConfig
    from linviz_gui.model.training.recipe import NOTEBOOK_K, notebook_spiral, preset_network
    from linviz_gui.model.training.setup import make_setup

    # a generator of its own, as the recipe's: the global RNG is left to other threads
    x, y = notebook_spiral(LARGE_N // NOTEBOOK_K, NOTEBOOK_K, torch.Generator().manual_seed(0))
    names = tuple(str(k) for k in range(NOTEBOOK_K))
    data = LabelledData(x.numpy(), y.numpy(), names, "spiral", ("bench-spiral", LARGE_N))
    setup = make_setup(preset_network("spiral-mlp"), data, TrainingConfig())
    run = TrainingRun.starting(setup)
    run = train_chunk(context, run, 1).run  # the tensors moved to the device: not counted
    app_s, _cpu = _timed(lambda n: train_chunk(context, run, n), steps, device)
    bare = _bare_loop(x.to(context.device), y.to(context.device), notebook=False)
    bare(1)
    bare_s, _cpu = _timed(bare, steps, device)
    return {
        "n": LARGE_N,
        "steps": steps,
        "app_steps_per_s": round(steps / app_s, 1),
        "bare_steps_per_s": round(steps / bare_s, 1),
    }


def _timed(fn: Callable[[int], object], steps: int, device: str) -> tuple[float, float]:
    """Wall-clock and process CPU seconds of ``fn(steps)``, the device's queue drained."""
    import torch

    wall, cpu = time.perf_counter(), time.process_time()
    fn(steps)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - wall, time.process_time() - cpu
