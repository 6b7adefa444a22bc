"""Headless sub-commands of ``linviz``. Each module has ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; list it in :data:`COMMANDS`. Modules are imported only when used."""

#: sub-command name -> module path
COMMANDS: dict[str, str] = {
    "analyze": "linviz_gui.commands.analyze",
    "bench": "linviz_gui.commands.bench",
    "export": "linviz_gui.commands.export",
    "train": "linviz_gui.commands.train",
}
