"""Headless sub-commands of ``linviz``. Each module has ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; list it in :data:`COMMANDS`. Modules are imported only when used."""

#: sub-command name -> module path
COMMANDS: dict[str, str] = {
    "bench": "linviz_gui.commands.bench",
}
