"""``linviz export``: figures from the command line with no window and no display."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from linviz_gui.cli import build_parser
from linviz_gui.model.files.session import Session, save_session
from linviz_gui.model.linear.matrix import InputError, Matrix2

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _linviz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linviz_gui", *args],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_headless_png_with_no_display_and_no_platform_set(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    out = tmp_path / "figure.png"
    result = _linviz(
        "export", str(out), "--matrix", "0.3439,0.9503;-0.2960,0.1503", "--points", "3000",
        "--seed", "1", "--width", "960", "--height", "540",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (960x540)"
    assert result.stderr == ""
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (960, 540)
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(540, image.bytesPerLine())
    rgb = rgb[:, : 960 * 3].reshape(540, 960, 3).astype(int)
    colourful = (rgb.max(axis=2) - rgb.min(axis=2)) > 60  # points; the grid and text are grey
    assert colourful.sum() > 3000


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "x.jpg"], 1, "unknown file type (.jpg); use .png, .svg"),
        (["export", "/no/such/folder/x.png"], 1, "the folder /no/such/folder does not exist"),
        (["export", "x.png", "--width", "0"], 1, "width must be between 16 and 7680 pixels"),
        (["export", "x.png", "--matrix", "1,2;3"], 2, "row 2 of W must have 2 entries"),
        (["export", "x.png", "--session", "missing.json"], 1, "no such file"),
    ],
)
def test_errors_exit_non_zero_with_one_clear_line(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    fixed = [str(tmp_path / a) if a.endswith((".jpg", ".png", ".json")) and "/" not in a else a
             for a in args]  # fmt: skip
    result = _linviz(*fixed)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def _memory_limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 32, 1 << 32))  # 4 GiB: a runaway read dies


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")
def test_an_endless_or_blocking_session_path_fails_at_once_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "s.linviz.json"
    os.mkfifo(fifo)
    for path, said in [
        ("/dev/zero", "it is a device, not a file"),
        ("/dev/urandom", "it is a device, not a file"),
        (str(fifo), "it is a named pipe (FIFO), not a file"),
    ]:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "linviz_gui",
                "export",
                str(tmp_path / "o.png"),
                "--session",
                path,
            ],
            env=_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,  # a guard against a hang, not a speed check
            preexec_fn=_memory_limited,
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr == f"linviz export: error: cannot open {path}: {said}\n"
    assert not (tmp_path / "o.png").exists()


def _args(*argv: str):  # type: ignore[no-untyped-def]
    return build_parser().parse_args(["export", *argv])


def test_a_session_and_a_tab_view_export_as_svg(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.commands.export import export_headless

    session = save_session(
        tmp_path / "s.json", Session(matrix=Matrix2(2.0, 0.0, 0.0, 0.5), options={"grid": False})
    )
    out = tmp_path / "both.svg"
    args = _args(str(out), "--session", str(session), "--points", "300", "--view", "EXPLORER")
    written, note = export_headless(args)
    assert written == out and "canvases only" in note
    root = ET.parse(out).getroot()
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) == 600
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "We₁" in texts


def test_unknown_view_names_the_choices(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.commands.export import export_headless

    with pytest.raises(InputError, match="unknown view 'nope'; choose one of: input, output, expl"):
        export_headless(_args(str(tmp_path / "x.png"), "--view", "nope", "--points", "10"))
    assert list(tmp_path.iterdir()) == []


def test_a_seed_for_a_sessions_own_points_is_refused_not_ignored(tmp_path: Path) -> None:

    import linviz_gui as lv
    from linviz_gui.api.session_of import session_of
    from linviz_gui.commands.export import export_headless

    points = np.random.default_rng(3).normal(size=(50, 2))
    session = session_of(Matrix2.identity(), points, points_folder=tmp_path)
    saved = lv.save_session(tmp_path / "s.linviz.json", session)
    out = tmp_path / "o.png"
    with pytest.raises(InputError) as caught:
        export_headless(_args(str(out), "--session", str(saved), "--seed", "4"))
    name = Path(session.dataset.path).name
    assert str(caught.value) == (
        f"--seed draws generated points, and the session's come from {name}: leave out "
        "--seed, or add --points N"
    )
    assert not out.exists()
