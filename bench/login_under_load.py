"""Benchmark: login throughput, and health latency while logins hash passwords.

Password hashing is slow on purpose (argon2id), so the generated app runs it
in bounded worker threads. This checks the two promises that design makes:

1. logins use the cores: throughput reaches at least 80% of
   `cores x 1000 / median hash ms` (what the hashing alone would allow);
2. the event loop stays free: `GET /health/live` p99 stays under 50 ms while
   8 clients log in as fast as they can.

One run renders the default project from this checkout, installs it in a
venv, migrates its SQLite database, serves it with uvicorn in a separate
process, and measures from one asyncio load generator on the same machine.
Usage: `python bench/login_under_load.py [--json] [--venv PATH]` (see --help).
"""

import argparse
import asyncio
import platform
import secrets
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, number, prepare_project, server_env, without_nan
from harness import (
    REPO_ROOT,
    UNLIMITED_REQUEST_BUDGET,
    HarnessError,
    RenderedProject,
    Server,
    machine_busy_cpu_seconds,
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
from load import (
    LatencyStats,
    Summary,
    Window,
    closed_loop,
    fixed_rate,
    loopback_client,
    summarize,
)

LOGIN_PATH = "/api/v1/auth/login"
REGISTER_PATH = "/api/v1/auth/register"
HEALTH_PATH = "/health/live"
HEALTH_P99_TARGET_MS = 50.0
THROUGHPUT_TARGET_FRACTION = 0.8
MAX_SECONDS = 120.0

# Runs in the bench venv, not in the server: times the generated package's own
# hasher, with the settings the server loads, while nothing else competes. Then
# `cores` verifications at once through the same hasher (and its limiter): on a
# memory-hard hash, parallel runs slow each other, which the median cannot show.
HASH_TIMING_SNIPPET = """
import asyncio, json, statistics, time
from {package}.infra.settings import get_settings
from {package}.security.passwords import PasswordHasher

async def main():
    hasher = PasswordHasher(get_settings().security)
    password = "bench-timing-password-0123456789"
    stored = await hasher.hash(password)
    hashes, verifies = [], []
    for _ in range({rounds}):
        start = time.perf_counter()
        await hasher.hash(password)
        hashes.append(time.perf_counter() - start)
        start = time.perf_counter()
        matches, _ = await hasher.verify(password, stored)
        verifies.append(time.perf_counter() - start)
        assert matches

    async def verify_in_turn():
        for _ in range({rounds}):
            await hasher.verify(password, stored)

    start = time.perf_counter()
    await asyncio.gather(*(verify_in_turn() for _ in range({cores})))
    parallel_seconds = time.perf_counter() - start
    print(json.dumps({{
        "hash_median_ms": statistics.median(hashes) * 1000,
        "verify_median_ms": statistics.median(verifies) * 1000,
        "parallel_verifies_per_second": {cores} * {rounds} / parallel_seconds,
    }}))

asyncio.run(main())
"""


@dataclass(frozen=True, slots=True)
class Options:
    """What one run does, from the command line."""

    duration: float
    warmup: float
    baseline: float
    clients: int
    users: int
    health_rate: float
    hash_rounds: int
    venv: Path | None
    project: Path | None
    server_env: dict[str, str]
    access_log: bool
    as_json: bool
    check: bool


@dataclass(frozen=True, slots=True)
class HashTiming:
    """Hashing cost outside the server: medians, and throughput on every core at once."""

    rounds: int
    hash_median_ms: float
    verify_median_ms: float
    parallel_verifies_per_second: float


@dataclass(frozen=True, slots=True)
class CpuUse:
    """Cores used on average during a window: server, load generator, everything else.

    `other_cores` is the rest of the machine (other people's work on a shared
    box); when it is high, the run measured contention, not the app.
    """

    server_cores: float | None
    generator_cores: float
    other_cores: float | None


@dataclass(frozen=True, slots=True)
class Phase:
    """One measurement window: the health probe, its own send lag, the CPU split."""

    seconds: float
    health: Summary
    probe_lag: LatencyStats
    cpu: CpuUse


@dataclass(frozen=True, slots=True)
class Check:
    """One target from the issue and whether this run met it."""

    name: str
    measured: float
    target: float
    comparison: str
    unit: str

    @property
    def passed(self) -> bool:
        """Tell whether the measured value meets the target."""
        if self.comparison == "<":
            return self.measured < self.target
        if self.comparison == ">=":
            return self.measured >= self.target
        return self.measured == self.target


def parse_options(argv: Sequence[str] | None) -> Options:
    """Read and bound the command line (a benchmark must stay short and local)."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Progress goes to stderr; the table (or --json) to stdout.",
    )
    parser.add_argument("--duration", type=float, default=10, help="login window, s (10)")
    parser.add_argument("--warmup", type=float, default=2, help="uncounted logins first, s (2)")
    parser.add_argument("--baseline", type=float, default=5, help="idle health window, s (5)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent login clients (8)")
    parser.add_argument("--users", type=int, default=8, help="accounts to register (8)")
    parser.add_argument(
        "--health-rate", type=float, default=50, help="health probes per second (50)"
    )
    parser.add_argument("--hash-rounds", type=int, default=30, help="hash timings (30)")
    parser.add_argument(
        "--access-log", action="store_true", help="keep uvicorn's access log (off by default)"
    )
    add_setup_options(
        parser,
        "extra setting for the server and the hash timing, e.g. SECURITY__MAX_CONCURRENT_HASHES=2",
    )
    args = parser.parse_args(argv)
    for name in ("duration", "warmup", "baseline"):
        if not 0 < getattr(args, name) <= MAX_SECONDS:
            parser.error(f"--{name} must be in (0, {MAX_SECONDS:.0f}] seconds")
    if not (1 <= args.clients <= 64 and 1 <= args.users <= 256 and 1 <= args.hash_rounds <= 200):
        parser.error("--clients must be 1-64, --users 1-256, --hash-rounds 1-200")
    if not 1 <= args.health_rate <= 500:
        parser.error("--health-rate must be 1-500 per second")
    return Options(
        duration=args.duration,
        warmup=args.warmup,
        baseline=args.baseline,
        clients=args.clients,
        users=args.users,
        health_rate=args.health_rate,
        hash_rounds=args.hash_rounds,
        venv=args.venv,
        project=args.project,
        server_env=server_env(parser, args.server_env),
        access_log=args.access_log,
        as_json=args.json,
        check=args.check,
    )


def server_settings(options: Options) -> dict[str, str]:
    """Return the app's settings for the run: development mode, a random signing key.

    The request budget is lifted: eight clients on one address would otherwise
    be refused (429) as one abusive client long before hashing sets the pace.
    """
    return {
        "APP__ENVIRONMENT": "development",
        "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
        **UNLIMITED_REQUEST_BUDGET,
        **options.server_env,
    }


def time_hashing(
    python: Path, project: RenderedProject, env: dict[str, str], rounds: int, cores: int
) -> HashTiming:
    """Time the generated package's hasher in its own process, before the server starts."""
    code = HASH_TIMING_SNIPPET.format(package=project.package_name, rounds=rounds, cores=cores)
    measured = run_python_json(python, code, project=project, env=env)
    return HashTiming(
        rounds=rounds,
        hash_median_ms=float(measured["hash_median_ms"]),
        verify_median_ms=float(measured["verify_median_ms"]),
        parallel_verifies_per_second=float(measured["parallel_verifies_per_second"]),
    )


async def register_users(base_url: str, count: int, password: str) -> list[str]:
    """Create `count` accounts and return their emails; any failure stops the run."""
    emails = [f"bench-user-{number}@example.com" for number in range(count)]
    async with loopback_client(base_url, connections=4) as client:
        limit = asyncio.Semaphore(4)

        async def register(email: str) -> None:
            async with limit:
                response = await client.post(
                    REGISTER_PATH, json={"email": email, "password": password}
                )
            if response.status_code != httpx.codes.CREATED:
                msg = f"registering {email} answered {response.status_code}: {response.text}"
                raise HarnessError(msg)

        await asyncio.gather(*(register(email) for email in emails))
    return emails


def cpu_clocks(server: Server) -> tuple[float | None, float, float | None]:
    """Read the server's, this process's and the whole machine's CPU time."""
    return server.cpu_seconds(), time.process_time(), machine_busy_cpu_seconds()


def cores_used(before: float | None, after: float | None, seconds: float) -> float | None:
    """Turn two CPU-time readings into average cores used (None when unknown)."""
    return None if before is None or after is None else (after - before) / seconds


async def cpu_during(server: Server, window: Window) -> CpuUse:
    """Sample CPU time at the window's edges; return the cores each party used."""
    await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
    server_before, generator_before, machine_before = cpu_clocks(server)
    await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
    server_after, generator_after, machine_after = cpu_clocks(server)
    seconds = window.seconds
    server_cores = cores_used(server_before, server_after, seconds)
    generator_cores = (generator_after - generator_before) / seconds
    machine_cores = cores_used(machine_before, machine_after, seconds)
    other_cores = (
        None
        if machine_cores is None or server_cores is None
        else max(0.0, machine_cores - server_cores - generator_cores)
    )
    return CpuUse(server_cores, generator_cores, other_cores)


async def probe_health(server: Server, window: Window, rate: float) -> Phase:
    """Probe `/health/live` at a steady rate across `window` on its own connections."""
    async with loopback_client(server.base_url, connections=32) as client:

        async def send(_number: int) -> httpx.Response:
            return await client.get(HEALTH_PATH)

        probe, cpu = await asyncio.gather(
            fixed_rate(send, rate_per_second=rate, window=window),
            cpu_during(server, window),
        )
    return Phase(
        seconds=window.seconds,
        health=summarize(probe.results, window, expected={httpx.codes.OK}),
        probe_lag=LatencyStats.of(probe.send_lag_seconds),
        cpu=cpu,
    )


async def measure_baseline(server: Server, options: Options) -> Phase:
    """Health latency with nothing else in flight: the reference for the loaded numbers."""
    return await probe_health(
        server, Window.starting_in(0.2, options.baseline), options.health_rate
    )


async def measure_under_load(
    server: Server, options: Options, emails: list[str], password: str
) -> tuple[Phase, Summary]:
    """Run the login clients and, inside their counted window, the health probe.

    The logins start `warmup` seconds before the window (connections, caches
    and the thread pool warm up uncounted) and stop when it closes.
    """
    window = Window.starting_in(options.warmup, options.duration)
    async with loopback_client(server.base_url, connections=options.clients) as client:

        async def login(worker: int) -> httpx.Response:
            email = emails[worker % len(emails)]
            return await client.post(LOGIN_PATH, json={"email": email, "password": password})

        logins, phase = await asyncio.gather(
            closed_loop(login, workers=options.clients, stop_at=window.end),
            probe_health(server, window, options.health_rate),
        )
    return phase, summarize(logins, window, expected={httpx.codes.OK})


@dataclass(frozen=True, slots=True)
class Measurements:
    """Everything one run measured."""

    cores: int
    hashing: HashTiming
    baseline: Phase
    loaded: Phase
    logins: Summary

    @property
    def login_capacity(self) -> float:
        """Return the logins per second the hashing alone would allow on every core."""
        return self.cores * 1000 / self.hashing.verify_median_ms

    @property
    def server_ms_per_login(self) -> float | None:
        """Return the server's CPU time per login (hashing included).

        CPU time, unlike throughput, barely depends on what else runs on the
        machine, so it shows what a login costs even on a busy shared box.
        """
        return self._per_login(self.loaded.cpu.server_cores, self.baseline.cpu.server_cores)

    @property
    def generator_ms_per_login(self) -> float | None:
        """Return the load generator's CPU time per login."""
        return self._per_login(self.loaded.cpu.generator_cores, self.baseline.cpu.generator_cores)

    @property
    def cpu_ceiling(self) -> float | None:
        """Return the logins per second the cores could serve at this CPU cost per login.

        An upper bound (perfect parallelism, nothing else running): when it is
        below the throughput target, no tuning of concurrency can meet it.
        """
        server, generator = self.server_ms_per_login, self.generator_ms_per_login
        if server is None or generator is None or server + generator == 0:
            return None
        return self.cores * 1000 / (server + generator)

    def _per_login(self, loaded_cores: float | None, idle_cores: float | None) -> float | None:
        """Turn cores used under load into ms per login, the idle probe's share taken out."""
        if loaded_cores is None or idle_cores is None or self.logins.per_second == 0:
            return None
        return max(0.0, loaded_cores - idle_cores) * 1000 / self.logins.per_second

    def checks(self) -> list[Check]:
        """Compare the run with the issue's targets."""
        return [
            Check(
                "login throughput",
                self.logins.per_second,
                THROUGHPUT_TARGET_FRACTION * self.login_capacity,
                ">=",
                "/s",
            ),
            Check(
                "logins / verifications 2 at once",
                self.logins.per_second / self.hashing.parallel_verifies_per_second,
                THROUGHPUT_TARGET_FRACTION,
                ">=",
                "x",
            ),
            Check(
                "health p99 during logins",
                self.loaded.health.latency.p99_ms,
                HEALTH_P99_TARGET_MS,
                "<",
                "ms",
            ),
            Check("login errors (non-200)", self.logins.unexpected_total, 0, "==", ""),
            Check("health errors", self.loaded.health.unexpected_total, 0, "==", ""),
        ]


async def measure_server(server: Server, options: Options) -> tuple[Phase, Phase, Summary]:
    """Register the accounts, then measure idle health and health under logins."""
    password = secrets.token_urlsafe(18)
    report_progress(f"registering {options.users} accounts")
    emails = await register_users(server.base_url, options.users, password)
    report_progress(f"baseline: health alone for {options.baseline:g} s")
    baseline = await measure_baseline(server, options)
    report_progress(
        f"load: {options.clients} login clients, {options.warmup:g} s warm-up "
        f"+ {options.duration:g} s measured, health probe at {options.health_rate:g}/s"
    )
    loaded, logins = await measure_under_load(server, options, emails, password)
    return baseline, loaded, logins


def run(options: Options) -> dict[str, Any]:
    """Set the project up, measure, always stop the server; return the report."""
    cores = usable_cores()
    with workspace() as scratch:
        project = prepare_project(options.project, scratch / "project")
        venv = (options.venv or scratch / "venv").resolve()
        report_progress(f"preparing the venv at {venv}")
        python = prepare_venv(venv, project)
        env = project_environment(project, server_settings(options))
        report_progress("running the migrations (SQLite)")
        run_migrations(python, project, env)
        report_progress(f"timing the password hasher ({options.hash_rounds} rounds)")
        hashing = time_hashing(python, project, env, options.hash_rounds, cores)
        uvicorn_args = () if options.access_log else ("--no-access-log",)
        log_path = scratch / "server.log"
        with serve(
            python, project, env=env, log_path=log_path, uvicorn_args=uvicorn_args
        ) as server:
            report_progress(f"server live at {server.base_url} (pid {server.process.pid})")
            baseline, loaded, logins = asyncio.run(measure_server(server, options))
        report_progress("server stopped")
        measured = Measurements(cores, hashing, baseline, loaded, logins)
        return build_report(options, project, measured)


def build_report(
    options: Options, project: RenderedProject, measured: Measurements
) -> dict[str, Any]:
    """Gather everything a reader needs to judge the run into one JSON-able dict."""
    checks = measured.checks()
    commit = run_checked(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, what="read the commit"
    ).strip()
    report: dict[str, Any] = without_nan(
        {
            "machine": {
                "cores": measured.cores,
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_generator": "one asyncio process (httpx), same machine as the server",
            },
            "project": {
                "package": project.package_name,
                "source": str(options.project) if options.project else "template",
                "database": project.answers.get("database"),
                "template_commit": commit,
                "includes_uncommitted_changes": project.includes_uncommitted_changes,
            },
            "options": {
                key: value
                for key, value in asdict(options).items()
                if key not in {"venv", "project", "as_json", "check"}
            },
            "hashing": asdict(measured.hashing),
            "login_capacity_per_second": measured.login_capacity,
            "cpu_per_login_ms": {
                "server": measured.server_ms_per_login,
                "generator": measured.generator_ms_per_login,
            },
            "cpu_ceiling_per_second": measured.cpu_ceiling,
            "baseline": asdict(measured.baseline),
            "under_load": {**asdict(measured.loaded), "logins": asdict(measured.logins)},
            "checks": [{**asdict(check), "passed": check.passed} for check in checks],
            "all_passed": all(check.passed for check in checks),
        }
    )
    return report


def latency_text(stats: dict[str, float | None]) -> str:
    """Show p50 / p95 / p99 of a latency summary."""
    return " / ".join(number(stats[key]) for key in ("p50_ms", "p95_ms", "p99_ms")) + " ms"


def cores_text(cpu: dict[str, float | None]) -> str:
    """Show who used how many cores."""
    server, generator, other = (
        number(cpu[key], 2) for key in ("server_cores", "generator_cores", "other_cores")
    )
    return f"server {server}, generator {generator}, other {other}"


def measurement_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the (measurement, value) lines of the table."""
    hashing, baseline, loaded = report["hashing"], report["baseline"], report["under_load"]
    logins, per_login = loaded["logins"], report["cpu_per_login_ms"]
    idle_max, load_max = (
        baseline["health"]["latency"]["max_ms"],
        loaded["health"]["latency"]["max_ms"],
    )
    idle_lag, load_lag = baseline["probe_lag"]["p99_ms"], loaded["probe_lag"]["p99_ms"]
    return [
        (
            "argon2id hash / verify, median",
            f"{number(hashing['hash_median_ms'])} / {number(hashing['verify_median_ms'])} ms",
        ),
        ("login capacity, cores*1000/verify", f"{number(report['login_capacity_per_second'])} /s"),
        (
            f"verify throughput, {report['machine']['cores']} at once",
            f"{number(hashing['parallel_verifies_per_second'])} /s (hashing alone, no HTTP)",
        ),
        (
            f"logins, {report['options']['clients']} clients",
            f"{number(logins['per_second'])} /s ({logins['completed']} in {loaded['seconds']:g} s)",
        ),
        ("login latency p50 / p95 / p99", latency_text(logins["latency"])),
        ("health p50 / p95 / p99, idle", latency_text(baseline["health"]["latency"])),
        ("health p50 / p95 / p99, logins", latency_text(loaded["health"]["latency"])),
        ("health max, idle / logins", f"{number(idle_max)} / {number(load_max)} ms"),
        ("probe send lag p99, idle / logins", f"{number(idle_lag)} / {number(load_lag)} ms"),
        ("CPU cores used, idle", cores_text(baseline["cpu"])),
        ("CPU cores used, logins", cores_text(loaded["cpu"])),
        (
            "CPU per login: server, generator",
            f"{number(per_login['server'])} / {number(per_login['generator'])} ms",
        ),
        (
            f"CPU-bound ceiling on {report['machine']['cores']} cores",
            f"{number(report['cpu_ceiling_per_second'])} /s",
        ),
    ]


def format_table(report: dict[str, Any]) -> str:
    """Render the report as the table people read."""
    machine, project = report["machine"], report["project"]
    dirty = " + uncommitted changes" if project["includes_uncommitted_changes"] else ""
    title = f"Login under load: {project['package']} on {project['database']}"
    source = (
        f"template {project['template_commit']}{dirty}"
        if project["source"] == "template"
        else f"copy of {project['source']}"
    )
    lines = [
        f"{title}, {source}",
        f"{machine['cores']} cores, shared by the server and the load generator",
        f"({machine['load_generator']})",
        "",
        f"{'measurement':<36} value",
        *(f"{name:<36} {value}" for name, value in measurement_rows(report)),
        "",
        f"{'target':<36} {'measured':>10} {'target':>14}  result",
    ]
    for check in report["checks"]:
        measured = check["measured"]
        shown = number(measured) if isinstance(measured, float) or measured is None else measured
        target = f"{check['comparison']} {check['target']:.4g} {check['unit']}".rstrip()
        verdict = "PASS" if check["passed"] else "MISS"
        lines.append(f"{check['name']:<36} {shown:>10} {target:>14}  {verdict}")
    lines += [
        f"unexpected {kind} outcomes ({phase_name}): {phase[kind]['unexpected']}"
        for phase_name, phase in (("idle", report["baseline"]), ("logins", report["under_load"]))
        for kind in ("health", "logins")
        if kind in phase and phase[kind]["unexpected"]
    ]
    lines.append("probe send lag: how late the generator itself sent a probe (its own delay).")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 2 when it could not run, 1 with --check and a miss, 130 on Ctrl-C."""
    options = parse_options(argv)
    return run_and_report(
        lambda: run(options),
        format_table,
        as_json=options.as_json,
        check=options.check,
        passed=lambda report: bool(report["all_passed"]),
    )


if __name__ == "__main__":
    raise SystemExit(main())
