"""``linviz --install-desktop-entry`` writes a freedesktop entry and the icon under XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

import pytest

from linviz_gui import cli
from linviz_gui.desktop_entry import desktop_entry
from linviz_gui.resources import resource_path


def _read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def _exec_argv(value: str) -> list[str]:
    """What a desktop runs for an Exec value, read by the Desktop Entry specification's rules:
    string-unescape, split on spaces outside double quotes, and inside them a backslash before
    one of ``"`$\\`` stands for that character. ``%%`` is a percent sign."""
    text = value.replace("\\\\", "\\")
    argv: list[str] = []
    word: str | None = None
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and text[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            word, i = (word or "") + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted, word = not quoted, word or ""
        elif ch == " " and not quoted:
            if word is not None:
                argv.append(word)
            word = None
        elif ch == "%" and text[i + 1 : i + 2] == "%":
            word, i = (word or "") + "%", i + 1
        else:
            word = (word or "") + ch
        i += 1
    assert not quoted, f"unbalanced quotes in {value!r}"
    if word is not None:
        argv.append(word)
    return argv


def test_the_entry_and_icon_land_under_xdg_data_home_and_start_this_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.main(["--install-desktop-entry"]) == 0
    entry_path = tmp_path / "applications" / "linviz.desktop"
    icon_path = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "linviz.svg"
    assert f"wrote {entry_path}" in capsys.readouterr().out
    entry = _read_entry(entry_path)
    assert entry["Type"] == "Application" and entry["Name"] == "linviz"
    assert _exec_argv(entry["Exec"]) == [sys.executable, "-m", "linviz_gui"]
    assert Path(entry["Icon"]) == icon_path
    assert icon_path.read_bytes() == resource_path("icon.svg").read_bytes()


def test_a_python_path_with_spaces_quotes_and_dollars_survives_the_exec_quoting() -> None:
    python = '/home/Ana María/my "env" $HOME/100%/bin\\python'
    line = next(x for x in desktop_entry(python, Path("/i.svg")).splitlines() if x[:5] == "Exec=")
    assert _exec_argv(line[len("Exec=") :]) == [python, "-m", "linviz_gui"]


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says_and_the_user_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--install-desktop-entry"]) == 0
    assert (tmp_path / ".local" / "share" / "applications" / "linviz.desktop").is_file()
    assert not (tmp_path / "relative").exists()
    assert "XDG_DATA_HOME='relative/share' is not an absolute path" in capsys.readouterr().err


def test_an_unwritable_data_home_is_one_line_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert cli.main(["--install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linviz: error: cannot write ") and str(blocker) in err
    assert err.count("\n") == 1
    assert blocker.read_text() == "not a folder"
