"""The ``linviz`` command: the GUI by default, headless sub-commands beside it.

Nothing heavy is imported before the arguments are read, so ``linviz --help`` and errors are
instant and need no display.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from linviz_gui.commands import COMMANDS
from linviz_gui.model.data.point_sets import DatasetSpec, check_point_count, check_seed, parse_int
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_matrix
from linviz_gui.version import __version__

#: No flag of linviz starts with a digit or a dot, so "-1,0;0,1" and "-.5" are values.
_LOOKS_NEGATIVE = re.compile(r"^-[\d.]")


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments exit 2 with one clear line (no usage dump, no traceback)."""

    def error(self, message: str) -> NoReturn:
        # The message may quote what the user typed: show its control characters escaped.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(2, f"{self.prog}: error: {shown}\n")

    def _parse_optional(self, arg_string: str) -> Any:
        # A value such as "-1,0;0,1" or "-.5" is an argument, not an unknown flag (argparse
        # itself only recognises plain negative numbers like "-1").
        if _LOOKS_NEGATIVE.match(arg_string):
            return None
        return super()._parse_optional(arg_string)


def matrix_argument(text: str) -> Matrix2:
    try:
        return parse_matrix(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(f'{error} (write it as "a,b;c,d")') from None


def points_argument(text: str) -> int:
    try:
        return check_point_count(parse_int(text, "N"))
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def training_steps_argument(text: str) -> int:
    """``--steps N`` of a training run: 1 to the Training tab's most."""
    from linviz_gui.model.training.config import MAX_STEPS

    try:
        steps = parse_int(text, "--steps")
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not 1 <= steps <= MAX_STEPS:
        raise argparse.ArgumentTypeError(
            f"--steps must be between 1 and {MAX_STEPS:,}; got {steps}"
        )
    return steps


def seed_argument(text: str) -> int:
    try:
        return check_seed(parse_int(text, "seed"))
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="linviz",
        description="See what PyTorch does to space. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"linviz {__version__}")
    parser.add_argument(
        "--matrix", type=matrix_argument, metavar='"a,b;c,d"', help="start with this W"
    )
    parser.add_argument("--points", type=points_argument, metavar="N", help="Gaussian cloud size")
    parser.add_argument("--seed", type=seed_argument, metavar="S", help="torch seed of the cloud")
    parser.add_argument(
        "--device", metavar="D", help="cpu, cuda:0, mps ... (default: cuda:0 or cpu)"
    )
    parser.add_argument(
        "--session", metavar="FILE", help="open the app on this saved session (.linviz.json)"
    )
    parser.add_argument(
        "--model",
        metavar="FILE",
        help="open the Network tab on a state_dict (torch.save(model.state_dict(), FILE)) or a "
        "TorchScript file of an nn.Sequential (torch.jit.save); nothing in it is run",
    )
    parser.add_argument(
        "--activation",
        metavar="KIND",
        # Checked by the model reader (importing the layer kinds here would slow down --help).
        help="with --model: the activation between its Linear layers, which a state_dict cannot "
        "tell: tanh, relu, sigmoid, leaky_relu or identity",
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add linviz to the desktop's application menu (under $XDG_DATA_HOME) and exit",
    )
    if COMMANDS:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name, module_path in COMMANDS.items():
            module = importlib.import_module(module_path)
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None):
        return int(importlib.import_module(COMMANDS[args.command]).run(args))
    if args.install_desktop_entry:
        return _install_desktop_entry()
    if args.session is not None:
        return _run_session(args)
    if args.model is not None:
        return _run_model(args)
    dataset = DatasetSpec(n=args.points or 1000, seed=args.seed or 0)
    from linviz_gui.ui.shell.app import run_app

    return run_app(matrix=args.matrix, dataset=dataset, device=args.device)


def _run_session(args: argparse.Namespace) -> int:
    """``linviz --session FILE``: a broken file is one line here, before any window appears."""
    from pathlib import Path

    from linviz_gui.model.files.session import load_session

    given = [
        f"--{name}" for name in ("matrix", "points", "seed") if getattr(args, name) is not None
    ]
    if given:
        print(
            f"linviz: error: --session sets W and the points; drop {', '.join(given)}",
            file=sys.stderr,
        )
        return 2
    try:
        session = load_session(args.session)
    except InputError as error:
        print(f"linviz: error: {error}", file=sys.stderr)
        return 1
    from linviz_gui.ui.shell.app import run_app

    return run_app(
        matrix=session.matrix,
        dataset=session.dataset,
        device=args.device,
        session_path=Path(args.session),
    )


def _run_model(args: argparse.Namespace) -> int:
    """``linviz --model FILE``: read before any window appears, so a refusal is one line here."""
    from linviz_gui.model.files.model_file import ActivationNeeded, opening_state, read_model

    try:
        network = read_model(args.model, args.activation)
    except InputError as error:
        hint = " (--activation KIND)" if isinstance(error, ActivationNeeded) else ""
        print(f"linviz: error: {error}{hint}", file=sys.stderr)
        return 1
    state = opening_state(network)
    dataset = DatasetSpec(n=args.points or 1000, seed=args.seed or 0)
    from linviz_gui.ui.shell.app import run_app

    return run_app(
        matrix=args.matrix, dataset=dataset, device=args.device, view_state=("Network", state)
    )


def _install_desktop_entry() -> int:
    from linviz_gui.desktop_entry import install_desktop_entry

    try:
        written, note = install_desktop_entry()
    except InputError as error:
        print(f"linviz: error: {error}", file=sys.stderr)
        return 1
    if note:
        print(f"linviz: note: {note}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
