"""The Prometheus metrics the service exposes, defined once for every layer to count into.

Counting is a few nanoseconds of in-process arithmetic, so the lower layers
(login limits, request budgets, the database pool, the jobs) count unconditionally;
only serving them (`middleware/metrics.py`) is switched by `METRICS__ENABLED`.

Labels are bounded sets: a route *template* (`/api/v1/users/{user_id}`),
never a raw path, so ids in URLs cannot multiply the series (convention
METRICS-ROUTE-LABELS). No label ever holds a user, an email or a token.

With several worker processes, prometheus-client's multiprocess mode sums
their values: `python -m <package> serve` points `PROMETHEUS_MULTIPROC_DIR`
at a fresh directory before the workers start, and a scrape reads every
worker's files (`render_latest`).
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

MULTIPROCESS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

HTTP_REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from receiving a request to the end of its answer, by method and route template.",
    ["method", "route"],
)
HTTP_REQUESTS_IN_FLIGHT = Gauge(
    "http_requests_in_flight",
    "Requests being served now, by method (the route is not known before routing).",
    ["method"],
    multiprocess_mode="livesum",
)
DB_POOL_IN_USE = Gauge(
    "db_pool_connections_in_use",
    "Database connections checked out of the pool.",
    multiprocess_mode="livesum",
)
DB_POOL_OVERFLOW = Gauge(
    "db_pool_overflow",
    "Connections open beyond the pool size (negative while the pool is not full yet).",
    multiprocess_mode="livesum",
)
LOGIN_FAILURES = Counter("auth_login_failures_total", "Failed logins (wrong email or password).")
LOCKOUTS = Counter(
    "auth_lockouts_total",
    "Attempts refused because too many failures were recorded, by limiter.",
    ["limiter"],
)
RATE_LIMIT_REFUSALS = Counter(
    "rate_limit_refusals_total",
    "Requests refused with 429 for exceeding a request budget, by budget name.",
    ["budget"],
)
JOB_RUNS = Counter(
    "jobs_runs_total",
    "Job attempts finished, by job name and outcome (succeeded or failed).",
    ["job", "outcome"],
)
JOB_DEAD_LETTERS = Counter(
    "jobs_dead_letters_total",
    "Jobs that failed their last attempt and became dead letters, by job name.",
    ["job"],
)
JOB_QUEUE_DEPTH = Gauge(
    "jobs_queue_depth",
    "Jobs in the outbox not done yet (waiting, relayed or running), as the relay last counted.",
    # Every process counts the same table: the scrape shows one value, not their sum.
    multiprocess_mode="livemax",
)

UNMATCHED_ROUTE = "unmatched"
"""The route label of requests no route matched (404s): one series, whatever the path."""


def observe_pool(engine: AsyncEngine) -> None:
    """Keep the pool gauges current as connections are checked out and returned."""
    pool = engine.sync_engine.pool
    if not isinstance(pool, QueuePool):  # pools without a size (SQLite in memory) have no gauge
        return

    def update(*_args: Any) -> None:
        DB_POOL_IN_USE.set(pool.checkedout())
        DB_POOL_OVERFLOW.set(pool.overflow())

    event.listen(pool, "checkout", update)
    event.listen(pool, "checkin", update)


@contextmanager
def shared_between_workers() -> Iterator[None]:
    """Make the worker processes started inside write their metrics to shared files.

    Wrap the server's run in it, in the parent process: the workers inherit the
    variable, and the directory goes when the server stops. A directory set by
    the operator is used as it is (it must be emptied between runs).
    """
    if os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="metrics-") as directory:
        os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] = directory
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_DIRECTORY_VARIABLE]


def render_latest() -> tuple[bytes, str]:
    """Return the scrape body and its content type, summed over worker processes if any."""
    if os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
