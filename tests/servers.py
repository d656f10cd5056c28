"""The PostgreSQL, Redis and RabbitMQ servers slow tests run generated projects against.

Also the commands some slow tests run, which, like a server, CI must have.
The servers are the machine's shared ones, so a test never stops or reconfigures
them: it works in a database or under a key prefix of its own and removes it
afterwards. Without a server a test skips with the reason, except under
``CI=true``, where every test must run and a missing server is a failure.

Cleaning up needs a PostgreSQL or Redis client, which this repository's
environment does not have; the virtualenv of the generated checks does
(``checks_python``), so the clean-up runs there.
"""

import os
import shutil
import socket
from pathlib import Path
from typing import NoReturn

import pytest

from tests.helpers import run_ok

POSTGRESQL = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
RABBITMQ = ("127.0.0.1", 5672)
#: A database on the PostgreSQL server, as the generated settings spell it.
POSTGRESQL_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
REDIS_URL = "redis://127.0.0.1:6379/0"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"

DROP_DATABASE = """\
import asyncio, sys
import asyncpg

async def drop(name):
    connection = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()

asyncio.run(drop(sys.argv[1]))
"""

DELETE_KEYS = """\
import sys
from redis import Redis

client = Redis.from_url(sys.argv[1])
keys = list(client.scan_iter(match=sys.argv[2] + ":*"))
if keys:
    client.delete(*keys)
client.close()
"""

DELETE_QUEUE = """\
import asyncio, sys
import aio_pika

async def delete(url, name):
    async with await aio_pika.connect(url, timeout=10) as connection:
        channel = await connection.channel()
        for queue in (name, name + ".dead-letter"):
            await channel.queue_delete(queue)
        await channel.exchange_delete(name)

asyncio.run(delete(sys.argv[1], sys.argv[2]))
"""


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip a test that misses something it needs, except in CI, where every test must run."""
    if running_in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def require_server(name: str, address: tuple[str, int]) -> None:
    """Skip without the server at ``address``, except in CI (see :func:`unavailable`)."""
    try:
        socket.create_connection(address, timeout=3).close()
    except OSError as error:
        unavailable(f"{name} is not reachable at {address[0]}:{address[1]}: {error}")


def require_command(name: str) -> str:
    """The path of command ``name``; without it, skip, except in CI (see :func:`unavailable`)."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"this test runs the `{name}` command, which is not on PATH")
    return path


def drop_database(python: Path | str, name: str, cwd: Path) -> None:
    """Drop database ``name`` (if it exists), closing whatever still uses it."""
    run_ok([str(python), "-c", DROP_DATABASE, name], cwd)


def delete_redis_keys(python: Path | str, prefix: str, cwd: Path) -> None:
    """Delete every key under ``prefix:`` on the Redis server."""
    run_ok([str(python), "-c", DELETE_KEYS, REDIS_URL, prefix], cwd)


def delete_rabbitmq_queue(python: Path | str, name: str, cwd: Path) -> None:
    """Delete queue ``name``, its dead-letter queue and its exchange on the RabbitMQ server."""
    run_ok([str(python), "-c", DELETE_QUEUE, RABBITMQ_URL, name], cwd)
