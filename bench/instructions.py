"""Benchmark: the server's instructions per request, counted by callgrind, on PostgreSQL.

Throughput and CPU time on a shared 2-core machine move with whatever else
runs; the number of instructions the server executes for a request does not.
This serves the PostgreSQL project under valgrind's callgrind twice, the full
app and the app without its middleware stack (the same factory as
`middleware_overhead.py`), switches counting on only around N sequential
keep-alive requests per route, and reports instructions per request for
`GET /health/live` and `GET /api/v1/users/me` (with a valid bearer token).

What it adds to the timed benchmarks: a ratio that repeats to the percent
whatever the load, to tell whether a change helped. What it leaves out: the
kernel's share (system calls, such as each database round trip) and the cost
of cache misses, so it understates routes with more round trips and a larger
code footprint: `/users/me` over `/health/live` is a larger ratio in CPU time
(`authenticated_read.py`) than in instructions.

The servers run without the in-app job relay (`JOBS__RUN_IN_APP=false`): it
polls by the clock, and under valgrind's slowdown its polls would land on the
requests being counted.

Usage: `python bench/instructions.py [--requests N] [--venv PATH] [--project PATH] [--json]`.
"""

import argparse
import asyncio
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, server_env
from harness import (
    NO_MAIL_SERVER,
    UNLIMITED_REQUEST_BUDGET,
    HarnessError,
    RenderedProject,
    Server,
    copy_project,
    prepare_venv,
    project_environment,
    render_project,
    report_progress,
    run_and_report,
    run_migrations,
    serve,
    workspace,
)
from middleware_overhead import FACTORY_MODULE, write_factories
from pagination_depth import database_url, signed_in_headers

ROUTES = {"health": "/health/live", "me": "/api/v1/users/me"}
SERVERS = {"full": None, "bare": f"{FACTORY_MODULE}:create_bare_app"}
WARMUP_REQUESTS = 30
STARTUP_SECONDS = 600.0  # imports under valgrind take minutes on a busy machine
TARGETS = {"middleware_health": 0.80, "middleware_me": 0.95, "me_over_health": 5.0}


def counting(pid: int, *commands: str) -> None:
    """Send callgrind commands (`-i on`, `-z`, `-d`...) to the server process."""
    for command in commands:
        subprocess.run(
            ["callgrind_control", *command.split(), str(pid)],
            check=True,
            capture_output=True,
            timeout=60,
        )


def dumps_in(directory: Path) -> set[Path]:
    """List callgrind's dump files in `directory`."""
    return set(directory.glob("callgrind.*"))


def last_dump_total(directory: Path, before: set[Path]) -> int:
    """Read the instruction total of the dump written since `before` was listed."""
    new = dumps_in(directory) - before
    if not new:
        msg = "callgrind wrote no dump"
        raise HarnessError(msg)
    for line in max(new, key=lambda path: path.stat().st_mtime).read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    msg = "the callgrind dump has no totals line"
    raise HarnessError(msg)


async def count_routes(
    server: Server, headers: dict[str, str], requests: int, dumps: Path
) -> dict[str, float]:
    """Count each route's instructions over `requests` sequential requests."""
    per_request: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=server.base_url, timeout=120, trust_env=False) as client:
        for name, path in ROUTES.items():
            for _ in range(WARMUP_REQUESTS):
                warm = await client.get(path, headers=headers)
            if warm.status_code != httpx.codes.OK:
                msg = f"GET {path} answered {warm.status_code}: {warm.text}"
                raise HarnessError(msg)
            before = dumps_in(dumps)
            counting(server.process.pid, "-i on", "-z")
            for _ in range(requests):
                await client.get(path, headers=headers)
            counting(server.process.pid, "-i off", "-d")
            per_request[name] = last_dump_total(dumps, before) / requests
            report_progress(f"  {path}: {per_request[name]:,.0f} instructions a request")
    return per_request


