"""Benchmark: what the generated app's middleware stack costs on `GET /health/live`.

Two servers run side by side from one render of this checkout: the app as
`create_app()` builds it with the default settings (request ids, request log,
security headers, error guard, request budget, body limit, idempotency; CORS
joins them once origins are configured) and the same app built with
`create_app(middleware=False)`. Same settings, same uvicorn options, one
worker each. Rounds alternate between them (full, bare, bare, full, ...), so
drifting load from other work on the machine hits both alike; each round is
one closed-loop run of raw keep-alive GETs, a client cheap enough that the
server, not the load generator, sets the pace.

Target: the full stack keeps at least 80% of the bare app's requests per
second (the median of the per-pair ratios of adjacent rounds). The server's
CPU time per request is reported too: unlike throughput, it barely depends on
what else runs on the machine. `--drop-layer NAME` adds a server running the
full stack without that one layer (repeatable), to show what each layer costs.

Usage: `python bench/middleware_overhead.py [--json] [--check] [--venv PATH]`.
"""

import argparse
import asyncio
import os
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, number, prepare_project, server_env, without_nan
from harness import (
    LOOPBACK,
    NO_MAIL_SERVER,
    REPO_ROOT,
    UNLIMITED_REQUEST_BUDGET,
    RenderedProject,
    Server,
    free_port,
    machine_busy_cpu_seconds,
    prepare_venv,
    project_environment,
    report_progress,
    run_and_report,
    run_checked,
    serve,
    usable_cores,
    workspace,
)
from load import LatencyStats, RawGetClient, Result, Window, closed_loop, summarize

PATH = "/health/live"
TARGET_RATIO = 0.80
MAX_SECONDS = 60.0
FACTORY_MODULE = "bench_factories"
DROPPED_LAYER_VARIABLE = "BENCH_DROPPED_LAYER"
# Written next to the render, never into it: the template has no benchmark code.
FACTORY_SOURCE = '''"""Benchmark factories: the app without its stack, or without one layer."""

import os

from {package}.infra.settings import get_settings
from {package}.main import create_app
from {package}.middleware.stack import middleware_stack


def create_bare_app():
    return create_app(middleware=False)


def create_app_without_layer():
    settings = get_settings()
    app = create_app(settings, middleware=False)
    dropped = os.environ["{variable}"]
    for middleware in reversed(middleware_stack(app.state.components)):
        if middleware.cls.__name__ != dropped:
            app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
    return app
'''


@dataclass(frozen=True, slots=True)
class Options:
    """What one run does, from the command line."""

    rounds: int
    seconds: float
    warmup: float
    connections: int
    dropped_layers: list[str]
    observability: bool
    venv: Path | None
    project: Path | None
    server_env: dict[str, str]
    as_json: bool
    check: bool


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of building the app, served by its own uvicorn process."""

    name: str
    label: str
    factory: str | None  # None: the project's own create_app
    extra_env: dict[str, str]


@dataclass(frozen=True, slots=True)
class Round:
    """One measurement window of one variant."""

    variant: str
    per_second: float
    completed: int
    server_cpu_seconds: float | None
    other_cores: float | None
    unexpected: dict[str, int]


@dataclass(frozen=True, slots=True)
class VariantResult:
    """Every round of one variant, summed up."""

    name: str
    label: str
    rounds: list[Round]
    latency: LatencyStats

    @property
    def per_second(self) -> float:
        """Return the median of the rounds' requests per second."""
        return statistics.median(round_.per_second for round_ in self.rounds)

    @property
    def cpu_us_per_request(self) -> float | None:
        """Return the server's CPU time per request, over all rounds."""
        cpu = [round_.server_cpu_seconds for round_ in self.rounds]
        completed = sum(round_.completed for round_ in self.rounds)
        if any(seconds is None for seconds in cpu) or completed == 0:
            return None
        return sum(seconds for seconds in cpu if seconds is not None) * 1e6 / completed

    @property
    def unexpected(self) -> dict[str, int]:
        """Return every non-200 outcome, counted over all rounds."""
        total: dict[str, int] = {}
        for round_ in self.rounds:
            for outcome, count in round_.unexpected.items():
                total[outcome] = total.get(outcome, 0) + count
        return total


