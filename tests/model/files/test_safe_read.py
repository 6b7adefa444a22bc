"""Every file reader refuses what is not a regular file, or is too large, before reading it.

The readers are the session, labelled-CSV and tour readers, all on ``read_bounded``. Special
files are made in a temp folder. ``/dev/zero`` and ``/dev/urandom`` have no end: they are read
in a subprocess under an address-space limit, so a regression fails there instead of eating the
machine. A FIFO with no writer blocks a plain ``open``: an alarm turns such a hang into a failure.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from linviz_gui.model.files import labelled_csv, safe_read, session, tour
from linviz_gui.model.files.safe_read import MIB, format_size, read_bounded
from linviz_gui.model.linear.matrix import InputError
from tests.hang_guard import fails_if_it_hangs

ROOT = Path(__file__).resolve().parents[3]

READERS: dict[str, tuple[Callable[[Path], object], str, int]] = {
    "session": (session.load_session, "session", session.MAX_FILE_BYTES),
    "csv": (labelled_csv.load_labelled_csv, "CSV", labelled_csv.MAX_FILE_BYTES),
    "tour": (tour.load_tour, "tour", tour.MAX_FILE_BYTES),
}

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")


def _refusal(reader: str, path: Path) -> str:
    load = READERS[reader][0]
    with fails_if_it_hangs(), pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300, message
    return message


@pytest.mark.parametrize("reader", READERS)
def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(
    reader: str, tmp_path: Path
) -> None:
    fifo = tmp_path / "lecture.linviz.json"
    os.mkfifo(fifo)
    message = _refusal(reader, fifo)
    assert f"cannot open {fifo}: it is a named pipe (FIFO), not a file" == message


@pytest.mark.parametrize("reader", READERS)
def test_a_folder_and_a_socket_are_refused_naming_them(reader: str, tmp_path: Path) -> None:
    folder = tmp_path / "lecture.csv"
    folder.mkdir()
    assert _refusal(reader, folder) == f"cannot open {folder}: it is a folder"
    where = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(where))
        assert _refusal(reader, where) == f"cannot open {where}: it is a socket, not a file"


@pytest.mark.parametrize("reader", READERS)
def test_a_file_over_the_limit_is_refused_naming_limit_and_size(
    reader: str, tmp_path: Path
) -> None:
    _, kind, limit = READERS[reader]
    big = tmp_path / "big.json"
    with open(big, "wb") as stream:  # sparse: no disk space used
        stream.truncate(20 * 1024 * MIB)
    message = _refusal(reader, big)
    assert message == f"{kind} files are at most {format_size(limit)}; {big} is 20 GiB"


def test_a_file_that_grows_while_it_is_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.json"
    path.write_bytes(b"{}")
    real_open = os.open

    def open_after_growth(name: object, flags: int, *args: int) -> int:
        with open(path, "ab") as stream:  # another program appends after the size check
            stream.write(b" " * 2000)
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_read.os, "open", open_after_growth)
    with pytest.raises(InputError, match=f"session files are at most 1 KiB; {path} is larger"):
        read_bounded(path, "session", 1024)


def test_a_fifo_swapped_in_after_the_check_cannot_block_the_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "swapped.json"
    path.write_bytes(b"{}")
    real_open = os.open

    def swap_then_open(name: object, flags: int, *args: int) -> int:
        path.unlink()
        os.mkfifo(path)
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_read.os, "open", swap_then_open)
    with fails_if_it_hangs(), pytest.raises(InputError, match=r"named pipe \(FIFO\)"):
        read_bounded(path, "session", MIB)


def test_a_regular_file_and_a_link_to_one_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_bytes(b"x" * 1024)
    link = tmp_path / "link.json"
    link.symlink_to(path)
    assert read_bounded(path, "session", 1024) == b"x" * 1024
    assert read_bounded(link, "session", 1024) == b"x" * 1024
    assert format_size(4 * MIB) == "4 MiB" and format_size(1536) == "1.5 KiB"


# Files with no end, in a subprocess under a memory limit -------------------------------------

_PROBE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))  # 2 GiB: a runaway read dies fast
from linviz_gui.model.files import labelled_csv, session, tour
from linviz_gui.model.linear.matrix import InputError
load = {"session": session.load_session, "csv": labelled_csv.load_labelled_csv,
        "tour": tour.load_tour}[sys.argv[1]]
messages = {}
for path in sys.argv[2:]:
    try:
        load(path)
        messages[path] = "loaded"
    except InputError as error:
        messages[path] = str(error)
    except MemoryError:
        messages[path] = "MemoryError"
print(json.dumps(messages))
"""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("reader", READERS)
def test_endless_devices_and_links_to_them_are_refused_under_a_memory_limit(
    reader: str, tmp_path: Path
) -> None:
    link = tmp_path / "innocent.linviz.json"
    link.symlink_to("/dev/zero")
    paths = ["/dev/zero", "/dev/urandom", str(link)]
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, reader, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,  # a guard against a hang, not a speed check
    )
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)
    for path in paths:
        assert messages[path] == f"cannot open {path}: it is a device, not a file"
