"""A circuit breaker per host: stop calling a peer that keeps failing, try again later.

After `breaker_failure_threshold` failures within `breaker_failure_window_seconds`
the host's circuit opens: calls fail at once, without a connection, for
`breaker_cooldown_seconds`. Then it is half-open: one call (the probe) goes
through; its success closes the circuit, its failure opens it again.

The state lives in the counter storage the rate limits use (`limits`), whose
increments are atomic: in this process's memory, or in Redis when the project
has it, so every process of the deployment sees one circuit per host.
"""

from enum import StrEnum

from limits.aio.storage import Storage

from ..errors import UpstreamUnavailableError
from ..infra.http_settings import OutboundSettings

# A tripped circuit stays half-open (one probe at a time) for this many cool-downs
# after it last opened; past that, an unused host starts afresh, closed.
TRIPPED_MEMORY_COOLDOWNS = 10


class CircuitState(StrEnum):
    """Where a host's circuit stands."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(UpstreamUnavailableError):
    """The host failed repeatedly: the call was not made."""

    default_message = "A service this one depends on is failing; try again later."


class CircuitBreaker:
    """One circuit per host, kept in `storage` under `namespace`."""

    def __init__(
        self, storage: Storage, settings: OutboundSettings, namespace: str = "circuit"
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.namespace = namespace

    def _key(self, host: str, part: str) -> str:
        return f"{self.namespace}:{host}:{part}"

    async def state(self, host: str) -> CircuitState:
        """Return the host's circuit state."""
        if await self.storage.get(self._key(host, "open")) > 0:
            return CircuitState.OPEN
        if await self.storage.get(self._key(host, "tripped")) > 0:
            return CircuitState.HALF_OPEN
        return CircuitState.CLOSED

    async def before_call(self, host: str) -> None:
        """Raise `CircuitOpenError` unless a call to `host` may go out now.

        Half-open, only the caller that claims the probe goes; the others wait
        for its outcome like callers of an open circuit.
        """
        state = await self.state(host)
        if state is CircuitState.CLOSED:
            return
        if state is CircuitState.HALF_OPEN:
            probe = self._key(host, "probe")
            if await self.storage.incr(probe, self.settings.breaker_cooldown_seconds) == 1:
                return
        raise CircuitOpenError(details={"host": host})

    async def record_success(self, host: str) -> None:
        """Close the host's circuit: the peer answered."""
        for part in ("tripped", "probe", "failures"):
            await self.storage.clear(self._key(host, part))

    async def record_failure(self, host: str) -> None:
        """Count a failure; open the circuit at the threshold, or at once when half-open."""
        settings = self.settings
        if await self.storage.get(self._key(host, "tripped")) > 0:
            await self._open(host)
            return
        failures = await self.storage.incr(
            self._key(host, "failures"), settings.breaker_failure_window_seconds
        )
        if failures >= settings.breaker_failure_threshold:
            await self._open(host)

    async def _open(self, host: str) -> None:
        cooldown = self.settings.breaker_cooldown_seconds
        await self.storage.clear(self._key(host, "open"))
        await self.storage.incr(self._key(host, "open"), cooldown)
        await self.storage.clear(self._key(host, "tripped"))
        await self.storage.incr(self._key(host, "tripped"), cooldown * TRIPPED_MEMORY_COOLDOWNS)
        await self.storage.clear(self._key(host, "probe"))
        await self.storage.clear(self._key(host, "failures"))