def parse_options(argv: Sequence[str] | None) -> Options:
    """Read and bound the command line (a benchmark must stay short and local)."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Progress goes to stderr; the table (or --json) to stdout.",
    )
    parser.add_argument("--rounds", type=int, default=6, help="measured rounds per variant (6)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each round, s (5)")
    parser.add_argument("--warmup", type=float, default=2, help="uncounted load first, s (2)")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive clients (16)")
    parser.add_argument(
        "--drop-layer",
        action="append",
        default=[],
        metavar="NAME",
        help="also measure the full stack without this middleware class, e.g. "
        "AccessLogMiddleware (repeatable)",
    )
    parser.add_argument(
        "--observability",
        action="store_true",
        help="also measure the full stack without metrics, and with tracing on",
    )
    add_setup_options(parser, "extra setting for every server, e.g. LOGGING__LEVEL=WARNING")
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
        dropped_layers=args.drop_layer,
        observability=args.observability,
        venv=args.venv,
        project=args.project,
        server_env=server_env(parser, args.server_env),
        as_json=args.json,
        check=args.check,
    )


def server_settings(options: Options) -> dict[str, str]:
    """Return the settings both servers run with: the defaults, but for three.

    Production mode (JSON request logs, as deployed) with a random strong key,
    and a request budget no run can exhaust, so the limiter counts every
    request without ever refusing one. CORS stays off, as generated; measure
    it with `--server-env CORS__ALLOW_ORIGINS='["https://app.example.com"]'`.
    """
    return {
        "APP__ENVIRONMENT": "production",
        "SECURITY__JWT_SIGNING_KEY": secrets.token_urlsafe(48),
        **NO_MAIL_SERVER,
        **UNLIMITED_REQUEST_BUDGET,
        **options.server_env,
    }


def variants(options: Options) -> list[Variant]:
    """Return the variants to measure: full and bare, and full minus each dropped layer."""
    return [
        Variant("full", "full middleware stack", None, {}),
        Variant("bare", "no middleware", f"{FACTORY_MODULE}:create_bare_app", {}),
        *(
            Variant(
                f"without-{layer}",
                f"full without {layer.removesuffix('Middleware')}",
                f"{FACTORY_MODULE}:create_app_without_layer",
                {DROPPED_LAYER_VARIABLE: layer},
            )
            for layer in options.dropped_layers
        ),
        *(observability_variants() if options.observability else []),
    ]


def observability_variants() -> list[Variant]:
    """The full stack without its metrics layer, and with OpenTelemetry tracing on.

    The full stack counts metrics already (they are on by default). Traces go
    to a loopback port nothing listens on: every request still builds and
    batches its spans, and the background exporter's failed sends are what a
    down collector costs, a little more than a healthy one.
    """
    return [
        Variant("without-metrics", "full without metrics", None, {"METRICS__ENABLED": "false"}),
        Variant(
            "with-tracing",
            "full with tracing",
            None,
            {
                "TRACING__OTLP_ENDPOINT": f"http://{LOOPBACK}:{free_port()}",
                # Probes are left untraced by default; this one is what is measured.
                "TRACING__UNTRACED_PATHS": "/metrics",
            },
        ),
    ]


def round_order(variant_names: list[str], index: int) -> list[str]:
    """Alternate the order round by round (ABBA), so neither variant always goes first."""
    return variant_names if index % 2 == 0 else list(reversed(variant_names))


async def measure_round(
    name: str,
    server: Server,
    connections: int,
    seconds: float,
    path: str = PATH,
    headers: Mapping[str, str] | None = None,
) -> tuple[Round, list[Result]]:
    """Load one server for `seconds` with raw keep-alive GETs; return the round and its results.

    The results returned are those that finished inside the window, for latency.
    """
    port = int(server.base_url.rsplit(":", 1)[1])
    clients = [
        await RawGetClient.connect(LOOPBACK, port, path, headers) for _ in range(connections)
    ]
    try:
        window = Window.starting_in(0.0, seconds)
        server_before, machine_before = server.cpu_seconds(), machine_busy_cpu_seconds()
        generator_before = time.process_time()
        results = await closed_loop(
            lambda worker: clients[worker].send(worker),
            workers=connections,
            stop_at=window.end,
        )
        server_after, machine_after = server.cpu_seconds(), machine_busy_cpu_seconds()
        generator_cores = (time.process_time() - generator_before) / seconds
    finally:
        for client in clients:
            await client.close()
    summary = summarize(results, window, expected={200})
    server_cpu = (
        None if server_before is None or server_after is None else server_after - server_before
    )
    other = None
    if server_cpu is not None and machine_before is not None and machine_after is not None:
        machine_cores = (machine_after - machine_before) / seconds
        other = max(0.0, machine_cores - server_cpu / seconds - generator_cores)
    round_ = Round(
        variant=name,
        per_second=summary.per_second,
        completed=summary.completed,
        server_cpu_seconds=server_cpu,
        other_cores=other,
        unexpected=summary.unexpected,
    )
    return round_, [result for result in results if window.contains(result.finished_at)]


def write_factories(directory: Path, project: RenderedProject) -> Path:
    """Write the factories module the other servers import; it lives outside the project."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{FACTORY_MODULE}.py").write_text(
        FACTORY_SOURCE.format(package=project.package_name, variable=DROPPED_LAYER_VARIABLE)
    )
    return directory


