"""Benchmark: one server process's resident memory under sustained mixed load.

Password hashes (argon2id, 19 MiB each) run in worker threads; with glibc's
default of up to eight malloc arenas per core, each thread could leave an
arena's worth of memory behind, and a process grew to three times its
start-up size and stayed there. The generated app caps the arenas at two,
hands each hash's memory back (`infra/malloc_tuning.py`) and runs one hash
per core at once; `--server-env MALLOC_ARENA_MAX=16` measures the process
without the cap, `--server-env SECURITY__MAX_CONCURRENT_HASHES=4` with more
hashes in flight, for comparison.

One run renders the default project from this checkout (PostgreSQL and Redis
by default, the servers on 127.0.0.1), serves it with one uvicorn worker in
production mode, and runs 16 clients, each looping over sign-up, sign-in,
reads, a profile update and a token refresh, for `--seconds` (300 by
default). The server's resident set size (VmRSS) is read every 5 s.

Targets: the size at the end at most 1.5x the size after start-up, and no
growth over the last two minutes (at most 5%). A sample counts the hashes in
flight at that instant (19 MiB each), so one sample swings by tens of MiB; both
targets read the highest sample of a two-minute window instead: the last
window against start-up, and against the window before it.
Usage: `python bench/memory_under_load.py [--json] [--check] [--seconds 300] [--venv PATH]`.
"""

import argparse
import asyncio
import itertools
import json
import os
import platform
import secrets
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, number, server_env, without_nan
from harness import (
    NO_MAIL_SERVER,
    REPO_ROOT,
    UNLIMITED_REQUEST_BUDGET,
    RenderedProject,
    Server,
    copy_project,
    prepare_venv,
    project_environment,
    render_project,
    report_progress,
    run_and_report,
    run_checked,
    run_migrations,
    serve,
    usable_cores,
    workspace,
)
from load import loopback_client
from pagination_depth import database_url

TARGET_GROWTH = 1.5
MAX_LATE_GROWTH = 1.05
LATE_SECONDS = 120
SAMPLE_SECONDS = 5
CLIENTS = 16
#: What each client does, in a loop: one sign-up and one sign-in for every
#: eight reads, two profile updates and one refresh.
STEPS = ("register", "login", *("read",) * 8, "update", "update", "refresh")


@dataclass(frozen=True, slots=True)
class Options:
    """What one run does, from the command line."""

    seconds: float
    database: str
    redis: bool
    venv: Path | None
    project: Path | None
    server_env: dict[str, str]
    as_json: bool
    check: bool


def parse_options(argv: Sequence[str] | None) -> Options:
    """Read and bound the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Progress goes to stderr; the table (or --json) to stdout.",
    )
    parser.add_argument("--seconds", type=float, default=300, help="length of the load, s (300)")
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="postgresql", help="(postgresql)"
    )
    parser.add_argument("--no-redis", action="store_true", help="render without Redis")
    add_setup_options(parser, "extra setting for the server, e.g. MALLOC_ARENA_MAX=16")
    args = parser.parse_args(argv)
    if not 2 * LATE_SECONDS <= args.seconds <= 3600:
        parser.error(f"--seconds must be {2 * LATE_SECONDS}-3600")
    return Options(
        seconds=args.seconds,
        database=args.database,
        redis=not args.no_redis,
        venv=args.venv,
        project=args.project,
        server_env=server_env(parser, args.server_env),
        as_json=args.json,
        check=args.check,
    )


def resident_mib(pid: int) -> float:
    """Return the process's resident set size (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    msg = f"no VmRSS for process {pid}"
    raise RuntimeError(msg)


async def client_loop(
    client: httpx.AsyncClient, number: int, stop_at: float, outcomes: Counter[str]
) -> None:
    """Run STEPS over and over as one user (a new account each cycle) until `stop_at`."""
    tokens: dict[str, str] = {}
    for cycle in itertools.count():
        password = secrets.token_urlsafe(18)
        account = {"email": f"load-{number}-{cycle}@example.com", "password": password}
        for step in STEPS:
            if time.perf_counter() >= stop_at:
                return
            bearer = {"Authorization": f"Bearer {tokens.get('access_token', '')}"}
            if step == "register":
                response = await client.post("/api/v1/auth/register", json=account)
            elif step == "login":
                response = await client.post("/api/v1/auth/login", json=account)
                if response.status_code == 200:
                    tokens = response.json()["data"]
            elif step == "read":
                response = await client.get("/api/v1/users/me", headers=bearer)
            elif step == "update":
                name = {"full_name": f"Load {cycle}"}
                response = await client.patch("/api/v1/users/me", json=name, headers=bearer)
            else:
                body = {"refresh_token": tokens.get("refresh_token", "")}
                response = await client.post("/api/v1/auth/refresh", json=body)
                if response.status_code == 200:
                    tokens = response.json()["data"]
            outcomes[f"{step} {response.status_code}"] += 1


async def measure(server: Server, options: Options) -> dict[str, Any]:
    """Sample the server's memory at start-up, then every few seconds under load."""
    pid = server.process.pid
    samples: list[tuple[float, float]] = [(0.0, resident_mib(pid))]
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    stop_at = started + options.seconds
    async with loopback_client(server.base_url, connections=CLIENTS) as client:
        workers = [
            asyncio.create_task(client_loop(client, number, stop_at, outcomes))
            for number in range(CLIENTS)
        ]
        try:
            while time.perf_counter() < stop_at:
                await asyncio.sleep(SAMPLE_SECONDS)
                samples.append((time.perf_counter() - started, resident_mib(pid)))
                report_progress(f"{samples[-1][0]:5.0f} s: {samples[-1][1]:.0f} MiB")
            await asyncio.gather(*workers)
        finally:  # interrupted: no client may outlive the connection pool
            for worker in workers:
                worker.cancel()
    return {"samples": samples, "outcomes": dict(outcomes)}


