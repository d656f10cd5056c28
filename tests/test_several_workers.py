"""Two app processes and two worker processes share the jobs of one service.

The PostgreSQL + Redis project (jobs on the Redis broker) runs as it would
when scaled out: two instances started with their own ``serve`` command relay
the jobs that requests enqueue, and two ``python -m <package> worker``
processes run them. 200 accounts registered through both instances make 200
welcome-mail jobs; a real SMTP server (aiosmtpd, writing a maildir) counts
what arrives: every message exactly once, none lost, none sent twice.

Slow: real processes, in the virtualenv all generated checks share. Needs the
PostgreSQL and Redis servers; skips without them, fails under ``CI=true``.
"""

import mailbox
import secrets
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bench.harness import (
    RenderedProject,
    Server,
    free_port,
    project_environment,
    run_migrations,
    serve,
    stop,
)
from tests.servers import (
    POSTGRESQL,
    POSTGRESQL_URL,
    REDIS,
    REDIS_URL,
    delete_redis_keys,
    drop_database,
    require_server,
)

pytestmark = pytest.mark.slow

VARIANT = "postgresql-redis"
JOBS = 200
PASSWORD = secrets.token_urlsafe(24)
DEADLINE_SECONDS = 180
#: After the last message, how long to keep listening for a duplicate.
QUIET_SECONDS = 3


def start_process(
    python: Path, args: list[str], project: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """Start a long-running command of the project, its output in `log`."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [str(python), *args],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def register(server: Server, number: int) -> int:
    """Register account `number` through `server`, from an address of its own."""
    with httpx.Client(
        base_url=server.base_url,
        headers={"X-Forwarded-For": f"198.18.{number // 200}.{number % 200 + 1}"},
        timeout=30,
        trust_env=False,
    ) as http:
        response = http.post(
            "/api/v1/auth/register",
            json={"email": f"user{number}@example.com", "password": PASSWORD},
        )
    return response.status_code


def arrived(maildir: Path) -> Counter[str]:
    """How many messages each recipient has received so far."""
    return Counter(str(message["To"]) for message in mailbox.Maildir(maildir, create=False))


@pytest.fixture
def service(
    generated_projects: dict[str, Path], checks_python: Path, tmp_path: Path
) -> Iterator[tuple[list[Server], Path]]:
    """Two instances, two workers and an SMTP server on one fresh database and queue."""
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
    database, key_prefix = f"several_workers_{run_id}", f"test-several-workers-{run_id}"
    maildir, smtp_port = tmp_path / "maildir", free_port()
    env = project_environment(
        project,
        {
            "APP__ENVIRONMENT": "production",
            "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
            "DATABASE__URL": POSTGRESQL_URL.format(name=database),
            "REDIS__URL": REDIS_URL,
            "REDIS__KEY_PREFIX": key_prefix,
            "RATE_LIMITS__PER_CLIENT": "1000/minute",
            "MAIL__SMTP_HOST": "127.0.0.1",
            "MAIL__SMTP_PORT": str(smtp_port),
            "MAIL__SMTP_SECURITY": "none",
            "JOBS__BROKER_URL": REDIS_URL,
            "JOBS__QUEUE_NAME": f"{key_prefix}:jobs",
            "JOBS__POLL_INTERVAL_SECONDS": "0.2",
        },
    )
    smtp = ["-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}"]
    smtp += ["-c", "aiosmtpd.handlers.Mailbox", str(maildir)]
    with ExitStack() as processes:
        try:
            run_migrations(checks_python, project, env)  # creates the database too
            for name, args in [
                ("smtp", smtp),
                *[(f"worker-{n}", ["-m", project.package_name, "worker"]) for n in (1, 2)],
            ]:
                process = start_process(checks_python, args, path, env, tmp_path / f"{name}.log")
                processes.callback(stop, process)
            servers = [
                processes.enter_context(
                    serve(
                        checks_python,
                        project,
                        env=env,
                        log_path=tmp_path / f"app-{n}.log",
                        own_serve_command=True,
                    )
                )
                for n in (1, 2)
            ]
            yield servers, maildir
        finally:
            processes.close()
            drop_database(checks_python, database, tmp_path)
            delete_redis_keys(checks_python, key_prefix, tmp_path)


def test_two_instances_and_two_workers_run_200_jobs_each_exactly_once(
    service: tuple[list[Server], Path],
) -> None:
    servers, maildir = service
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda number: register(servers[number % 2], number), range(JOBS)))
    assert statuses == [201] * JOBS

    deadline = time.monotonic() + DEADLINE_SECONDS
    while sum(arrived(maildir).values()) < JOBS and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(QUIET_SECONDS)

    counts = arrived(maildir)
    expected = {f"user{number}@example.com" for number in range(JOBS)}
    assert set(counts) == expected, f"lost: {sorted(expected - set(counts))[:10]}"
    assert {address: n for address, n in counts.items() if n > 1} == {}, "sent twice"
