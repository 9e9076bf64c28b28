"""Backups of the whole database and their restore: `manage.py backup` and `manage.py restore`.

PostgreSQL: pg_dump's custom format (compressed, restorable table by table) and pg_restore in
one transaction, so a failed restore leaves the target as it was. SQLite: the backup API of
the sqlite3 module, which copies a consistent snapshot even while the site writes.

A backup holds everything, private people included: the file is written readable only by its
owner, and whoever keeps it keeps personal data (see docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def vendor(alias: str) -> str:
    return connections[alias].vendor


def default_path(directory: Path, *, alias: str = "default") -> Path:
    name = Path(str(connections[alias].settings_dict["NAME"])).stem or "netzwerkatlas"
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if vendor(alias) == "postgresql" else "sqlite3"
    return directory / f"netzwerkatlas-{name}-{stamp}.{suffix}"


def backup(path: Path, *, alias: str = "default") -> Path:
    """Writes a backup of the database `alias` to `path` (mode 600); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed at the end: a half-written backup never has the
    # name of a good one.
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(fd)
    os.chmod(partial, 0o600)
    try:
        if vendor(alias) == "postgresql":
            run_pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], alias)
        elif vendor(alias) == "sqlite":
            with sqlite_connection(alias) as source, sqlite3.connect(partial) as target:
                source.backup(target)
        else:
            raise BackupError(f"Backups of {vendor(alias)} databases are not supported.")
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path


def restore(path: Path, *, alias: str = "default", replace: bool = False) -> None:
    """Restores the backup at `path` into the database `alias`.

    The database must be empty (no tables) unless `replace` is given, which drops what the
    backup holds and creates it anew. All or nothing: on an error nothing changes.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    tables = existing_tables(alias)
    if tables and not replace:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables). Restore into a new, empty database, "
            "or pass --replace to overwrite this one."
        )
    if vendor(alias) == "postgresql":
        restore_postgresql(path, alias=alias, replace=bool(tables) and replace)
    elif vendor(alias) == "sqlite":
        connections[alias].close()
        with sqlite3.connect(path) as source, sqlite_connection(alias) as target:
            source.backup(target)
    else:
        raise BackupError(f"Restoring into {vendor(alias)} databases is not supported.")


def restore_postgresql(path: Path, *, alias: str, replace: bool) -> None:
    # The dump comments on the extensions it needs (pg_trgm, unaccent); only their owner (a
    # superuser) may, so those comments are left out and a database owner can restore too.
    listing = run_pg("pg_restore", ["--list", str(path)], alias, capture=True)
    kept = [line for line in listing.splitlines() if " COMMENT - EXTENSION " not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as handle:
        handle.write("\n".join(kept) + "\n")
        handle.flush()
        options = [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={handle.name}",
        ]
        if replace:
            options += ["--clean", "--if-exists"]
        connections[alias].close()
        run_pg("pg_restore", [*options, f"--dbname={connections[alias].settings_dict['NAME']}", str(path)], alias)


def existing_tables(alias: str) -> list[str]:
    if vendor(alias) == "sqlite":
        with sqlite_connection(alias) as db:
            return [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
    return connections[alias].introspection.table_names()


def run_pg(program: str, arguments: list[str], alias: str, *, capture: bool = False) -> str:
    """Runs a PostgreSQL client program against `alias`; the password goes by environment."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is missing; install the PostgreSQL client (Debian: postgresql-client).")
    settings_dict = connections[alias].settings_dict
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    result = subprocess.run([program, *arguments], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result.stdout


def sqlite_connection(alias: str) -> sqlite3.Connection:
    return sqlite3.connect(connections[alias].settings_dict["NAME"])
