"""A PostgreSQL project deployed as several processes, for the slow tests.

Both tests of scaling out (several instances; instances plus workers) start
a project on a scratch database of their own, in production mode, with one
signing key for the whole deployment. Its jobs travel through a queue of the
run's own on the project's broker: a Redis list under the run's key prefix
(``postgresql-redis``, which also shares request budgets in Redis) or a
RabbitMQ queue and exchange (``postgresql``); either goes when the run ends.
"""

import secrets
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import RenderedProject, project_environment, run_migrations
from tests.helpers import VARIANTS
from tests.servers import (
    POSTGRESQL,
    POSTGRESQL_URL,
    RABBITMQ,
    RABBITMQ_URL,
    REDIS,
    REDIS_URL,
    delete_rabbitmq_queue,
    delete_redis_keys,
    drop_database,
    require_server,
)

#: Every optional feature on, jobs on the Redis broker (tests/helpers.py VARIANTS).
VARIANT = "postgresql-redis"
#: The variants whose jobs a deployment can share between processes, by broker.
SHARED_BROKER_VARIANTS = ("postgresql-redis", "postgresql")


@dataclass(frozen=True)
class Deployment:
    """The project, and the environment every one of its processes gets."""

    project: RenderedProject
    env: dict[str, str]


@contextmanager
def deployment(
    generated_projects: Mapping[str, Path],
    checks_python: Path,
    logs: Path,
    name: str,
    settings: Mapping[str, str],
    variant: str = VARIANT,
) -> Iterator[Deployment]:
    """Migrate a scratch database for `name`; drop it and the run's queue (or keys) afterwards.

    `settings` add to (or override) the production settings every process
    shares. `variant` names a PostgreSQL project of tests/helpers.py VARIANTS
    whose broker is a server (Redis or RabbitMQ).
    """
    answers = VARIANTS[variant]
    assert answers["database"] == "postgresql", f"{variant} does not run on PostgreSQL"
    assert answers["broker"] in {"redis", "rabbitmq"}, f"{variant}'s jobs stay in one process"
    require_server("PostgreSQL", POSTGRESQL)
    uses_redis = answers["redis"] == "true" or answers["broker"] == "redis"
    if uses_redis:
        require_server("Redis", REDIS)
    if answers["broker"] == "rabbitmq":
        require_server("RabbitMQ", RABBITMQ)
    path = generated_projects[variant]
    project = RenderedProject(
        path=path,
        package_name=path.name.replace("-", "_"),
        answers={},
        includes_uncommitted_changes=False,
    )
    run_id = uuid.uuid4().hex[:12]
    database, key_prefix = f"{name.replace('-', '_')}_{run_id}", f"test-{name}-{run_id}"
    if answers["broker"] == "redis":
        queue = {"JOBS__BROKER_URL": REDIS_URL, "JOBS__QUEUE_NAME": f"{key_prefix}:jobs"}
    else:
        queue = {"JOBS__BROKER_URL": RABBITMQ_URL, "JOBS__QUEUE_NAME": f"{key_prefix}-jobs"}
    redis = {"REDIS__URL": REDIS_URL, "REDIS__KEY_PREFIX": key_prefix} if uses_redis else {}
    env = project_environment(
        project,
        {
            "APP__ENVIRONMENT": "production",
            # One key for the deployment: a token one instance signs, every other accepts.
            "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
            "DATABASE__URL": POSTGRESQL_URL.format(name=database),
            **redis,
            **queue,
            **settings,
        },
    )
    try:
        run_migrations(checks_python, project, env)  # creates the database too
        yield Deployment(project, env)
    finally:
        drop_database(checks_python, database, logs)
        if uses_redis:
            delete_redis_keys(checks_python, key_prefix, logs)
        if answers["broker"] == "rabbitmq":
            delete_rabbitmq_queue(checks_python, queue["JOBS__QUEUE_NAME"], logs)
