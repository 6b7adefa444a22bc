"""``linviz export OUT.png|OUT.svg``: write a figure without opening a window, even with no display.

The app is built as usual (same views, same worker) but never shown on screen; the command waits
for the worker's results, renders the named view at the requested size and writes the file
atomically. Every way out stops the worker thread first, prints at most one line and exits with
one of :data:`EXIT_CODES`. A worker stuck in a job that does not stop is left running and the
process ends at once (``os._exit``): letting Python tear down a running QThread aborts it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from linviz_gui.cli import (
    matrix_argument,
    points_argument,
    seed_argument,
    training_steps_argument,
)
from linviz_gui.commands.training_flags import (
    add_training_flags,
    config_from_args,
    given_training_flags,
    hidden_from_args,
)
from linviz_gui.model.linear.matrix import InputError

HELP = "write a figure (PNG or SVG) of a view without opening a window"
DEFAULT_VIEW = "output"
#: How long the computation may take before the export gives up.
SETTLE_LIMIT_S = 120.0
#: How long a giving-up export waits for the worker's current job to stop.
STOP_WAIT_S = 10.0

EXIT_WRITTEN = 0
EXIT_REFUSED = 1
EXIT_ARGUMENTS = 2
EXIT_COMPUTATION = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130
EXIT_CODES = {
    EXIT_WRITTEN: "the file was written",
    EXIT_REFUSED: "an input was refused (a file, a value, a view name); nothing was written",
    EXIT_ARGUMENTS: "the command line is wrong (an unknown flag, a malformed value)",
    EXIT_COMPUTATION: f"the computation failed or did not finish in {SETTLE_LIMIT_S:g} s",
    EXIT_INTERNAL: "an internal error (a bug in linviz; please report it)",
    EXIT_INTERRUPTED: "interrupted (Ctrl+C)",
}
EPILOG = "exit codes:\n" + "\n".join(f"  {code:<4} {text}" for code, text in EXIT_CODES.items())

#: Workers whose job would not stop: kept referenced so Python never destroys their QThread.
_stuck_workers: list[object] = []


class WorkerStuck(Exception):
    """The worker's current job did not stop in :data:`STOP_WAIT_S` (the thread still runs)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter  # keeps the codes one a line
    parser.add_argument("out", metavar="OUT.png|OUT.svg", help="the file to write")
    parser.add_argument("--session", metavar="FILE", help="start from this saved session")
    parser.add_argument(
        "--model",
        metavar="FILE",
        help="draw the net in this state_dict or TorchScript file (see linviz --model)",
    )
    parser.add_argument(
        "--activation", metavar="KIND", help="with --model: the activation between its layers"
    )
    parser.add_argument("--matrix", type=matrix_argument, metavar='"a,b;c,d"', help="use this W")
    parser.add_argument("--points", type=points_argument, metavar="N", help="Gaussian cloud size")
    parser.add_argument(
        "--seed",
        type=seed_argument,
        metavar="S",
        help="torch seed of the cloud (with --preset: of its data and model, as linviz train)",
    )
    parser.add_argument(
        "--preset",
        metavar="NAME",
        help="train this course preset (spiral-mlp ...) in the Training tab first, and draw it",
    )
    parser.add_argument(
        "--steps",
        type=training_steps_argument,
        metavar="N",
        help="with --preset: training steps (the preset's 2000)",
    )
    add_training_flags(parser)  # with --preset, as linviz train reads them
    parser.add_argument(
        "--view",
        metavar="NAME",
        default=DEFAULT_VIEW,
        help="input, output, window, or a tab's title such as explorer "
        "(default: output; training with --preset)",
    )
    parser.add_argument("--width", type=int, default=1600, metavar="W", help="pixels (1600)")
    parser.add_argument("--height", type=int, default=1200, metavar="H", help="pixels (1200)")
    parser.add_argument("--transparent", action="store_true", help="PNG: transparent background")
    parser.add_argument(
        "--style",
        choices=("screen", "slide"),
        default="screen",
        help="PNG: as on screen, or slide (larger text, darker ticks, thicker arrows)",
    )
    parser.add_argument("--handles", action="store_true", help="PNG: keep the drag handles")
    parser.add_argument(
        "--keep-view",
        action="store_true",
        help="keep the view the window would show instead of fitting the points to the page",
    )


def run(args: argparse.Namespace) -> int:
    code = _run(args)
    if _stuck_workers:  # a normal exit would abort on the running QThread: leave at once
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _run(args: argparse.Namespace) -> int:
    from linviz_gui.ui.export.settle import ComputationError

    try:  # a malformed training flag is a wrong command line, as for linviz train
        args = argparse.Namespace(
            **vars(args), training=(config_from_args(args), hidden_from_args(args))
        )
    except InputError as error:
        return _fail(EXIT_ARGUMENTS, f"error: {error}")
    try:
        written, note = export_headless(args)
    except InputError as error:
        return _fail(EXIT_REFUSED, f"error: {error}")
    except (ComputationError, WorkerStuck) as error:
        return _fail(EXIT_COMPUTATION, f"error: {error}")
    except KeyboardInterrupt:
        return _fail(EXIT_INTERRUPTED, "interrupted")
    except Exception as error:  # a bug, still reported as one line (and a non-zero status)
        return _fail(EXIT_INTERNAL, f"internal error: {type(error).__name__}: {error}")
    print(f"wrote {written} ({args.width}x{args.height})")
    if note:
        print(note)
    return EXIT_WRITTEN


