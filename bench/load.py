"""Generate HTTP load from one asyncio process and summarise what came back.

Two shapes cover most benchmarks. Closed-loop workers send their next request
when the previous one returns: that measures throughput at saturation. A
fixed-rate probe sends on a schedule whatever the server does, so a stall
shows up as latency instead of silently thinning the samples (a closed-loop
probe waiting on a slow answer would simply not measure the stall).

The load generator usually shares the machine with the server, so it also
measures itself: how late the probe's sends left (event-loop lag) and how much
CPU the process used. Both tell whether a bad number is the server's fault.
"""

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field

import httpx

Send = Callable[[int], Awaitable[httpx.Response]]
"""Send one request; the argument is the worker index (closed loop) or sequence number."""

SKIPPED = "skipped: generator at its in-flight limit"


@dataclass(frozen=True, slots=True)
class Window:
    """The interval, in `time.perf_counter()` seconds, that a measurement counts."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        """Return the window's length."""
        return self.end - self.start

    def contains(self, moment: float) -> bool:
        """Tell whether `moment` falls inside the window."""
        return self.start <= moment < self.end

    @classmethod
    def starting_in(cls, delay_seconds: float, length_seconds: float) -> "Window":
        """Return the window that opens `delay_seconds` from now."""
        start = time.perf_counter() + delay_seconds
        return cls(start, start + length_seconds)


@dataclass(frozen=True, slots=True)
class Result:
    """One request: when it ran and what came back (a status, or why none did)."""

    started_at: float
    finished_at: float
    outcome: int | str

    @property
    def latency_seconds(self) -> float:
        """Return how long the request took."""
        return self.finished_at - self.started_at


@dataclass(frozen=True, slots=True)
class LatencyStats:
    """Latency percentiles in milliseconds (NaN when there were no samples)."""

    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: Collection[float]) -> "LatencyStats":
        """Summarise latencies given in seconds."""
        ordered = sorted(seconds)
        return cls(
            count=len(ordered),
            p50_ms=percentile(ordered, 50) * 1000,
            p95_ms=percentile(ordered, 95) * 1000,
            p99_ms=percentile(ordered, 99) * 1000,
            max_ms=(ordered[-1] * 1000) if ordered else math.nan,
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """Requests that finished in a window, and every unexpected outcome of the run."""

    completed: int
    per_second: float
    latency: LatencyStats
    unexpected: dict[str, int]

    @property
    def unexpected_total(self) -> int:
        """Return how many requests, in or out of the window, were not as expected."""
        return sum(self.unexpected.values())


def percentile(ordered: list[float], percent: float) -> float:
    """Return the `percent` percentile of sorted values, interpolating linearly."""
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * percent / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(results: list[Result], window: Window, expected: Collection[int]) -> Summary:
    """Summarise `results`: throughput and latency inside `window`, surprises anywhere.

    Unexpected outcomes are counted over the whole run, warm-up included, so
    an error never hides just because it happened outside the window.
    """
    inside = [result for result in results if window.contains(result.finished_at)]
    expected_inside = [result for result in inside if result.outcome in expected]
    unexpected = Counter(str(r.outcome) for r in results if r.outcome not in expected)
    return Summary(
        completed=len(expected_inside),
        per_second=len(expected_inside) / window.seconds,
        latency=LatencyStats.of([result.latency_seconds for result in expected_inside]),
        unexpected=dict(unexpected),
    )


async def timed(send: Send, argument: int) -> Result:
    """Run one request and record it; a transport error is an outcome, not a crash."""
    started = time.perf_counter()
    try:
        response = await send(argument)
        outcome: int | str = response.status_code
    except httpx.HTTPError as exc:
        outcome = type(exc).__name__
    return Result(started, time.perf_counter(), outcome)


async def closed_loop(send: Send, *, workers: int, stop_at: float) -> list[Result]:
    """Run `workers` loops that each send, await and repeat until `stop_at`.

    Requests still in flight at `stop_at` finish (bounded by the client's
    timeout) and are recorded; `summarize` decides what the window counts.
    """
    results: list[Result] = []

    async def worker(index: int) -> None:
        while time.perf_counter() < stop_at:
            results.append(await timed(send, index))

    async with asyncio.TaskGroup() as group:
        for index in range(workers):
            group.create_task(worker(index))
    return results


@dataclass(slots=True)
class ProbeRun:
    """What a fixed-rate probe saw, and how late its own sends were."""

    results: list[Result] = field(default_factory=list)
    send_lag_seconds: list[float] = field(default_factory=list)


async def fixed_rate(
    send: Send, *, rate_per_second: float, window: Window, max_in_flight: int = 32
) -> ProbeRun:
    """Send `rate_per_second` requests across `window`, each on its own schedule.

    Each request gets its own task, so a slow answer delays no later send.
    `send_lag_seconds` is how long after its scheduled time each request
    started: a busy load generator shows up there, not in the server's numbers.
    At `max_in_flight` outstanding requests a send is recorded as skipped
    rather than queued, which keeps the generator bounded when the server stalls.
    """
    run = ProbeRun()
    in_flight: set[asyncio.Task[None]] = set()

    async def probe(number: int, scheduled: float) -> None:
        run.send_lag_seconds.append(time.perf_counter() - scheduled)
        run.results.append(await timed(send, number))

    interval = 1 / rate_per_second
    for number in range(math.floor(window.seconds * rate_per_second)):
        scheduled = window.start + number * interval
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        if len(in_flight) >= max_in_flight:
            now = time.perf_counter()
            run.results.append(Result(now, now, SKIPPED))
            continue
        task = asyncio.create_task(probe(number, scheduled))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
    if in_flight:
        await asyncio.gather(*in_flight)
    return run


def loopback_client(
    base_url: str, *, connections: int, timeout_seconds: float = 30
) -> httpx.AsyncClient:
    """Return a client for the local server: kept-alive connections, no proxy settings.

    `trust_env=False` because an `HTTP_PROXY` in the environment must not send
    loopback traffic anywhere else.
    """
    return httpx.AsyncClient(
        base_url=base_url,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        timeout=httpx.Timeout(timeout_seconds),
        trust_env=False,
    )


class RawGetClient:
    """Keep-alive HTTP/1.1 GETs over one plain connection, read by their Content-Length.

    For measuring a server that answers faster than httpx can ask: httpx spends
    more CPU per request than a small route does, so on a shared machine it,
    not the server, would set the pace. This sends one fixed request and reads
    the status line and the body's length; nothing else. Use it with
    `closed_loop` (one client per worker) and `timed`.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes):
        self._reader = reader
        self._writer = writer
        self._request = request

    @classmethod
    async def connect(
        cls, host: str, port: int, path: str, headers: Mapping[str, str] | None = None
    ) -> "RawGetClient":
        """Open a connection that will GET `path`, with `headers`, on each `send`."""
        reader, writer = await asyncio.open_connection(host, port)
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        request = "\r\n".join([*lines, "", ""]).encode("ascii")
        return cls(reader, writer, request)

    async def send(self, _argument: int) -> httpx.Response:
        """Send the GET and read the whole answer; the response carries only the status.

        A broken connection or answer is raised as an httpx transport error, so
        `timed` records it as an outcome like any other client's.
        """
        try:
            self._writer.write(self._request)
            head = await self._reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await self._reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            raise httpx.RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc
        return httpx.Response(status)

    async def close(self) -> None:
        """Close the connection."""
        self._writer.close()
        await self._writer.wait_closed()
