"""Benchmark: what an authenticated read costs next to the bare liveness route, on PostgreSQL.

One server (the default project with PostgreSQL and the `products` resource,
production settings, one uvicorn worker) answers three GETs, measured in the
same run: `/health/live` (no database, no token), `GET /api/v1/users/me` and
a page of 20 products, both with a valid bearer token. Rounds take turns
between the three (ABC, CBA, ...), so load from other work on the machine
falls on all alike; each round is a closed loop of raw keep-alive GETs from
16 connections.

Reported per request: requests per second, p50/p99 latency and the server's
CPU time (read from /proc; unlike throughput it barely depends on what else
runs). Targets: `/users/me` costs at most 5x the CPU of `/health/live`, and
the app opens no database connections under load once warm (PostgreSQL's own
count of sessions established, `pg_stat_database.sessions`, before and after
the measured rounds; the two readings open one each, which is subtracted).

`--profile` runs the server under cProfile and writes its statistics next to
the report (sort them by `tottime`), to see where the time goes.

Usage: `python bench/authenticated_read.py [--json] [--check] [--venv PATH] [--profile FILE]`.
"""

import argparse
import asyncio
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, number, server_env, without_nan
from harness import (
    NO_MAIL_SERVER,
    REPO_ROOT,
    UNLIMITED_REQUEST_BUDGET,
    HarnessError,
    RenderedProject,
    Server,
    copy_project,
    prepare_venv,
    project_environment,
    report_progress,
    run_and_report,
    run_checked,
    run_migrations,
    run_python_json,
    serve,
    usable_cores,
    workspace,
)
from load import LatencyStats, Result, loopback_client
from middleware_overhead import Round, measure_round
from pagination_depth import INSERT_SNIPPET, database_url, signed_in_headers
from pagination_depth import prepare_project as render_with_resource

PATHS = {
    "health": "/health/live",
    "me": "/api/v1/users/me",
    "list": "/api/v1/products?page_size=20",
}
LABELS = {
    "health": "GET /health/live (bare route)",
    "me": "GET /api/v1/users/me",
    "list": "GET /api/v1/products, 20 rows",
}
TARGET_CPU_RATIO = 5.0
#: New connections a second, after warm-up, that still count as "no churn".
MAX_NEW_CONNECTIONS_PER_SECOND = 0.5
MAX_SECONDS = 60.0
ROWS = 100

# Runs the server's `-m MODULE ARGS...` under cProfile. uvicorn re-raises the
# SIGTERM it stopped on, which would end the process before `-m cProfile -o`
# writes anything; this handler writes the statistics first.
PROFILE_LAUNCHER = """
import cProfile, runpy, signal, sys
profile = cProfile.Profile()
def finish(*_):
    profile.disable()
    profile.dump_stats({path!r})
    sys.exit(0)
signal.signal(signal.SIGTERM, finish)
module, sys.argv = sys.argv[2], [sys.argv[2], *sys.argv[3:]]
profile.enable()
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""

SESSIONS_SNIPPET = """
import asyncio, json
from sqlalchemy import text
from {package}.infra.settings import get_settings
from {package}.infra.database import create_engine

async def main():
    engine = create_engine(get_settings().database)
    async with engine.connect() as connection:
        sessions = await connection.scalar(text(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        ))
    await engine.dispose()
    print(json.dumps({{"sessions": sessions}}))

asyncio.run(main())
"""


@dataclass(frozen=True, slots=True)
class Options:
    """What one run does, from the command line."""

    rounds: int
    seconds: float
    warmup: float
    connections: int
    profile: Path | None
    venv: Path | None
    project: Path | None
    server_env: dict[str, str]
    as_json: bool
    check: bool


def parse_options(argv: Sequence[str] | None) -> Options:
    """Read and bound the command line (a benchmark must stay short and local)."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Progress goes to stderr; the table (or --json) to stdout.",
    )
    parser.add_argument("--rounds", type=int, default=6, help="measured rounds per route (6)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each round, s (5)")
    parser.add_argument("--warmup", type=float, default=2, help="uncounted load first, s (2)")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive clients (16)")
    parser.add_argument(
        "--profile", type=Path, help="run the server under cProfile, write its statistics here"
    )
    add_setup_options(parser, "extra setting for the server, e.g. DATABASE__POOL_SIZE=5")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 50:
        parser.error("--rounds must be 1-50")
    for name in ("seconds", "warmup"):
        if not 0 < getattr(args, name) <= MAX_SECONDS:
            parser.error(f"--{name} must be in (0, {MAX_SECONDS:.0f}] seconds")
    if not 1 <= args.connections <= 256:
        parser.error("--connections must be 1-256")
    return Options(
        rounds=args.rounds,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
        profile=args.profile.resolve() if args.profile else None,
        venv=args.venv,
        project=args.project,
        server_env=server_env(parser, args.server_env),
        as_json=args.json,
        check=args.check,
    )


