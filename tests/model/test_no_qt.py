"""The model and the render maths must stay free of Qt (and of torch at import time)."""

import subprocess
import sys


def test_model_and_render_import_without_qt_or_torch() -> None:
    code = (
        "import sys, pkgutil, importlib, linviz_gui.model as m, linviz_gui.render as r\n"
        "for pkg in (m, r):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + info.name)\n"
        "bad = sorted(k for k in sys.modules if k.startswith(('PySide6', 'pyqtgraph', 'torch')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"model imports {out.stdout.strip()}"
