"""The command line: thin. Each command parses its options, calls one API (or store) function and hands
the result to render.py; nothing else lives here (app.py: the typer app, options, errors, exit codes)."""
from newsgraph.cli.app import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from newsgraph.cli.commands import main

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "app", "main"]
