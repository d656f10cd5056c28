"""An HTTP server on loopback that fails on cue, for the outbound client's tests.

Each request takes the next step of the script (the last one repeats): an
answer with a status and headers, a hang past the client's read timeout, or a
connection closed without an answer. The server counts what reached it, so a
test can tell a retried call from one the circuit breaker never let out.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """What the server does with one request."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    hang_seconds: float = 0.0
    drop: bool = False


@dataclass
class FlakyServer:
    """The running server: its address, its script and what it received."""

    script: list[Step]
    port: int = 0
    requests: list[str] = field(default_factory=list)
    # Headers and body of each request, in arrival order.
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    handlers: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def next_step(self) -> Step:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.handlers.add(task)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            length = next(
                (
                    int(line.split(":", 1)[1])
                    for line in header_lines
                    if line.lower().startswith("content-length:")
                ),
                0,
            )
            body = await reader.readexactly(length)
            self.requests.append(request_line)
            headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
            self.received.append((headers, body))
            step = self.next_step()
            if step.hang_seconds:
                await asyncio.sleep(step.hang_seconds)
            if not step.drop:
                answer = b'{"ok": true}'
                lines = [
                    f"HTTP/1.1 {step.status} X",
                    f"Content-Length: {len(answer)}",
                    "Connection: close",
                ]
                lines += [f"{name}: {value}" for name, value in step.headers]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def flaky_server(*script: Step) -> AsyncIterator[FlakyServer]:
    """Serve `script` on a free loopback port for the length of the block."""
    server = FlakyServer(list(script))
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listener.close()
        # A hanging answer finishes on its own: wait rather than cancel it mid-step.
        await asyncio.gather(*server.handlers)
        await listener.wait_closed()
