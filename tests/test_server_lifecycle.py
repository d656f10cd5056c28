"""The generated app under its own ``serve`` command: SIGTERM lets in-flight requests finish.

A deploy or a scale-down sends SIGTERM; the server must stop taking new
connections but answer the requests it already has before it exits. The
request in flight here is a route planted for the test (discovery mounts it)
that waits long enough for the signal to arrive in the middle of it.

Slow: a real uvicorn process, in the virtualenv all generated checks share.
"""

import shutil
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.harness import RenderedProject, project_environment, run_migrations, serve

pytestmark = pytest.mark.slow

IN_FLIGHT_ROUTE = '''\
"""A request that takes a while, planted by the scaffolder's shutdown test."""

import asyncio
import os
from pathlib import Path

from fastapi import APIRouter

from ..security.current_user import PUBLIC_ROUTE
from ..api.envelope import Envelope, ok

router = APIRouter(prefix="/in-flight", tags=["test"])


@router.get("", summary="Answer after a pause", openapi_extra=PUBLIC_ROUTE)
async def answer_after_a_pause() -> Envelope[str]:
    """Say the request started, pause, then answer."""
    Path(os.environ["IN_FLIGHT_MARKER"]).touch()
    await asyncio.sleep(1.5)
    return ok("finished")
'''


def wait_for(path: Path, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear"
        time.sleep(0.02)


def test_sigterm_lets_the_request_in_flight_finish(
    generated_projects: dict[str, Path], checks_python: Path, tmp_path: Path
) -> None:
    source = generated_projects["sqlite"]
    path = tmp_path / source.name
    shutil.copytree(source, path, ignore=shutil.ignore_patterns(".git", "__pycache__", ".*_cache"))
    project = RenderedProject(
        path=path,
        package_name=path.name.replace("-", "_"),
        answers={},
        includes_uncommitted_changes=False,
    )
    (path / "src" / project.package_name / "routes" / "in_flight.py").write_text(IN_FLIGHT_ROUTE)
    marker = tmp_path / "request-started"
    env = project_environment(
        project,
        {
            "DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
            "SERVER__GRACEFUL_SHUTDOWN_SECONDS": "10",
            "IN_FLIGHT_MARKER": str(marker),
        },
    )
    run_migrations(checks_python, project, env)

    with (
        serve(
            checks_python,
            project,
            env=env,
            log_path=tmp_path / "server.log",
            own_serve_command=True,
        ) as server,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        pending = pool.submit(httpx.get, f"{server.base_url}/api/v1/in-flight", timeout=15)
        wait_for(marker, timeout_seconds=10)
        server.process.send_signal(signal.SIGTERM)

        response = pending.result()
        assert response.status_code == 200, response.text
        assert response.json()["data"] == "finished"
        # uvicorn re-raises the signal once it has shut down cleanly, as a
        # well-behaved process should, so "terminated by SIGTERM" is success here.
        assert server.process.wait(timeout=15) == -signal.SIGTERM
        log = server.log_path.read_text()
        assert log.index("GET /api/v1/in-flight") < log.index("Application shutdown complete")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.base_url}/health/live", timeout=2)
