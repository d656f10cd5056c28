"""Benchmark: what each way of returning a password hash's memory costs per hash.

An argon2id hash takes one 19 MiB block. glibc keeps such blocks once its
mmap threshold has risen to them (see `infra/malloc_tuning.py`), and the
ways to make it give them back (`malloc_trim`, a fixed mmap threshold) cost
CPU: every hash then faults its block's pages in afresh. This measures,
for each malloc setup, in a fresh process running the generated package's
own `PasswordHasher` (one hash per usable core at once, its default):
CPU per hash (user + system, the process's whole CPU over many hashes; the
system part is mostly page faults),
page faults per hash, and resident memory after start-up, at the peak and
once the hashes are done.

The setups run in turn, `--rounds` times each, interleaved, so a busy spell
of a shared machine spreads over all of them; the medians are reported.
Usage: `python bench/hash_memory.py [--hashes 64] [--rounds 3] [--venv PATH] [--json]`.
"""

import argparse
import platform
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The shared modules sit next to this script; run from anywhere, not only bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import add_setup_options, prepare_project, server_env
from harness import (
    REPO_ROOT,
    RenderedProject,
    prepare_venv,
    project_environment,
    report_progress,
    run_and_report,
    run_checked,
    run_python_json,
    usable_cores,
    workspace,
)

#: Each setup: whether it caps the arenas at two (`limit_arenas`), the fixed
#: mmap threshold it sets (0: glibc's dynamic one), and whether every hash is
#: followed by `release_free_memory` (`malloc_trim`), as the package does.
SETUPS: dict[str, tuple[bool, int, bool]] = {
    "glibc defaults": (False, 0, False),
    "2 arenas (before)": (True, 0, False),
    "2 arenas + mmap threshold 4 MiB": (True, 4 * 1024 * 1024, False),
    "2 arenas + malloc_trim after each hash (as generated)": (True, 0, True),
}

# Runs in the project's venv, one process per setup and round. The settings
# are the package's defaults (its argon2id parameters, its hash limit).
SNIPPET = """
import asyncio, ctypes, json, resource
from {package}.infra.malloc_tuning import limit_arenas
from {package}.infra.settings import SecuritySettings
from {package}.security import passwords
from {package}.security.passwords import PasswordHasher

if {arenas!r}:
    limit_arenas()
if {mmap_threshold!r}:
    ctypes.CDLL(None).mallopt(-3, {mmap_threshold!r})  # M_MMAP_THRESHOLD
if not {trim!r}:
    passwords.release_free_memory = lambda: None

def resident():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {{key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}}

async def main():
    settings = SecuritySettings()
    hasher = PasswordHasher(settings)
    password = "bench-hash-memory-0123456789"
    stored = await hasher.hash(password)
    started = resident()["VmRSS"]
    before = resource.getrusage(resource.RUSAGE_SELF)
    callers = 2 * settings.max_concurrent_hashes
    async def verify_in_turn():
        for _ in range({hashes} // callers):
            assert (await hasher.verify(password, stored))[0]
    await asyncio.gather(*(verify_in_turn() for _ in range(callers)))
    after = resource.getrusage(resource.RUSAGE_SELF)
    count = {hashes} // callers * callers
    memory = resident()
    print(json.dumps({{
        "limit": settings.max_concurrent_hashes,
        "cpu_ms": (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        / count * 1000,
        "system_cpu_ms": (after.ru_stime - before.ru_stime) / count * 1000,
        "faults": (after.ru_minflt - before.ru_minflt) / count,
        "start_mib": started,
        "peak_mib": memory["VmHWM"],
        "end_mib": memory["VmRSS"],
    }}))

asyncio.run(main())
"""


@dataclass(frozen=True, slots=True)
class Options:
    """What one run does, from the command line."""

    hashes: int
    rounds: int
    venv: Path | None
    project: Path | None
    server_env: dict[str, str]
    as_json: bool


def parse_options(argv: Sequence[str] | None) -> Options:
    """Read and bound the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Progress goes to stderr; the table (or --json) to stdout.",
    )
    parser.add_argument("--hashes", type=int, default=64, help="hashes per process (64)")
    parser.add_argument("--rounds", type=int, default=3, help="processes per setup (3)")
    add_setup_options(parser, "extra setting, e.g. SECURITY__MAX_CONCURRENT_HASHES=4")
    args = parser.parse_args(argv)
    if not (8 <= args.hashes <= 1000 and 1 <= args.rounds <= 20):
        parser.error("--hashes must be 8-1000, --rounds 1-20")
    settings = server_env(parser, args.server_env)
    return Options(args.hashes, args.rounds, args.venv, args.project, settings, args.json)


def measure(
    python: Path, project: RenderedProject, env: dict[str, str], options: Options
) -> dict[str, list[dict[str, float]]]:
    """Run every setup `rounds` times, interleaved; return the runs of each."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in SETUPS}
    for round_number in range(1, options.rounds + 1):
        for name, (arenas, mmap_threshold, trim) in SETUPS.items():
            report_progress(f"round {round_number}/{options.rounds}: {name}")
            code = SNIPPET.format(
                package=project.package_name,
                arenas=arenas,
                mmap_threshold=mmap_threshold,
                trim=trim,
                hashes=options.hashes,
            )
            runs[name].append(run_python_json(python, code, project=project, env=env))
    return runs


def run(options: Options) -> dict[str, Any]:
    """Set the project up and measure every setup; return the report."""
    with workspace() as scratch:
        project = prepare_project(options.project, scratch / "project")
        venv = (options.venv or scratch / "venv").resolve()
        report_progress(f"preparing the venv at {venv}")
        python = prepare_venv(venv, project)
        env = project_environment(project, options.server_env)
        runs = measure(python, project, env, options)
    commit = run_checked(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, what="read the commit"
    ).strip()
    return {
        "machine": {"cores": usable_cores(), "platform": platform.platform()},
        "template_commit": commit,
        "includes_uncommitted_changes": project.includes_uncommitted_changes,
        "options": {"hashes": options.hashes, "rounds": options.rounds, **options.server_env},
        "setups": {
            name: {key: statistics.median(run[key] for run in setup_runs) for key in setup_runs[0]}
            for name, setup_runs in runs.items()
        },
        "runs": runs,
    }


def format_table(report: dict[str, Any]) -> str:
    """Render the medians as the lines people read."""
    dirty = " + uncommitted changes" if report["includes_uncommitted_changes"] else ""
    lines = [
        f"Password hash memory, template {report['template_commit']}{dirty}: "
        f"medians of {report['options']['rounds']} processes x {report['options']['hashes']} "
        "hashes",
        f"{'setup':<54} {'limit':>5} {'CPU ms':>7} {'system':>7} {'faults':>7} "
        f"{'start':>6} {'peak':>6} {'end MiB':>7}",
    ]
    for name, setup in report["setups"].items():
        lines.append(
            f"{name:<54} {setup['limit']:>5.0f} {setup['cpu_ms']:>7.1f} "
            f"{setup['system_cpu_ms']:>7.1f} {setup['faults']:>7.0f} "
            f"{setup['start_mib']:>6.0f} {setup['peak_mib']:>6.0f} {setup['end_mib']:>7.0f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 2 when it could not run, 130 on Ctrl-C."""
    options = parse_options(argv)
    return run_and_report(
        lambda: run(options),
        format_table,
        as_json=options.as_json,
        check=False,
        passed=lambda _report: True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
