"""Two processes of the PostgreSQL + Redis project behave as one service.

Scaling out means starting more copies of the app behind a load balancer. Each
copy must then see what the others did: accounts and sessions (in PostgreSQL),
request budgets (in Redis), and a race on a unique email must still end in one
account. Two real uvicorn processes, each started with the project's own
``serve`` command, share one fresh database and one Redis key prefix here.

Requests carry ``X-Forwarded-For``, as they would behind a load balancer: the
test client connects from 127.0.0.1, a trusted proxy by default, so each test
speaks for a client address of its own and their budgets do not mix.

Slow: real processes, in the virtualenv all generated checks share. Needs the
PostgreSQL and Redis servers; skips without them, fails under ``CI=true``.
"""

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.harness import NO_MAIL_SERVER, Server, serve
from tests.scaled_out import deployment

pytestmark = pytest.mark.slow

#: Requests each client address may make per minute, across all instances.
BUDGET = 10
PASSWORD = secrets.token_urlsafe(24)
REQUEST_TIMEOUT_SECONDS = 15

Instances = tuple[Server, Server]


@pytest.fixture(scope="module")
def instances(
    generated_projects: dict[str, Path],
    checks_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Instances]:
    """Two instances on one migrated scratch database and one Redis key prefix.

    Whatever happens, both processes are stopped, then the database dropped
    and the keys deleted. No worker runs: the jobs the instances relay (welcome
    mail) wait in the run's queue and go with its keys.
    """
    logs = tmp_path_factory.mktemp("several-instances")
    settings = {**NO_MAIL_SERVER, "RATE_LIMITS__PER_CLIENT": f"{BUDGET}/minute"}
    with deployment(generated_projects, checks_python, logs, "several-instances", settings) as app:

        def start(name: str) -> AbstractContextManager[Server]:
            return serve(
                checks_python,
                app.project,
                env=app.env,
                log_path=logs / f"{name}.log",
                own_serve_command=True,
            )

        with start("first") as first, start("second") as second:
            yield first, second


def client(server: Server, address: str) -> httpx.Client:
    """A client of one instance, speaking for `address` as a load balancer would."""
    return httpx.Client(
        base_url=server.base_url,
        headers={"X-Forwarded-For": address},
        timeout=REQUEST_TIMEOUT_SECONDS,
        trust_env=False,
    )


def register(http: httpx.Client, email: str) -> httpx.Response:
    return http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})


def log_in(http: httpx.Client, email: str) -> dict[str, Any]:
    response = http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()["data"]
    return tokens


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_an_account_registered_through_one_signs_in_through_the_other(
    instances: Instances,
) -> None:
    with client(instances[0], "198.51.100.1") as one, client(instances[1], "198.51.100.1") as two:
        created = register(one, "ann@example.com")
        assert created.status_code == 201, created.text

        tokens = log_in(two, "ann@example.com")
        profile = one.get("/api/v1/users/me", headers=bearer(tokens))

    assert profile.status_code == 200, profile.text
    assert profile.json()["data"]["id"] == created.json()["data"]["id"]


def test_a_logout_through_one_revokes_the_tokens_on_the_other(instances: Instances) -> None:
    with client(instances[0], "198.51.100.2") as one, client(instances[1], "198.51.100.2") as two:
        assert register(one, "bob@example.com").status_code == 201
        tokens = log_in(one, "bob@example.com")
        assert two.get("/api/v1/users/me", headers=bearer(tokens)).status_code == 200

        assert one.post("/api/v1/auth/logout", headers=bearer(tokens)).status_code == 200

        after = two.get("/api/v1/users/me", headers=bearer(tokens))
        refreshed = two.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
    assert after.status_code == 401, after.text
    assert refreshed.status_code == 401, refreshed.text


def test_the_request_budget_is_shared(instances: Instances) -> None:
    """Alternating instances, the client runs out after BUDGET requests in all.

    Each instance has seen only half of them, so with budgets counted per
    process neither would refuse yet.
    """
    with client(instances[0], "198.51.100.3") as one, client(instances[1], "198.51.100.3") as two:
        statuses = [
            (one, two)[number % 2].get("/health/live").status_code for number in range(BUDGET)
        ]
        refused = [http.get("/health/live") for http in (one, two)]

    assert statuses == [200] * BUDGET
    for response in refused:
        assert response.status_code == 429, response.text
        assert response.json()["error"]["code"] == "RATE_LIMITED"
        assert 1 <= int(response.headers["Retry-After"]) <= 60
        assert response.headers["RateLimit-Limit"] == str(BUDGET)


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_registrations_of_one_email_make_one_account(
    instances: Instances, attempt: int
) -> None:
    """Both requests leave together, one through each instance: one 201, one 409."""
    email = f"race-{attempt}@example.com"
    start = threading.Barrier(2)

    def register_through(server: Server) -> httpx.Response:
        with client(server, f"198.51.100.{10 + attempt}") as http:
            start.wait(timeout=REQUEST_TIMEOUT_SECONDS)
            return register(http, email)

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(register_through, instances))

    assert sorted(response.status_code for response in responses) == [201, 409], [
        response.text for response in responses
    ]
    [conflict] = [response for response in responses if response.status_code == 409]
    assert conflict.json()["error"]["code"] == "CONFLICT"