def run(options: argparse.Namespace, settings: dict[str, str]) -> dict[str, Any]:
    """Serve each variant under callgrind in turn, count, and always drop the database."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        msg = "valgrind is not installed (Debian: apt-get install valgrind)"
        raise HarnessError(msg)
    with workspace() as scratch:
        project = prepare(options.project, scratch / "project")
        python = prepare_venv((options.venv or scratch / "venv").resolve(), project)
        factories = write_factories(scratch / "factories", project)
        counted: dict[str, dict[str, float]] = {}
        with database_url("postgresql", python, project) as url:
            env = project_environment(project, {**settings, "DATABASE__URL": url})
            env["PYTHONPATH"] = os.pathsep.join((env["PYTHONPATH"], str(factories)))
            run_migrations(python, project, env)
            headers: dict[str, str] = {}
            for name, factory in SERVERS.items():
                dumps = scratch / f"callgrind-{name}"
                dumps.mkdir()
                report_progress(f"starting the {name} app under callgrind (slow)")
                launcher = (
                    "valgrind",
                    "--tool=callgrind",
                    "--instr-atstart=no",
                    f"--callgrind-out-file={dumps}/callgrind.%p",
                )
                with serve(
                    python,
                    project,
                    env=env,
                    log_path=scratch / f"{name}.log",
                    uvicorn_args=("--no-access-log",),
                    app_factory=factory,
                    launcher=launcher,
                    startup_timeout_seconds=STARTUP_SECONDS,
                ) as server:
                    headers = headers or asyncio.run(sign_in(server))
                    counted[name] = asyncio.run(
                        count_routes(server, headers, options.requests, dumps)
                    )
        return build_report(project, counted, options.requests)


def prepare(project: Path | None, destination: Path) -> RenderedProject:
    """Render the PostgreSQL project from this checkout, or copy the one given."""
    if project is not None:
        return copy_project(project.resolve(), destination)
    report_progress("rendering the postgresql project from this checkout")
    return render_project(destination, {"database": "postgresql"})


async def sign_in(server: Server) -> dict[str, str]:
    """Register the benchmark's account and return its bearer header."""
    async with httpx.AsyncClient(base_url=server.base_url, timeout=120, trust_env=False) as client:
        return await signed_in_headers(client)


def build_report(
    project: RenderedProject, counted: dict[str, dict[str, float]], requests: int
) -> dict[str, Any]:
    """Instructions per request and the three ratios the targets are stated in."""
    full, bare = counted["full"], counted["bare"]
    return {
        "benchmark": "instructions",
        "project": project.package_name,
        "requests_per_route": requests,
        "instructions_per_request": counted,
        "ratios": {
            "middleware_health": bare["health"] / full["health"],
            "middleware_me": bare["me"] / full["me"],
            "me_over_health": full["me"] / full["health"],
        },
        "targets": TARGETS,
    }


def passed(report: dict[str, Any]) -> bool:
    """Middleware ratios at or above their targets, /users/me at or below 5x."""
    ratios: dict[str, float] = report["ratios"]
    return (
        ratios["middleware_health"] >= TARGETS["middleware_health"]
        and ratios["middleware_me"] >= TARGETS["middleware_me"]
        and ratios["me_over_health"] <= TARGETS["me_over_health"]
    )


def format_table(report: dict[str, Any]) -> str:
    """Render the report for a terminal."""
    counted = report["instructions_per_request"]
    lines = [
        f"Server instructions per request (callgrind), {report['project']}, "
        f"{report['requests_per_route']} sequential requests per route",
        "",
        f"{'route':<22}{'full stack':>14}{'no middleware':>16}{'bare / full':>13}",
    ]
    for name, path in ROUTES.items():
        full, bare = counted["full"][name], counted["bare"][name]
        lines.append(f"{path:<22}{full:>14,.0f}{bare:>16,.0f}{bare / full:>13.3f}")
    ratios = report["ratios"]
    lines += [
        "",
        f"middleware, /health/live: {ratios['middleware_health']:.3f} (target >= 0.80)",
        f"middleware, /users/me:    {ratios['middleware_me']:.3f} (target >= 0.95)",
        f"/users/me over /health/live, full stack: {ratios['me_over_health']:.2f}x "
        "(the 5x target is in CPU time, which instructions understate)",
    ]
    return "\n".join(lines)


def main() -> int:
    """Parse the options, run under callgrind, print the table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=300, help="requests counted per route (default 300)"
    )
    add_setup_options(parser, "extra setting for the servers")
    options = parser.parse_args()
    settings = {
        "APP__ENVIRONMENT": "production",
        "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
        "JOBS__RUN_IN_APP": "false",
        **UNLIMITED_REQUEST_BUDGET,
        **NO_MAIL_SERVER,
        **server_env(parser, options.server_env),
    }
    return run_and_report(
        lambda: run(options, settings),
        format_table,
        as_json=options.json,
        check=options.check,
        passed=passed,
    )


if __name__ == "__main__":
    raise SystemExit(main())
