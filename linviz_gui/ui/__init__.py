"""Qt widgets: the main window assembles these parts; none of them does torch work."""
