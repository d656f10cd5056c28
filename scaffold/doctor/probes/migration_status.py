"""Compare the project's Alembic heads with its database's current revisions.

Runs under the project's interpreter, in the project's directory, and needs
Alembic there. It reads ``alembic.ini`` and runs the project's ``env.py`` the
way ``alembic current`` does, so the database URL comes from wherever the
project takes it (settings, ``.env``, ``DATABASE__URL``). It writes nothing:
Alembic is told not to change the database, and a SQLite file that does not
exist yet is reported instead of being created (SQLite creates it on connect).

Prints one JSON object: ``heads`` (revisions the scripts end in), ``current``
(revisions the database is at), ``pending`` (revisions ``upgrade heads``
would apply), ``unknown`` (current revisions no script defines) and
``missing_database`` (the SQLite file or PostgreSQL database that does not
exist yet, or null); or just ``error``, one line saying why the database could
not be read.
"""

import json
import os
import re
import sqlite3
import sqlite3.dbapi2
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CONFIG_FILE = "alembic.ini"
MISSING_POSTGRESQL_DATABASE = re.compile(r'database "([^"]+)" does not exist')


class MissingDatabase(Exception):
    """The SQLite file the project points at does not exist yet."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def refuse_to_create_sqlite_files() -> None:
    """Make ``sqlite3.connect`` raise for a database file that does not exist.

    SQLite would silently create an empty file, and the report would show an
    empty database where there is none. URI filenames pass through untouched.
    Drivers reach it as ``sqlite3.connect`` (aiosqlite) or
    ``sqlite3.dbapi2.connect`` (SQLAlchemy's pysqlite), so both are replaced.
    """
    connect: Callable[..., sqlite3.Connection] = sqlite3.connect

    def connect_existing(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not kwargs.get("uri") and isinstance(database, str | os.PathLike):
            name = os.fspath(database)
            if name not in ("", ":memory:") and not Path(name).exists():
                raise MissingDatabase(shown_path(Path(name)))
        return connect(database, *args, **kwargs)

    # Same signature, one check more.
    sqlite3.connect = sqlite3.dbapi2.connect = connect_existing  # type: ignore[assignment]


def shown_path(path: Path) -> str:
    """Show ``path`` relative to the project when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def missing_database(error: BaseException) -> str | None:
    """Name the database ``error`` says does not exist, if that is what it says.

    A SQLite file (see :func:`refuse_to_create_sqlite_files`), or a PostgreSQL
    database (its server says ``database "name" does not exist``, whichever
    the driver); the project's ``migrate`` command creates either.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, MissingDatabase):
            return current.path
        if found := MISSING_POSTGRESQL_DATABASE.search(str(current)):
            return found.group(1)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def status() -> dict[str, Any]:
    """Return the report this script prints."""
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    if not Path(CONFIG_FILE).is_file():
        return {"error": f"no {CONFIG_FILE} in the project"}
    config = Config(CONFIG_FILE)
    script = ScriptDirectory.from_config(config)
    heads = list(script.get_heads())
    current: list[str] = []

    def record_current(_revision: Sequence[str], context: MigrationContext) -> list[Any]:
        current.extend(context.get_current_heads())
        return []

    refuse_to_create_sqlite_files()
    missing = None
    try:
        with EnvironmentContext(config, script, fn=record_current, dont_mutate=True):
            script.run_env()
    except Exception as error:  # every failure becomes the one-line reason
        missing = missing_database(error)
        if missing is None:
            return {"error": one_line(error)}
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = [revision for revision in current if revision not in known]
    pending = (
        []
        if unknown
        else [
            revision.revision for revision in script.iterate_revisions(tuple(heads), tuple(current))
        ]
    )
    return {
        "heads": heads,
        "current": current,
        "pending": pending,
        "unknown": unknown,
        "missing_database": missing,
    }


def one_line(error: BaseException) -> str:
    """Say what went wrong in one line: the exception's type and first line."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def main() -> None:
    """Print the report; anything the project's code prints comes before it."""
    try:
        report = status()
    except Exception as error:  # reported, not raised
        report = {"error": one_line(error)}
    sys.stdout.flush()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
