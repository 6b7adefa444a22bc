"""One package a tab, each listed in ``linviz_gui.ui.registry`` (the contract of a view)."""
