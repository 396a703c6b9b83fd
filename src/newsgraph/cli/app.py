"""The typer application, its shared options, and how a command's errors become messages and exit codes.

Exit codes: 0 everything worked; 1 some inputs failed (or an operation failed); 2 usage errors (bad
options, unknown ids, bad store URL). Tracebacks only with ``--debug``. Messages from the error
catalogue carry their code (``error: [E012] invalid date ...``).
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph.errors import NewsgraphError, UsageError
from newsgraph.settings import load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(name="newsgraph", add_completion=False, no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Evidence-backed models of armed conflicts from many news outlets.")

DbOption = Annotated[str | None, typer.Option("--db", help="Store: SQLAlchemy URL or file path "
                                              "(default: setting `db`, newsgraph.db).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Log debug messages; show tracebacks.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
FollowOption = Annotated[bool, typer.Option("--follow-symlinks", help="Inside folders, also read symlinks "
                                            "that lead out of the folder (reported and skipped by default).")]


def stdout() -> Console:
    # soft_wrap: plain lines are left for the terminal to wrap (grep-able, copy-able); tables still fit
    return Console(soft_wrap=True)


def stderr() -> Console:
    return Console(stderr=True, soft_wrap=True)


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``fn`` as a command with newsgraph's logging, error messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(kwargs.get("debug", False))
        logging.basicConfig(level=logging.DEBUG if debug else load_settings().log_level,
                            format="%(levelname)s %(name)s: %(message)s", force=True)
        try:
            code = fn(*args, **kwargs)
        except typer.Exit:
            raise
        except UsageError as exc:
            stderr().print(f"[red]error:[/red] {escape(str(exc))}")
            if debug:
                raise
            raise typer.Exit(EXIT_USAGE) from None
        except NewsgraphError as exc:
            stderr().print(f"[red]error:[/red] {escape(str(exc))}")
            if debug:
                raise
            raise typer.Exit(EXIT_FAILED) from None
        except Exception as exc:  # an unexpected failure: a short message, the traceback only on --debug
            if debug:
                raise
            stderr().print(f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))} "
                        "(run again with --debug for the traceback)")
            raise typer.Exit(EXIT_FAILED) from None
        raise typer.Exit(code or EXIT_OK)

    return app.command(name=fn.__name__.removesuffix("_cmd").replace("_", "-"))(wrapper)
