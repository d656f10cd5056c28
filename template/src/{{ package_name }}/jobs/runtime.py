"""The jobs machinery of one process: broker, relay, scheduler and, in a worker, consumers.

The app builds one (`components.py`) to enqueue and, when
`JOBS__RUN_IN_APP` is true, to relay, schedule and (with the in-process
broker) run jobs itself; `python -m <package> worker` runs one that also
consumes the broker's queue. Tests leave `run_in_app` off and call
`run_due_jobs()` to run what is due, step by step.
"""

import asyncio
import contextlib
import logging
import uuid

from taskiq import AsyncBroker, InMemoryBroker
from taskiq.receiver import Receiver

from ..infra.database import Database
from ..infra.settings import Settings
from ..mail.mailer import Mailer
from ..outbound import OutboundClient
from .brokers import build_broker, ping
from .execution import JobExecutor
from .relay import Relay
from .schedule import run_scheduler

RUN_TASK = "outbox.run"

logger = logging.getLogger(__name__)


class JobRuntime:
    """Publish outbox rows to the broker and run the jobs its messages name."""

    def __init__(
        self, settings: Settings, database: Database, mailer: Mailer, http_client: OutboundClient
    ) -> None:
        self.settings = settings
        self.database = database
        self.broker: AsyncBroker = build_broker(settings.jobs)
        self.executor = JobExecutor(database, mailer, http_client, settings)

        async def run_outbox_job(job_id: str) -> None:
            """Run the outbox job a message names (Taskiq needs a function, not a method)."""
            await self.executor.run(job_id)

        self.task = self.broker.register_task(run_outbox_job, task_name=RUN_TASK)
        self.relay = Relay(database, self.publish, settings.jobs)
        self.loops: list[asyncio.Task[None]] = []

    async def publish(self, job_id: uuid.UUID) -> None:
        """Send one job's id to the broker."""
        await self.task.kiq(str(job_id))

    async def connect(self, *, consume: bool = False) -> None:
        """Connect to the broker; `consume` also opens the receiving side (a worker's)."""
        self.broker.is_worker_process = consume
        await self.broker.startup()

    async def start(self, *, consume: bool = False) -> None:
        """Connect the broker and start relaying and scheduling; `consume` also runs jobs."""
        await self.connect(consume=consume)
        jobs = self.settings.jobs
        self.loops = [
            asyncio.create_task(self.relay.run()),
            asyncio.create_task(run_scheduler(self.database, jobs.schedule_check_seconds)),
        ]
        if consume and not isinstance(self.broker, InMemoryBroker):
            self.loops.append(asyncio.create_task(self.consume()))

    async def consume(self) -> None:
        """Run the jobs the broker delivers, until cancelled; reconnect when it goes away."""
        while True:
            receiver = Receiver(
                self.broker,
                max_async_tasks=self.settings.jobs.worker_concurrency,
                run_startup=False,
            )
            try:
                await receiver.listen(asyncio.Event())
            except Exception as error:  # the broker went away: listen again shortly
                logger.warning(
                    "Lost the broker (%s); listening again", type(error).__name__, exc_info=True
                )
            await asyncio.sleep(self.settings.jobs.poll_interval_seconds)

    async def ping_broker(self) -> None:
        """Raise unless the broker's server answers (the in-process broker always does)."""
        await ping(self.broker, self.settings.jobs)

    async def run_due_jobs(self) -> None:
        """Run every due job here, one after another, without the broker; then return.

        For tests (and one-off commands): jobs that share one connection must
        not run concurrently. The claims, retries and dead letters are the
        worker's own; only the transport is skipped.
        """

        async def run_here(job_id: uuid.UUID) -> None:
            await self.executor.run(str(job_id))

        here = Relay(self.database, run_here, self.settings.jobs)
        while await here.relay_due():
            pass

    async def wait_for_jobs(self) -> None:
        """Wait for the jobs this process started (in-process broker) to finish."""
        if isinstance(self.broker, InMemoryBroker):
            await self.broker.wait_all()

    async def stop(self) -> None:
        """Stop the loops, let running in-process jobs finish, disconnect the broker."""
        for loop in self.loops:
            loop.cancel()
        for loop in self.loops:
            with contextlib.suppress(asyncio.CancelledError):
                await loop
        self.loops = []
        await self.wait_for_jobs()
        # Also when never started: a readiness probe may have opened connections.
        await self.broker.shutdown()
