"""The files linviz reads at run time (icon, course tour, example session), shipped inside the
package so that a wheel installed the ordinary way has them too.

Every name asked for must be listed in ``[tool.setuptools.package-data]`` of ``pyproject.toml``;
``tests/test_package_data.py`` checks both.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from pathlib import Path

#: Files pulled out of a zipped install live until the process ends (Qt wants a real path).
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resource_path(name: str) -> Path:
    """A real file path for ``name`` (for example ``"tours/course.json"``) inside this package.

    The path is returned even when the file is missing, so that the reader reports it the way it
    reports any unreadable file.
    """
    resource = files(__name__).joinpath(*name.split("/"))
    if isinstance(resource, Path):
        return resource
    return Path(_extracted.enter_context(as_file(resource)))
