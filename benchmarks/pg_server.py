"""The PostgreSQL server of the PostgreSQL cases: the one given, or a private one on loopback.

Why a module of its own: the PostgreSQL rows compare clex with bare SQL and bare COPY on
the *same* server, so the suite needs a server it may create databases on, without the
user having to set one up. `$CLEX_BENCH_PG_URL` names one (a URL without a database,
e.g. `postgresql+psycopg://clex@127.0.0.1:54340/`; its user must be allowed to create
databases); otherwise the suite runs PostgreSQL's own binaries (Debian's
`/usr/lib/postgresql/*/bin` or whatever `pg_ctl` is on the PATH) on a data folder kept
under `data_dir()/postgres`, listening on 127.0.0.1 only at a free port, as
`.ci/postgres.sh` does for the tests. The folder is kept between runs so that the data
sets loaded into it (one database each, see `pg_cases`) are loaded once; the server is
stopped when the suite ends. No binaries: `unavailable()` says how to install them, and
the cases print that instead of a figure.

Databases are named `$CLEX_BENCH_PG_PREFIX` (default `bench_`) + a data set's key, so
that a shared development server keeps the suite's databases apart from others'.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import data_dir

ENV_URL = "CLEX_BENCH_PG_URL"
ENV_PREFIX = "CLEX_BENCH_PG_PREFIX"
INSTALL = (
    "install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install "
    f"postgresql) or set {ENV_URL} to a server's URL"
)


@dataclass
class Server:
    """A server the suite may create and drop its databases on."""

    url: str  # SQLAlchemy URL without a database
    prefix: str
    stop: Any = None  # how to stop a private server (None: not ours)

    def name(self, key: str) -> str:
        """The database of a data set key (PostgreSQL's names: lower case, `_`, <= 63)."""
        name = (self.prefix + key).lower().replace("-", "_").replace(".", "_")
        assert len(name) <= 63, name
        return name

    def sqlalchemy_url(self, database: str) -> str:
        from sqlalchemy import make_url

        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def conninfo(self, database: str) -> str:
        """The same database as a libpq URL, for a bare psycopg connection."""
        from sqlalchemy import make_url

        url = make_url(self.url).set(drivername="postgresql", database=database)
        return url.render_as_string(hide_password=False)

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.conninfo("postgres"), autocommit=True)

    def exists(self, database: str) -> bool:
        with self._admin() as con:
            sql = "SELECT 1 FROM pg_database WHERE datname = %s"
            return con.execute(sql, [database]).fetchone() is not None

    def recreate(self, database: str) -> None:
        """An empty database of that name (dropped first if it exists)."""
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{database}"')

    def drop(self, database: str) -> None:
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def version(self) -> str:
        with self._admin() as con:
            row = con.execute("SHOW server_version").fetchone()
            return str(row[0]).split()[0] if row else "?"


_SERVER: Server | None = None
_REASON: str | None = None


def server() -> Server | None:
    """The suite's server (started on first use, stopped at exit), or None: see `unavailable`."""
    global _SERVER, _REASON
    if _SERVER is None and _REASON is None:
        try:
            _SERVER = _given() or _private()
        except subprocess.CalledProcessError as exc:
            _REASON = f"PostgreSQL did not start: {str(exc.stderr or exc).strip()}"
        except (OSError, RuntimeError) as exc:
            _REASON = f"PostgreSQL did not start: {exc}"
        if _SERVER is None and _REASON is None:
            _REASON = INSTALL
    return _SERVER


def unavailable() -> str:
    """Why `server()` is None, as a row's note."""
    return f"skipped: no PostgreSQL ({_REASON or INSTALL})"


def _given() -> Server | None:
    url = os.environ.get(ENV_URL)
    if not url:
        return None
    return Server(url=url, prefix=os.environ.get(ENV_PREFIX, "bench_"))


def _bin_dir() -> Path | None:
    versions = Path("/usr/lib/postgresql").glob("*/bin")  # Debian's, newest last
    found = sorted(
        (p for p in versions if p.parent.name.isdigit()), key=lambda p: int(p.parent.name)
    )
    if found and (found[-1] / "pg_ctl").exists():
        return found[-1]
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _private() -> Server | None:
    """initdb (once) a data folder under `data_dir()` and start PostgreSQL on it."""
    bins = _bin_dir()
    if bins is None:
        return None
    as_user: list[str] = []
    folder = data_dir() / "postgres"
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root (so does .ci/postgres.sh)
        if shutil.which("runuser") is None:
            raise RuntimeError("running as root without runuser to start it as `postgres`")
        as_user = ["runuser", "-u", "postgres", "--"]
    folder.mkdir(exist_ok=True)
    if as_user:
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)

    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)
        run(str(bins / "initdb"), "-D", str(data), "-U", "clex", "--auth=trust", "-E", "UTF8")
    pg_ctl = str(bins / "pg_ctl")
    stop_args = [*as_user, pg_ctl, "-D", str(data), "-m", "fast", "stop"]
    subprocess.run(stop_args, capture_output=True)  # a server left by a killed run
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''"
    run(pg_ctl, "-D", str(data), "-l", str(log), "-w", "-o", options, "start")

    def stop() -> None:
        subprocess.run(stop_args, check=False, capture_output=True)

    atexit.register(stop)
    url = f"postgresql+psycopg://clex@127.0.0.1:{port}/"
    return Server(url=url, prefix=os.environ.get(ENV_PREFIX, "bench_"), stop=stop)
