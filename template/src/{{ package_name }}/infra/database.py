"""The database engine, the session factory and the per-request session.

One `Database` belongs to one running app (one of its components, disposed
on shutdown). A request gets one `AsyncSession` through `DbSession`; services
add, flush and query but never commit: the request commits once when the route
returns and rolls back when anything raises, so a request is all or nothing.
"""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from ..errors import AppError
from .settings import DatabaseSettings


def is_sqlite(url: str) -> bool:
    """Tell SQLite URLs apart: SQLite needs connection tweaks and batch migrations."""
    return make_url(url).get_backend_name() == "sqlite"


class _SqliteDriverConnection(Protocol):
    """What we use of aiosqlite's connection (not imported: PostgreSQL projects lack it)."""

    async def execute(self, sql: str) -> object: ...


async def _enable_write_ahead_log(
    connection: _SqliteDriverConnection, timeout_seconds: float
) -> None:
    """Switch the file to WAL, waiting while another connection does the same.

    Converting a new file to WAL takes an exclusive lock, and SQLite answers
    "database is locked" at once, without its busy timeout, while another
    connection holds the file (several instances running `migrate` on a new
    file do). So wait here, up to the same timeout; once the file is in WAL
    mode the pragma changes nothing and never waits.
    """
    deadline = time.monotonic() + timeout_seconds
    pause = 0.001
    while True:
        try:
            await connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.1)
        else:
            return


def _make_sqlite_transactional(engine: AsyncEngine, timeout_seconds: float) -> None:
    """Give SQLite real, concurrency-safe transactions.

    The sqlite3 driver delays BEGIN until the first write and commits before
    DDL, which breaks savepoints (used by the test suite's per-test rollback)
    and rolled-back migrations, so we issue BEGIN ourselves. It is BEGIN
    IMMEDIATE: SQLite allows one writer, and two requests that both read and
    then write would otherwise deadlock on the lock upgrade, one failing with
    "database is locked"; taking the write lock up front makes the second
    wait (up to the busy timeout) instead. WAL lets the file be read meanwhile,
    and with WAL, `synchronous=NORMAL` (SQLite's recommended pairing) syncs at
    checkpoints instead of on every commit: the file cannot be corrupted, and
    only an operating-system crash or power cut can lose the last commits.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.run_async(
            lambda connection: _enable_write_ahead_log(connection, timeout_seconds)
        )

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(settings: DatabaseSettings) -> AsyncEngine:
    """Build the async engine for the configured URL with the right driver options."""
    if is_sqlite(settings.url):
        engine = create_async_engine(
            settings.url,
            echo=settings.echo,
            connect_args={"timeout": settings.connect_timeout_seconds},
        )
        _make_sqlite_transactional(engine, settings.connect_timeout_seconds)
        return engine
    # No `pool_pre_ping`: it costs a round trip on every checkout, a second one
    # per request. A connection the server dropped fails its next query, and
    # SQLAlchemy then discards it and every pooled connection older than it, so
    # after a database restart the requests in flight fail once and the next ones
    # connect afresh; `pool_recycle` retires connections before idle cut-offs.
    return create_async_engine(
        settings.url,
        echo=settings.echo,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_timeout=settings.pool_timeout_seconds,
        pool_recycle=settings.pool_recycle_seconds,
        connect_args={"timeout": settings.connect_timeout_seconds},
    )


class Database:
    """The engine and session factory of one running application."""

    def __init__(self, settings: DatabaseSettings) -> None:
        self.engine = create_engine(settings)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    async def ping(self) -> None:
        """Run a trivial query; raises when the database cannot answer."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection (on shutdown)."""
        await self.engine.dispose()


async def get_db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield the request's session; commit once on success, roll back on error."""
    # The app's `Database` (`components.py` sits above: read, not imported).
    database: Database = request.app.state.components.database
    async with database.sessionmaker() as session:
        try:
            yield session
        except AppError as error:
            await (session.commit() if error.commit_changes else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


# scope="function": the commit runs before the response is sent, so a failed
# commit turns into an error response instead of a success the client trusts.
DbSession = Annotated[AsyncSession, Depends(get_db_session, scope="function")]