async def measure(
    servers: dict[str, Server], options: Options
) -> dict[str, list[tuple[Round, list[Result]]]]:
    """Warm every server up, then run the rounds in alternating order."""
    for name, server in servers.items():
        report_progress(f"warming up {name} for {options.warmup:g} s")
        await measure_round(name, server, options.connections, options.warmup)
    measured: dict[str, list[tuple[Round, list[Result]]]] = {name: [] for name in servers}
    for index in range(options.rounds):
        order = round_order(list(servers), index)
        report_progress(f"round {index + 1}/{options.rounds}: {', '.join(order)}")
        for name in order:
            measured[name].append(
                await measure_round(name, servers[name], options.connections, options.seconds)
            )
    return measured


def summarize_variant(
    variant: Variant, measured: list[tuple[Round, list[Result]]]
) -> VariantResult:
    """Pool a variant's rounds: their throughputs, and the latency of every request in them."""
    latencies = [
        result.latency_seconds
        for _, results in measured
        for result in results
        if result.outcome == 200
    ]
    return VariantResult(
        name=variant.name,
        label=variant.label,
        rounds=[round_ for round_, _ in measured],
        latency=LatencyStats.of(latencies),
    )


def run(options: Options) -> dict[str, Any]:
    """Set up, serve every variant at once, measure, always stop the servers."""
    with workspace() as scratch:
        project = prepare_project(options.project, scratch / "project")
        venv = (options.venv or scratch / "venv").resolve()
        report_progress(f"preparing the venv at {venv}")
        python = prepare_venv(venv, project)
        factories = write_factories(scratch / "factories", project)
        settings = server_settings(options)
        measured_variants = variants(options)
        with ExitStack() as stack:
            servers: dict[str, Server] = {}
            for variant in measured_variants:
                env = project_environment(project, {**settings, **variant.extra_env})
                env["PYTHONPATH"] = os.pathsep.join((env["PYTHONPATH"], str(factories)))
                servers[variant.name] = stack.enter_context(
                    serve(
                        python,
                        project,
                        env=env,
                        log_path=scratch / f"{variant.name}.log",
                        uvicorn_args=("--no-access-log",),
                        app_factory=variant.factory,
                    )
                )
                report_progress(f"{variant.name} live at {servers[variant.name].base_url}")
            measured = asyncio.run(measure(servers, options))
        report_progress("servers stopped")
        results = {
            variant.name: summarize_variant(variant, measured[variant.name])
            for variant in measured_variants
        }
        return build_report(options, project, results)


def paired_ratios(numerator: VariantResult, denominator: VariantResult) -> list[float]:
    """Return the throughput ratio of each pair of rounds run next to each other."""
    return [
        top.per_second / bottom.per_second
        for top, bottom in zip(numerator.rounds, denominator.rounds, strict=True)
        if bottom.per_second > 0
    ]