def prepare_project(options: Options, destination: Path) -> RenderedProject:
    """Render the PostgreSQL project with `products`, or copy the one given (it must have both)."""
    if options.project is None:
        return render_with_resource(destination, "postgresql")
    report_progress(f"copying the project at {options.project}")
    return copy_project(options.project.resolve(), destination)


def established_sessions(python: Path, project: RenderedProject, env: dict[str, str]) -> int:
    """Return PostgreSQL's count of sessions ever established to the run's database."""
    code = SESSIONS_SNIPPET.format(package=project.package_name)
    return int(run_python_json(python, code, project=project, env=env)["sessions"])


Measured = dict[str, list[tuple[Round, list[Result]]]]


async def measure(
    server: Server, options: Options, count_sessions: Callable[[], int]
) -> tuple[Measured, dict[str, float]]:
    """Sign in, check and warm every route up, then run the rounds in turns.

    `count_sessions` is read when the warm-up is over and after the last
    round (nothing else is in flight then, so its blocking call holds no one up).
    """
    async with loopback_client(server.base_url, connections=1) as client:
        headers = await signed_in_headers(client)
        for path in PATHS.values():
            answer = await client.get(path, headers=headers)
            if answer.status_code != 200:
                msg = f"GET {path} answered {answer.status_code}: {answer.text[:300]}"
                raise HarnessError(msg)
    for name, path in PATHS.items():
        report_progress(f"warming up {name} for {options.warmup:g} s")
        await measure_round(name, server, options.connections, options.warmup, path, headers)
    sessions_before, started = count_sessions(), time.perf_counter()
    measured: Measured = {name: [] for name in PATHS}
    for index in range(options.rounds):
        order = list(PATHS) if index % 2 == 0 else list(reversed(PATHS))
        report_progress(f"round {index + 1}/{options.rounds}: {', '.join(order)}")
        for name in order:
            measured[name].append(
                await measure_round(
                    name, server, options.connections, options.seconds, PATHS[name], headers
                )
            )
    elapsed = time.perf_counter() - started
    # The later reading's own connection counts once; subtract it.
    opened = count_sessions() - sessions_before - 1
    return measured, {
        "new_connections": opened,
        "seconds": elapsed,
        "new_connections_per_second": opened / elapsed,
    }


def server_settings(options: Options, url: str) -> dict[str, str]:
    """Production mode, a random strong key, a budget no run exhausts, the run's database."""
    return {
        "APP__ENVIRONMENT": "production",
        "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
        "DATABASE__URL": url,
        **UNLIMITED_REQUEST_BUDGET,
        **NO_MAIL_SERVER,
        **options.server_env,
    }


def run(options: Options) -> dict[str, Any]:
    """Set up, fill the table, serve, measure, always stop the server and drop the database."""
    with workspace() as scratch:
        project = prepare_project(options, scratch / "project")
        venv = (options.venv or scratch / "venv").resolve()
        report_progress(f"preparing the venv at {venv}")
        python = prepare_venv(venv, project)
        with database_url("postgresql", python, project) as url:
            env = project_environment(project, server_settings(options, url))
            report_progress("running the migrations")
            run_migrations(python, project, env)
            code = INSERT_SNIPPET.format(package=project.package_name, rows=ROWS)
            run_python_json(python, code, project=project, env=env)
            launcher = PROFILE_LAUNCHER.format(path=str(options.profile))
            profiler = ("-c", launcher) if options.profile else ()
            with serve(
                python,
                project,
                env=env,
                log_path=scratch / "server.log",
                uvicorn_args=("--no-access-log",),
                python_args=profiler,
            ) as server:
                report_progress(f"server live at {server.base_url}")
                measured, sessions = asyncio.run(
                    measure(server, options, lambda: established_sessions(python, project, env))
                )
        report_progress("server stopped")
        return build_report(options, project, measured, sessions)


