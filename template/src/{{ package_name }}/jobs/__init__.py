"""Background jobs: enqueued through a transactional outbox, carried by a Taskiq broker.

Define a job with `@job(...)` (`registry.py`) in the service that owns the
work, ask for it with `enqueue(...)` (`outbox.py`) inside the request's
transaction; the relay, the worker and the scheduler do the rest.
"""

from .outbox import enqueue
from .registry import Job, JobContext, Payload, RetryPolicy, job
from .runtime import JobRuntime

__all__ = ["Job", "JobContext", "JobRuntime", "Payload", "RetryPolicy", "enqueue", "job"]