def variant_report(result: VariantResult, bare: VariantResult) -> dict[str, Any]:
    """Return one variant's numbers, and its ratios to the bare app."""
    ratios = paired_ratios(result, bare)
    bare_cpu, cpu = bare.cpu_us_per_request, result.cpu_us_per_request
    return {
        "label": result.label,
        "requests_per_second": result.per_second,
        "rounds_per_second": [round_.per_second for round_ in result.rounds],
        "latency": asdict(result.latency),
        "server_cpu_us_per_request": cpu,
        "other_cores": [round_.other_cores for round_ in result.rounds],
        "unexpected": result.unexpected,
        "throughput_ratio_to_bare": statistics.median(ratios) if ratios else None,
        "paired_ratios": ratios,
        "cpu_ratio_to_bare": None
        if cpu is None or bare_cpu is None or cpu == 0
        else bare_cpu / cpu,
    }


def build_report(
    options: Options, project: RenderedProject, results: dict[str, VariantResult]
) -> dict[str, Any]:
    """Gather everything a reader needs to judge the run into one JSON-able dict."""
    commit = run_checked(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, what="read the commit"
    ).strip()
    bare = results["bare"]
    variants_report = {name: variant_report(result, bare) for name, result in results.items()}
    ratio = variants_report["full"]["throughput_ratio_to_bare"]
    errors = sum(sum(result.unexpected.values()) for result in results.values())
    report: dict[str, Any] = without_nan(
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
                key: value
                for key, value in asdict(options).items()
                if key not in {"venv", "project", "as_json", "check"}
            },
            "variants": variants_report,
            "target_ratio": TARGET_RATIO,
            "ratio": ratio,
            "passed": ratio is not None and ratio >= TARGET_RATIO and errors == 0,
        }
    )
    return report


def format_table(report: dict[str, Any]) -> str:
    """Render the report as the table people read."""
    machine, project, options = report["machine"], report["project"], report["options"]
    dirty = " + uncommitted changes" if project["includes_uncommitted_changes"] else ""
    lines = [
        f"Middleware overhead on GET {PATH}: {project['package']}, "
        f"template {project['template_commit']}{dirty}",
        f"{machine['cores']} cores shared by the servers and the load generator; "
        f"{options['rounds']} rounds x {options['seconds']:g} s per variant, "
        f"{options['connections']} connections, one worker each",
        "",
        f"{'variant':<30} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10} "
        f"{'ratio':>6} {'CPU ratio':>9}",
    ]
    for name, variant in report["variants"].items():
        latency = variant["latency"]
        ratio = "" if name == "bare" else number(variant["throughput_ratio_to_bare"], 3)
        cpu_ratio = "" if name == "bare" else number(variant["cpu_ratio_to_bare"], 3)
        lines.append(
            f"{variant['label']:<30} {number(variant['requests_per_second'], 0):>8} "
            f"{number(latency['p50_ms'], 2):>7} {number(latency['p99_ms'], 2):>7} "
            f"{number(variant['server_cpu_us_per_request'], 0):>10} {ratio:>6} {cpu_ratio:>9}"
        )
    other = [core for variant in report["variants"].values() for core in variant["other_cores"]]
    known = [core for core in other if core is not None]
    lines += [
        "",
        "ratio: median over adjacent round pairs of full req/s / bare req/s;",
        "CPU ratio: bare / full server CPU time per request (load-independent).",
        f"other work on the machine during the rounds: {number(min(known), 2) if known else 'n/a'}"
        f" to {number(max(known), 2) if known else 'n/a'} cores",
    ]
    for name, variant in report["variants"].items():
        if variant["unexpected"]:
            lines.append(f"unexpected outcomes ({name}): {variant['unexpected']}")
    verdict = "PASS" if report["passed"] else "MISS"
    lines.append(
        f"target: full >= {report['target_ratio']:.0%} of bare; measured "
        f"{number(report['ratio'], 3)}: {verdict}"
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
