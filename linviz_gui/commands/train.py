"""``linviz train --preset NAME``: train one of the course notebook's nets with no display.

Runs the same job code as the Training view (``compute/training_jobs.py``) in this process and
prints the notebook's lines (``[STEP] ... [LOSS] ... [ACCURACY] ...``) or, with ``--json``, one
JSON object whose ``loss`` and ``accuracy`` are the last step's, as the notebook prints them
(measured on the weights before that step's update). Bad flags exit 2 with one line; a run
that diverges (NaN loss) prints its result and exits 1.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any

from linviz_gui.commands.training_flags import (
    add_training_flags,
    config_from_args,
    hidden_from_args,
)
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.recipe import PRESETS

HELP = "train a course preset (spiral-linear, spiral-mlp) and print its loss and accuracy"
#: Steps per job: the same chunks the view submits, so the command times the app's path.
CHUNK = 500
#: How many progress lines the text output prints (the notebook prints every step).
LINES = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset", required=True, metavar="NAME", help=f"one of {', '.join(PRESETS)}"
    )
    parser.add_argument("--steps", metavar="N", help="training steps (2000, the notebook's)")
    parser.add_argument("--device", metavar="D", help="cpu, cuda:0, mps ... (cuda:0 or cpu)")
    parser.add_argument("--seed", metavar="S", help="torch seed of data and model (12345)")
    add_training_flags(parser)
    parser.add_argument(
        "--save", metavar="NET.pt", help="write the trained state_dict and NET.py that rebuilds it"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
        hidden = hidden_from_args(args)
        device = check_device(args.device)
        if args.preset not in PRESETS:
            raise InputError(f"unknown preset {args.preset!r}; choose one of {list(PRESETS)}")
        if args.save is not None:
            from linviz_gui.model.files.atomic_file import check_target

            check_target(args.save, (".pt", ".pth"))
    except InputError as error:
        print(f"linviz train: error: {error}", file=sys.stderr)
        return 2
    result = train_preset(
        args.preset,
        config,
        device,
        echo=None if args.json else print,
        save=args.save,
        hidden=hidden,
    )
    if args.json:
        print(json.dumps(result, allow_nan=False))
    else:
        print(summary(result))
    if result["message"]:
        print(f"linviz train: {result['message']}", file=sys.stderr)
        return 1
    return 0


def check_device(name: str | None) -> str:
    """``name``, or the course's default (cuda:0 where present, else cpu), once it works here."""
    import torch

    from linviz_gui.model.devices import available_devices, default_device

    devices = available_devices()
    if name is None:
        return default_device(devices)
    try:
        torch.zeros(1, device=torch.device(name)).cpu()
    except Exception as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:120]
        raise InputError(
            f"device {name!r} is not usable here ({first}); available: {', '.join(devices)}"
        ) from None
    return name


def train_preset(
    name: str,
    config: Any,
    device: str,
    echo: Any = None,
    save: str | None = None,
    hidden: int = 100,
) -> dict[str, Any]:
    """Run preset ``name`` through the worker's job code in this thread; the JSON-able result.

    With ``save``, the trained net is written there (``save_net``, as the view's Save does).
    Torch gets the worker's number of threads (every core but one), so the rate is the app's.
    """
    import torch

    from linviz_gui.compute.worker import torch_threads

    threads = torch.get_num_threads()
    torch.set_num_threads(torch_threads())
    try:
        return _train_preset(name, config, device, echo, save, hidden)
    finally:
        torch.set_num_threads(threads)


def _train_preset(
    name: str, config: Any, device: str, echo: Any, save: str | None, hidden: int
) -> dict[str, Any]:
    from linviz_gui.compute.direct import DirectContext
    from linviz_gui.compute.training_jobs import (
        SavedNet,
        TrainingRun,
        save_net,
        start_preset,
        train_chunk,
    )

    context = DirectContext(device)
    run = start_preset(context, name, config, hidden)
    assert isinstance(run, TrainingRun), run  # the preset, config and width were checked
    started = time.perf_counter()
    losses: list[float] = []
    accuracies: list[float] = []
    last: Any = None
    every = max(1, config.steps // LINES)
    while run.step < config.steps:
        chunk = train_chunk(context, run, min(CHUNK, config.steps - run.step))
        report = chunk.report
        if echo is not None:
            rows = zip(report.steps, report.losses, report.accuracies, strict=True)
            for step, loss, accuracy in rows:
                if step % every == 0 or step == config.steps - 1:
                    echo(f"[STEP]: {step}, [LOSS]: {loss:.6f}, [ACCURACY]: {accuracy:.3f}")
        losses += report.losses.tolist()
        accuracies += report.accuracies.tolist()
        last, run = report, chunk.run
        if report.message or not len(report.losses):
            break
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "preset": name,
        "hidden": hidden,
        "device": device,
        "steps": run.step,
        "seed": config.seed,
        "optimizer": config.describe(),
        "loss_function": config.loss,
        "loss": _finite(losses[-1]) if losses else None,
        "accuracy": _finite(accuracies[-1]) if accuracies else None,
        "seconds": round(seconds, 3),
        "torch_threads": _threads(),
        "steps_per_second": round(len(losses) / seconds, 1) if seconds > 0 else None,
        "message": last.message if last is not None else "",
    }
    if save is not None:
        saved = save_net(context, save, run.setup.network, run.weights)
        if isinstance(saved, SavedNet):
            result["saved"] = [saved.weights_path, saved.code_path]
        else:
            result["message"] = saved.message
    if run.setup.has_test and last is not None and len(last.test_losses):
        result["test_loss"] = _finite(float(last.test_losses[-1]))
        result["test_accuracy"] = _finite(float(last.test_accuracies[-1]))
    return result


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def summary(result: dict[str, Any]) -> str:
    loss = "n/a" if result["loss"] is None else f"{result['loss']:.6f}"
    accuracy = "n/a" if result["accuracy"] is None else f"{result['accuracy']:.3f}"
    lines = [
        f"{result['preset']}: {result['steps']} steps on {result['device']} in "
        f"{result['seconds']:.1f} s ({result['steps_per_second']} steps/s)",
        f"final loss {loss}, accuracy {accuracy}",
    ]
    if "test_loss" in result:
        lines.append(f"test loss {result['test_loss']:.6f}, accuracy {result['test_accuracy']:.3f}")
    return "\n".join(lines)
