"""The Qt-free model: scene state, validation and the torch maths.

Nothing under this package may import Qt (``tests/model/test_no_qt.py`` proves it), and nothing
imports torch at module level, so the window can appear before ``import torch`` has finished.
"""
