"""Two app processes and two worker processes share the jobs of one service.

Each PostgreSQL project whose jobs travel through a server (PostgreSQL +
Redis with the Redis broker; PostgreSQL with the RabbitMQ broker) runs as it
would when scaled out: two instances started with their own ``serve`` command relay
the jobs that requests enqueue, and two ``python -m <package> worker``
processes run them. 200 accounts registered through both instances make 200
welcome-mail jobs; a real SMTP server (aiosmtpd, writing a maildir) counts
what arrives: every message exactly once, none lost, none sent twice.

Slow: real processes, in the virtualenv all generated checks share. Needs the
PostgreSQL server and the broker's (Redis, RabbitMQ); skips without them,
fails under ``CI=true``.
"""

import mailbox
import secrets
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bench.harness import Server, free_port, serve, stop
from tests.scaled_out import SHARED_BROKER_VARIANTS, deployment

pytestmark = pytest.mark.slow

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


@pytest.fixture(params=SHARED_BROKER_VARIANTS)
def service(
    request: pytest.FixtureRequest,
    generated_projects: dict[str, Path],
    checks_python: Path,
    tmp_path: Path,
) -> Iterator[tuple[list[Server], Path]]:
    """Two instances, two workers and an SMTP server on one fresh database and queue."""
    variant: str = request.param
    maildir, smtp_port = tmp_path / "maildir", free_port()
    settings = {
        "RATE_LIMITS__PER_CLIENT": "1000/minute",
        "MAIL__SMTP_HOST": "127.0.0.1",
        "MAIL__SMTP_PORT": str(smtp_port),
        "MAIL__SMTP_SECURITY": "none",
        "JOBS__POLL_INTERVAL_SECONDS": "0.2",
    }
    smtp = ["-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}"]
    smtp += ["-c", "aiosmtpd.handlers.Mailbox", str(maildir)]
    with (
        deployment(
            generated_projects, checks_python, tmp_path, "several-workers", settings, variant
        ) as app,
        ExitStack() as processes,
    ):
        package = app.project.package_name
        for name, args in [
            ("smtp", smtp),
            *[(f"worker-{n}", ["-m", package, "worker"]) for n in (1, 2)],
        ]:
            log = tmp_path / f"{name}.log"
            process = start_process(checks_python, args, app.project.path, app.env, log)
            processes.callback(stop, process)
        servers = [
            processes.enter_context(
                serve(
                    checks_python,
                    app.project,
                    env=app.env,
                    log_path=tmp_path / f"app-{n}.log",
                    own_serve_command=True,
                )
            )
            for n in (1, 2)
        ]
        yield servers, maildir


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
