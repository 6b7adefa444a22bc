"""Where the files under the repository's ``resources/`` folder are found."""

from __future__ import annotations

from pathlib import Path

#: ``resources/`` beside the package in a checkout or an editable install.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    return RESOURCES / name
