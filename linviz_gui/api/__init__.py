"""The Python API behind ``import linviz_gui as lv`` (re-exported by the package): turn a user's
objects into a session, render it headless (:mod:`.figure`) or open the app on it (:mod:`.show`)."""