def run(options: Options) -> dict[str, Any]:
    """Set up, serve, load and sample; always stop the server and drop the database."""
    with workspace() as scratch:
        if options.project is None:
            answers = {"database": options.database, "redis": options.redis}
            report_progress(f"rendering the project from this checkout: {answers}")
            project = render_project(scratch / "project", answers)
        else:
            project = copy_project(options.project.resolve(), scratch / "project")
        venv = (options.venv or scratch / "venv").resolve()
        report_progress(f"preparing the venv at {venv}")
        python = prepare_venv(venv, project)
        with database_url(options.database, python, project) as url:
            settings = {
                "APP__ENVIRONMENT": "production",
                "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
                "DATABASE__URL": url,
                "REDIS__KEY_PREFIX": f"bench-{secrets.token_hex(6)}",
                # Every client signs up again and again, past the route's own budget.
                "RATE_LIMITS__ROUTES": json.dumps({"auth-register": "1000000000/minute"}),
                **UNLIMITED_REQUEST_BUDGET,
                **NO_MAIL_SERVER,
                **options.server_env,
            }
            env = project_environment(project, settings)
            run_migrations(python, project, env)
            with serve(
                python,
                project,
                env=env,
                log_path=scratch / "server.log",
                uvicorn_args=("--no-access-log",),
            ) as server:
                report_progress(f"server live; {CLIENTS} clients for {options.seconds:g} s")
                measured = asyncio.run(measure(server, options))
        return build_report(options, project, measured)


def window_peak(samples: list[tuple[float, float]], windows_back: int) -> float:
    """Return the highest sample of a LATE_SECONDS window: 0 the last one, 1 the one before."""
    end = samples[-1][0] - windows_back * LATE_SECONDS
    return max(mib for at, mib in samples if end - LATE_SECONDS < at <= end)


def build_report(
    options: Options, project: RenderedProject, measured: dict[str, Any]
) -> dict[str, Any]:
    """Start-up, peak, end and late growth of the resident size, and the verdict."""
    samples: list[tuple[float, float]] = measured["samples"]
    start, end = samples[0][1], samples[-1][1]
    last_window = window_peak(samples, 0)
    window_before = window_peak(samples, 1)
    outcomes: dict[str, int] = measured["outcomes"]
    succeeded = (" 200", " 201")
    failed = {name: count for name, count in outcomes.items() if not name.endswith(succeeded)}
    commit = run_checked(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, what="read the commit"
    ).strip()
    return without_nan(
        {
            "machine": {
                "cores": usable_cores(),
                "platform": platform.platform(),
                "load_average": os.getloadavg(),
                "python": platform.python_version(),
            },
            "project": {
                "package": project.package_name,
                "answers": {key: project.answers.get(key) for key in ("database", "redis")},
                "template_commit": commit,
                "includes_uncommitted_changes": project.includes_uncommitted_changes,
            },
            "options": {
                key: value
                for key, value in asdict(options).items()
                if key not in {"venv", "project", "as_json", "check"}
            },
            "rss_mib": {
                "start": start,
                "peak": max(mib for _, mib in samples),
                "end": end,
                "last_window_peak": last_window,
                "window_before_peak": window_before,
            },
            "growth": last_window / start,
            "late_growth": last_window / window_before,
            "requests_per_second": sum(outcomes.values()) / options.seconds,
            "outcomes": outcomes,
            "failed": failed,
            "samples": samples,
            "passed": last_window / start <= TARGET_GROWTH
            and last_window / window_before <= MAX_LATE_GROWTH,
        }
    )


def format_table(report: dict[str, Any]) -> str:
    """Render the report as the lines people read."""
    rss, project = report["rss_mib"], report["project"]
    dirty = " + uncommitted changes" if project["includes_uncommitted_changes"] else ""
    verdict = "PASS" if report["passed"] else "MISS"
    return "\n".join(
        [
            f"Memory under mixed load: {project['package']} {project['answers']}, "
            f"template {project['template_commit']}{dirty}",
            f"{CLIENTS} clients for {report['options']['seconds']:g} s "
            f"(load average {report['machine']['load_average'][0]:.1f}), "
            f"{number(report['requests_per_second'], 0)} requests/s, "
            f"server env {report['options']['server_env'] or 'as generated'}",
            f"resident: {rss['start']:.0f} MiB after start-up, peak {rss['peak']:.0f}, "
            f"end {rss['end']:.0f}; highest of the last {LATE_SECONDS} s "
            f"{rss['last_window_peak']:.0f} ({report['growth']:.2f}x start), of the "
            f"{LATE_SECONDS} s before {rss['window_before_peak']:.0f} "
            f"(last {report['late_growth']:.2f}x of it)",
            f"not 200/201: {report['failed'] or 'none'}",
            f"target: last {LATE_SECONDS} s <= {TARGET_GROWTH}x start and <= "
            f"{MAX_LATE_GROWTH}x the {LATE_SECONDS} s before: {verdict}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 2 when it could not run, 1 with --check and a miss, 130 on Ctrl-C."""
    options = parse_options(argv)
    return run_and_report(
        lambda: run(options),
        format_table,
        as_json=options.as_json,
        check=options.check,
        passed=lambda report: bool(report["passed"]),
    )


if __name__ == "__main__":
    raise SystemExit(main())