def _fail(code: int, message: str) -> int:
    print(f"linviz export: {message}", file=sys.stderr)
    return code


def export_headless(args: argparse.Namespace) -> tuple[Path, str]:
    """Build the app off screen, wait for the picture, write it.

    Raises
    ------
    InputError
        An input was refused.
    ComputationError
        The computation failed or did not finish in :data:`SETTLE_LIMIT_S`.
    WorkerStuck
        The worker could not be stopped afterwards (it is left running, see :func:`run`).
    """
    from dataclasses import replace

    from linviz_gui.model.data.point_sets import DatasetSpec
    from linviz_gui.model.files.atomic_file import check_target
    from linviz_gui.model.files.session import Session, load_session
    from linviz_gui.render.image_size import check_image_size

    out = check_target(args.out, (".png", ".svg"))
    check_image_size(args.width, args.height)
    session = load_session(args.session) if args.session else Session()
    dataset = session.dataset
    if args.points is not None:
        dataset = DatasetSpec("gaussian", args.points, dataset.seed)
    if args.seed is not None:
        if dataset.from_file and args.preset is None:  # a seed would change nothing drawn
            raise InputError(
                f"--seed draws generated points, and the session's come from "
                f"{Path(dataset.path).name}: leave out --seed, or add --points N"
            )
        dataset = replace(dataset, seed=args.seed)
    session = replace(session, matrix=args.matrix or session.matrix, dataset=dataset)
    if args.model:  # the Network tab on the net in the file, drawn unless --view says otherwise
        from linviz_gui.model.files.model_file import read_model, with_network

        session = with_network(session, read_model(args.model, args.activation))
        if args.view == DEFAULT_VIEW:  # the Explorer's output space would show W, not the net
            args = argparse.Namespace(**{**vars(args), "view": "network"})
    if args.preset is not None:
        from linviz_gui.model.training.recipe import PRESETS

        if args.preset not in PRESETS:
            raise InputError(f"unknown preset {args.preset!r}; choose one of: {', '.join(PRESETS)}")
        if args.view == DEFAULT_VIEW:  # the trained net is drawn on the Training tab
            args = argparse.Namespace(**{**vars(args), "view": "training"})
    elif args.steps is not None or given_training_flags(args):
        flag = "--steps" if args.steps is not None else given_training_flags(args)[0]
        raise InputError(f"{flag} trains a preset: give --preset NAME too")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="linviz-export-") as folder:
        return _render(session, args, out, folder)


def _render(session: object, args: argparse.Namespace, out: Path, folder: str) -> tuple[Path, str]:
    from PySide6.QtCore import QSettings, Qt, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.files.session import Session
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.export.figure_style import style_named
    from linviz_gui.ui.export.settle import wait_until_settled
    from linviz_gui.ui.export.targets import export_to_file
    from linviz_gui.ui.export.view_names import find_view_target
    from linviz_gui.ui.shell.main_window import MainWindow
    from linviz_gui.ui.shell.session_state import apply_session

    assert isinstance(session, Session)
    if QApplication.instance() is None:
        qInstallMessageHandler(_only_serious)  # the offscreen platform's chatter is no error
    app = QApplication.instance() or QApplication(["linviz-export"])
    settings = QSettings(str(Path(folder) / "linviz.ini"), QSettings.Format.IniFormat)
    worker = ComputeWorker()
    window = MainWindow(Scene(session.matrix, session.dataset, session.device), worker, settings)
    try:
        apply_session(window, session)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(1400, 820)
        window.show()
        worker.start()
        target = find_view_target(window, args.view)
        wait_until_settled(worker, SETTLE_LIMIT_S)
        trained = "" if args.preset is None else _train(window, worker, args.preset, args.training)
        app.processEvents()
        style = style_named(args.style).with_handles(args.handles)
        note = export_to_file(
            target, out, args.width, args.height, args.transparent, not args.keep_view, style
        )
        note = "\n".join(line for line in (trained, note) if line)
    finally:
        # Stopped first on every way out, so no QThread is destroyed while it runs.
        stopped = worker.stop(int(STOP_WAIT_S * 1000))
        window.close()
        app.processEvents()
        if not stopped:
            _stuck_workers.append(worker)
    if not stopped:
        raise WorkerStuck(
            f"the computation did not stop within {STOP_WAIT_S:g} s of being asked to"
        )
    return out, note


def _train(window: object, worker: object, preset: str, training: tuple[Any, int]) -> str:
    """Train ``preset`` in the window's Training tab with ``training`` (the flags' config and
    hidden width); a line with the last step's loss and accuracy, as ``linviz train`` measures
    them."""
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.ui.export.train_settle import train_preset_in_view
    from linviz_gui.ui.shell.main_window import MainWindow
    from linviz_gui.ui.views.training.view import TrainingView

    assert isinstance(window, MainWindow) and isinstance(worker, ComputeWorker)
    view = next(v for v in window.views if isinstance(v, TrainingView))
    config, hidden = training
    step = train_preset_in_view(view, worker, preset, config, SETTLE_LIMIT_S, hidden)
    losses, accuracies = view.curves.losses, view.curves.accuracies
    if not len(losses):
        return f"{preset}: {step} steps"
    return f"{preset}: {step} steps, loss {losses[-1]:.4f}, accuracy {accuracies[-1]:.3f}"


def _only_serious(mode: object, _context: object, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        print(f"linviz export: Qt: {message}", file=sys.stderr)
