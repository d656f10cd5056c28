"""The one HTTP client for calls to other services, built by `build_outbound_client`.

Every call gets the connect and read timeouts of `OutboundSettings`, goes
through the host's circuit breaker, is retried with exponential backoff and
jitter (stamina) when repeating it is safe (`policy.may_repeat`) and the
failure is passing (a transport error or a retryable status, honouring
`Retry-After`), and ends with one log line: method, host, path, status,
attempts, duration and outcome, the numbers a dashboard counts.

A call that gets an answer returns it, whatever its status, after the last
try; a call that never gets one raises `UpstreamUnavailableError` (503 in the
error envelope when it reaches a route), as does a call refused by an open
circuit.
"""

import functools
import logging
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import stamina
from limits.aio.storage import Storage

from ..errors import UpstreamUnavailableError
from ..infra.http_settings import OutboundSettings
from .circuit_breaker import CircuitBreaker, CircuitOpenError
from .policy import RETRYABLE_STATUSES, RetryableResponse, may_repeat, retry_after_seconds

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class CallRecord:
    """What one call did, for its log line."""

    host: str
    attempts: int = 0
    status: int | None = None
    outcome: str = "answered"
    started: float = field(default_factory=time.perf_counter)

    def log(self, request: httpx.Request) -> None:
        """Write the call's one log line."""
        logger.info(
            "outbound call",
            extra={
                "method": request.method,
                "host": self.host,
                "path": request.url.path,
                "status": self.status,
                "attempts": self.attempts,
                "duration_ms": round((time.perf_counter() - self.started) * 1000, 1),
                "outcome": self.outcome,
            },
        )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Return the TLS settings every outbound client shares: httpx's defaults, made once.

    Loading the CA bundle costs about 50 ms of CPU; a client built with httpx's
    defaults loads it again, so every app built in a process (a test suite builds
    hundreds) paid for it.
    """
    return httpx.create_ssl_context()


class OutboundClient:
    """Resilient HTTP calls to other services; one per app, closed on shutdown."""

    def __init__(
        self,
        settings: OutboundSettings,
        breaker: CircuitBreaker,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.breaker = breaker
        self.http = httpx.AsyncClient(
            timeout=httpx.Timeout(
                settings.read_timeout_seconds, connect=settings.connect_timeout_seconds
            ),
            headers={"User-Agent": settings.user_agent},
            follow_redirects=False,
            verify=tls_context(),
            transport=transport,
        )

    async def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        """Send a request (`options` as for `httpx.AsyncClient.build_request`); return the answer.

        Raises `UpstreamUnavailableError` when no answer came (after the retries
        a repeatable request gets) or the host's circuit is open.
        """
        request = self.http.build_request(method, url, **options)
        call = CallRecord(host=request.url.netloc.decode("ascii"))
        try:
            response = await self._send_with_retries(request, call)
            call.status = response.status_code
        except CircuitOpenError:
            call.outcome = "circuit_open"
            raise
        except httpx.TransportError as error:
            call.outcome = type(error).__name__
            raise UpstreamUnavailableError(details={"host": call.host}) from error
        finally:
            call.log(request)
        return response

    async def _send_with_retries(self, request: httpx.Request, call: CallRecord) -> httpx.Response:
        """Try as often as the request and its failures allow; the last answer wins."""
        try:
            async for attempt in stamina.retry_context(
                on=self._retry_backoff,
                attempts=self.settings.retry_attempts if may_repeat(request) else 1,
                timeout=self.settings.retry_timeout_seconds,
                wait_initial=self.settings.retry_initial_wait_seconds,
                wait_max=self.settings.retry_max_wait_seconds,
                wait_jitter=self.settings.retry_jitter_seconds,
            ):
                with attempt:
                    call.attempts += 1
                    response = await self._send_once(call.host, request)
        except RetryableResponse as last:
            return last.response
        return response

    async def _send_once(self, host: str, request: httpx.Request) -> httpx.Response:
        """One try: ask the breaker, send, tell the breaker how it went."""
        await self.breaker.before_call(host)
        try:
            response = await self.http.send(request)
        except httpx.TransportError:
            await self.breaker.record_failure(host)
            raise
        if response.status_code >= 500:
            await self.breaker.record_failure(host)
        else:
            await self.breaker.record_success(host)
        if response.status_code in RETRYABLE_STATUSES:
            raise RetryableResponse(response)
        return response

    def _retry_backoff(self, error: Exception) -> bool | float:
        """Tell stamina whether to retry after `error`, and how long the peer asked to wait."""
        if isinstance(error, RetryableResponse):
            asked = retry_after_seconds(error.response)
            if asked is None:
                return True
            return min(asked, self.settings.retry_max_wait_seconds)
        return isinstance(error, httpx.TransportError)

    async def aclose(self) -> None:
        """Close the connection pool (on shutdown)."""
        await self.http.aclose()


def build_outbound_client(
    settings: OutboundSettings, storage: Storage, transport: httpx.AsyncBaseTransport | None = None
) -> OutboundClient:
    """Build the app's client; its circuits live in `storage` (shared when that is Redis)."""
    return OutboundClient(settings, CircuitBreaker(storage, settings), transport)
