"""A throwaway PostgreSQL server in a temporary directory, for the tests and the benchmarks.

It runs the distribution's own `initdb` and `pg_ctl` on a free loopback port with durability
switched off (nothing here must survive a crash), so one server can hand out a fresh database
per test in a few milliseconds. PostgreSQL refuses to run as root; as root the server runs as
the `postgres` user (or `nobody`), which owns the temporary directory.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql

from monitor.errors import StorageError

# Where Debian and Ubuntu put the server programs; `PATH` is searched first.
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
"""
USER = "redline"


def find_binaries() -> Path | None:
    """The directory holding `initdb` and `pg_ctl`, the newest version first; None if absent."""
    candidates = [Path(found).resolve().parent for found in filter(None, [shutil.which("pg_ctl")])]
    if DEBIAN_BINARIES.is_dir():
        versions = [d for d in DEBIAN_BINARIES.iterdir() if d.name.isdigit()]
        candidates += [d / "bin" for d in sorted(versions, key=lambda d: -int(d.name))]
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


class TemporaryPostgres:
    """A private PostgreSQL server: `with TemporaryPostgres(bin_dir) as pg: pg.url(...)`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = 0
        self._root = Path(tempfile.mkdtemp(prefix="redline-pg-"))
        self._data = self._root / "data"
        self._runner = _unprivileged_user() if os.geteuid() == 0 else None

    def start(self) -> Self:
        """Create the cluster and start the server; raises StorageError with its log if not."""
        if self._runner is not None:
            os.chown(self._root, self._runner.pw_uid, self._runner.pw_gid)
        self._run("initdb", "-D", str(self._data), "-U", USER, "--auth=trust", "--no-sync",
                  "--encoding=UTF8", "--locale=C")  # fmt: skip
        self.port = _free_port()
        with (self._data / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS.format(port=self.port))
        log = self._root / "server.log"
        self._run("pg_ctl", "-D", str(self._data), "-l", str(log), "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        """Stop the server at once and delete its files."""
        if (self._data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database on this server."""
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its name."""
        name = f"db_{uuid.uuid4().hex[:12]}"
        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever still uses it."""
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _admin(self, statement: sql.Composed) -> None:
        # CREATE and DROP DATABASE cannot run inside a transaction.
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(statement)

    def _run(self, program: str, *args: str) -> None:
        runner = self._runner
        result = subprocess.run(
            [str(self.bin_dir / program), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=self._root,
            user=runner.pw_uid if runner else None,
            group=runner.pw_gid if runner else None,
            extra_groups=[] if runner else None,
            env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"},
        )
        if result.returncode != 0:
            log = self._root / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise StorageError(
                f"{program} failed ({result.returncode}): {result.stderr.strip()} {detail}"
            )


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise StorageError("PostgreSQL will not run as root and there is no postgres or nobody user")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
