"""The PostgreSQL + Redis project deployed as several processes, for the slow tests.

Both tests of scaling out (several instances; instances plus workers) start
the same project on a scratch database and a Redis key prefix of their own,
in production mode, with one signing key for the whole deployment.
"""

import secrets
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import RenderedProject, project_environment, run_migrations
from tests.servers import (
    POSTGRESQL,
    POSTGRESQL_URL,
    REDIS,
    REDIS_URL,
    delete_redis_keys,
    drop_database,
    require_server,
)

#: Every optional feature on, jobs on the Redis broker (tests/helpers.py VARIANTS).
VARIANT = "postgresql-redis"


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
) -> Iterator[Deployment]:
    """Migrate a scratch database for `name`; drop it and the Redis keys afterwards.

    `settings` add to (or override) the production settings every process
    shares. The job queue lives under the run's Redis prefix, so it goes with
    the keys.
    """
    require_server("PostgreSQL", POSTGRESQL)
    require_server("Redis", REDIS)
    path = generated_projects[VARIANT]
    project = RenderedProject(
        path=path,
        package_name=path.name.replace("-", "_"),
        answers={},
        includes_uncommitted_changes=False,
    )
    run_id = uuid.uuid4().hex[:12]
    database, key_prefix = f"{name.replace('-', '_')}_{run_id}", f"test-{name}-{run_id}"
    env = project_environment(
        project,
        {
            "APP__ENVIRONMENT": "production",
            # One key for the deployment: a token one instance signs, every other accepts.
            "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
            "DATABASE__URL": POSTGRESQL_URL.format(name=database),
            "REDIS__URL": REDIS_URL,
            "REDIS__KEY_PREFIX": key_prefix,
            "JOBS__BROKER_URL": REDIS_URL,
            "JOBS__QUEUE_NAME": f"{key_prefix}:jobs",
            **settings,
        },
    )
    try:
        run_migrations(checks_python, project, env)  # creates the database too
        yield Deployment(project, env)
    finally:
        drop_database(checks_python, database, logs)
        delete_redis_keys(checks_python, key_prefix, logs)
