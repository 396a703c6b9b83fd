#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the test legs: Debian's binaries, a fresh cluster in a temporary
folder, listening on 127.0.0.1 only, at a free port, trust authentication, no fsync.

    python3 tools/pg_test_server.py start   # prints NEWSGRAPH_TEST_POSTGRES_URL=... and the data dir
    python3 tools/pg_test_server.py stop DATADIR

The tests read ``NEWSGRAPH_TEST_POSTGRES_URL`` (.ci/run exports it); without it, tests/conftest.py
starts a server with :func:`start` itself and stops it at the end, and skips the PostgreSQL legs (with
the reason) only when no server can be started here. Standard library only: .ci/run calls it before
the virtual environment exists. As root the server runs as the ``postgres`` user (PostgreSQL refuses
to run as root); the package ``postgresql`` (``make postgres-deps``) creates that user.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

URL_ENV = "NEWSGRAPH_TEST_POSTGRES_URL"
USER = "postgres"


class ServerError(RuntimeError):
    """No server could be started; the message says why."""


def bindir() -> str:
    """The folder of pg_ctl/initdb (Debian keeps them out of PATH, one folder per major version)."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip()
        if os.path.exists(os.path.join(out, "initdb")):
            return out
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if candidates:
        return os.path.dirname(candidates[-1])
    if shutil.which("initdb"):
        return os.path.dirname(shutil.which("initdb"))
    raise ServerError("PostgreSQL server binaries not found (install Debian's postgresql: make postgres-deps)")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServerError("running as root without runuser: cannot start PostgreSQL as a non-root user")
    try:
        import pwd

        pwd.getpwnam(USER)
    except KeyError as exc:
        raise ServerError(f"no {USER!r} user to run the server as (Debian's postgresql package creates it)") from exc
    return [runuser, "-u", USER, "--", *cmd]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ServerError(f"{what} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-800:]}")


def start() -> tuple[str, str]:
    """Start a server; return (URL, data folder). Raises ServerError with the reason."""
    bins = bindir()
    data = tempfile.mkdtemp(prefix="newsgraph-pg-")
    os.chmod(data, 0o700)
    if os.geteuid() == 0:
        import pwd

        try:
            entry = pwd.getpwnam(USER)
        except KeyError as exc:
            raise ServerError(f"no {USER!r} user to run the server as") from exc
        os.chown(data, entry.pw_uid, entry.pw_gid)
    user = USER if os.geteuid() == 0 else _current_user()
    _run(_as_server_user([os.path.join(bins, "initdb"), "-D", data, "-U", user, "--auth=trust",
                          "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]), "initdb")
    for attempt in range(3):
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={data} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        proc = subprocess.run(_as_server_user([os.path.join(bins, "pg_ctl"), "-D", data, "-l",
                                               os.path.join(data, "server.log"), "-o", options, "-w", "-t", "30",
                                               "start"]), capture_output=True, text=True)
        if proc.returncode == 0 and _accepts(port):
            return f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres", data
        time.sleep(0.5)  # the port was taken between the check and the start: try another
    log = ""
    try:
        with open(os.path.join(data, "server.log")) as fh:
            log = fh.read()[-800:]
    except OSError:
        pass
    stop(data)
    raise ServerError(f"pg_ctl start failed: {proc.stderr.strip()[-400:]} {log}")


def _current_user() -> str:
    import getpass

    return getpass.getuser()


def _accepts(port: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(data: str) -> None:
    """Stop the server of ``data`` (immediately) and remove the folder."""
    try:
        bins = bindir()
        subprocess.run(_as_server_user([os.path.join(bins, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                                        "stop"]), capture_output=True, text=True, timeout=60)
    except (ServerError, subprocess.TimeoutExpired):
        pass
    shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        try:
            url, data = start()
        except ServerError as exc:
            print(f"cannot start PostgreSQL: {exc}", file=sys.stderr)
            return 1
        print(f"{URL_ENV}={url}")
        print(f"NEWSGRAPH_TEST_POSTGRES_DATA={data}")
        return 0
    if argv[:1] == ["stop"] and len(argv) == 2:
        stop(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