def route_report(name: str, measured: list[tuple[Round, list[Result]]]) -> dict[str, Any]:
    """Pool one route's rounds: median throughput, latency of every request, CPU per request."""
    rounds = [round_ for round_, _ in measured]
    latencies = [r.latency_seconds for _, results in measured for r in results if r.outcome == 200]
    cpu = [round_.server_cpu_seconds for round_ in rounds]
    completed = sum(round_.completed for round_ in rounds)
    known = [seconds for seconds in cpu if seconds is not None]
    unexpected: dict[str, int] = {}
    for round_ in rounds:
        for outcome, count in round_.unexpected.items():
            unexpected[outcome] = unexpected.get(outcome, 0) + count
    return {
        "label": LABELS[name],
        "requests_per_second": statistics.median(round_.per_second for round_ in rounds),
        "latency": asdict(LatencyStats.of(latencies)),
        "server_cpu_us_per_request": sum(known) * 1e6 / completed
        if len(known) == len(cpu) and completed
        else None,
        "other_cores": [round_.other_cores for round_ in rounds],
        "unexpected": unexpected,
    }


def build_report(
    options: Options, project: RenderedProject, measured: Measured, sessions: dict[str, float]
) -> dict[str, Any]:
    """Gather everything a reader needs to judge the run into one JSON-able dict."""
    commit = run_checked(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, what="read the commit"
    ).strip()
    routes = {name: route_report(name, measured[name]) for name in PATHS}
    health_cpu = routes["health"]["server_cpu_us_per_request"]
    for report in routes.values():
        cpu = report["server_cpu_us_per_request"]
        report["cpu_ratio_to_health"] = cpu / health_cpu if cpu and health_cpu else None
    ratio = routes["me"]["cpu_ratio_to_health"]
    errors = sum(sum(report["unexpected"].values()) for report in routes.values())
    churn = sessions["new_connections_per_second"]
    return without_nan(
        {
            "machine": {
                "cores": usable_cores(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_generator": "one asyncio process, raw keep-alive GETs, same machine",
            },
            "project": {
                "package": project.package_name,
                "source": str(options.project) if options.project else "template",
                "template_commit": commit,
                "includes_uncommitted_changes": project.includes_uncommitted_changes,
            },
            "options": {
                key: str(value) if isinstance(value, Path) else value
                for key, value in asdict(options).items()
                if key not in {"venv", "project", "as_json", "check"}
            },
            "routes": routes,
            "sessions": sessions,
            "target_cpu_ratio": TARGET_CPU_RATIO,
            "max_new_connections_per_second": MAX_NEW_CONNECTIONS_PER_SECOND,
            "passed": ratio is not None
            and ratio <= TARGET_CPU_RATIO
            and churn <= MAX_NEW_CONNECTIONS_PER_SECOND
            and errors == 0,
        }
    )


def format_table(report: dict[str, Any]) -> str:
    """Render the report as the table people read."""
    machine, project, options = report["machine"], report["project"], report["options"]
    dirty = " + uncommitted changes" if project["includes_uncommitted_changes"] else ""
    lines = [
        f"Authenticated reads on PostgreSQL: {project['package']}, "
        f"template {project['template_commit']}{dirty}",
        f"{machine['cores']} cores shared by the server and the load generator; "
        f"{options['rounds']} rounds x {options['seconds']:g} s per route, "
        f"{options['connections']} connections, one worker",
        "",
        f"{'route':<34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10} "
        f"{'x health':>8}",
    ]
    for route in report["routes"].values():
        latency = route["latency"]
        lines.append(
            f"{route['label']:<34} {number(route['requests_per_second'], 0):>7} "
            f"{number(latency['p50_ms'], 2):>7} {number(latency['p99_ms'], 2):>7} "
            f"{number(route['server_cpu_us_per_request'], 0):>10} "
            f"{number(route['cpu_ratio_to_health'], 2):>8}"
        )
    sessions = report["sessions"]
    other = [core for route in report["routes"].values() for core in route["other_cores"]]
    known = [core for core in other if core is not None]
    lines += [
        "",
        f"new database connections during the rounds: {sessions['new_connections']:.0f} in "
        f"{sessions['seconds']:.0f} s ({sessions['new_connections_per_second']:.2f}/s; "
        f"target <= {report['max_new_connections_per_second']}/s)",
        f"other work on the machine during the rounds: {number(min(known), 2) if known else 'n/a'}"
        f" to {number(max(known), 2) if known else 'n/a'} cores",
    ]
    for route in report["routes"].values():
        if route["unexpected"]:
            lines.append(f"unexpected outcomes ({route['label']}): {route['unexpected']}")
    verdict = "PASS" if report["passed"] else "MISS"
    ratio = report["routes"]["me"]["cpu_ratio_to_health"]
    lines.append(
        f"target: /users/me CPU <= {report['target_cpu_ratio']:g}x /health/live, no churn; "
        f"measured {number(ratio, 2)}x: {verdict}"
    )
    return "\n".join(lines)


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
