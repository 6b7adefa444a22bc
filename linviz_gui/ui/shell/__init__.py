"""The window shell: start-up, the main window, its menus, sessions glue and the tour panel."""
