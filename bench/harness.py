"""Render this checkout's template, give the project an environment, and serve it.

Benchmarks should measure what a user of the scaffold gets: the project
rendered from this repository (committed HEAD plus uncommitted changes), its own
dependencies, its own migrations, and uvicorn started the way its README says.
Nothing here knows about a particular endpoint, so every benchmark can share it.
The server runs in its own process (a load generator in the same process would
steal its event loop) and is always stopped, whatever happens.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import httpx
import yaml
from copier.errors import DirtyLocalWarning

REPO_ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
#: A per-client request budget no benchmark run can exhaust: the limiter still
#: counts every request (its cost is measured) but never refuses one, since a
#: load generator on one address would otherwise look like one abusive client.
UNLIMITED_REQUEST_BUDGET = {"RATE_LIMITS__PER_CLIENT": "1000000000/minute"}
# The generated settings' nested groups (`DATABASE__URL` sets `database.url`). A
# developer's shell may export some of them; the server must not inherit those.
SETTINGS_PREFIXES = (
    "APP__",
    "DATABASE__",
    "SECURITY__",
    "SERVER__",
    "HTTP__",
    "CORS__",
    "RATE_LIMITS__",
    "CACHE__",
    "IDEMPOTENCY__",
    "MAIL__",
    "JOBS__",
    "REDIS__",
    "LOGGING__",
)
OUTPUT_TAIL_CHARS = 4000

# A production app refuses to start without an SMTP server. Servers that are
# run here to be measured or probed send no mail, so they name one that cannot
# answer (the discard port on loopback): a message sent by mistake fails loudly.
NO_MAIL_SERVER = {"MAIL__SMTP_HOST": "127.0.0.1", "MAIL__SMTP_PORT": "9"}


class HarnessError(Exception):
    """A setup step failed; the message says which one and shows its output."""


@dataclass(frozen=True, slots=True)
class RenderedProject:
    """A project generated from the template, and what it was generated with."""

    path: Path
    package_name: str
    answers: Mapping[str, Any]
    includes_uncommitted_changes: bool


def render_project(
    destination: Path,
    options: Mapping[str, Any] | None = None,
    *,
    template: Path = REPO_ROOT,
) -> RenderedProject:
    """Render `template` into `destination` with default answers overridden by `options`.

    Copier renders HEAD plus uncommitted changes and says so with a
    `DirtyLocalWarning`; that is the point while working on the template, so the
    warning becomes a flag on the result instead of noise on the terminal.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        worker = copier.run_copy(
            str(template),
            str(destination),
            data=dict(options or {}),
            defaults=True,
            vcs_ref="HEAD",
            quiet=True,
        )
    dirty = False
    for warning in caught:
        if issubclass(warning.category, DirtyLocalWarning):
            dirty = True
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    answers = dict(worker.answers.combined)
    return RenderedProject(
        path=destination,
        package_name=str(answers["package_name"]),
        answers=answers,
        includes_uncommitted_changes=dirty,
    )


# Left behind by earlier use of a project directory; never part of a benchmark's input.
NOT_PROJECT_FILES = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.db", "*.db-*", ".*_cache", ".env"
)


def copy_project(source: Path, destination: Path) -> RenderedProject:
    """Copy an already rendered (perhaps hand-modified) project to `destination`.

    For trying a change on a render before making it in the template: the copy
    leaves out the source's venv, database and caches, so the run starts clean.
    """
    answers_file = source / ".copier-answers.yml"
    if not answers_file.is_file():
        msg = f"{source} is not a rendered project: it has no .copier-answers.yml"
        raise HarnessError(msg)
    shutil.copytree(source, destination, ignore=NOT_PROJECT_FILES)
    answers = dict(yaml.safe_load(answers_file.read_text()))
    return RenderedProject(
        path=destination,
        package_name=str(answers["package_name"]),
        answers=answers,
        includes_uncommitted_changes=False,
    )


def find_uv() -> str:
    """Return a uv executable: the one on PATH, else the one the `uv` package ships."""
    on_path = shutil.which("uv")
    if on_path is not None:
        return on_path
    try:
        import uv  # optional: needed only when no uv is on PATH

        return str(uv.find_uv_bin())
    except (ImportError, FileNotFoundError) as exc:
        msg = "uv not found: put it on PATH, `pip install uv`, or pass --venv to reuse a venv"
        raise HarnessError(msg) from exc


def venv_python(venv: Path) -> Path:
    """Return the interpreter of a virtualenv."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def prepare_venv(venv: Path, project: RenderedProject) -> Path:
    """Return the interpreter of `venv`, creating it with the project installed if missing.

    An existing environment is reused as it is: it only supplies dependencies,
    because the server runs the freshly rendered code through `PYTHONPATH` (see
    `project_environment`). Delete it when the template's dependencies change.
    """
    python = venv_python(venv)
    if python.exists():
        return python
    uv = find_uv()
    run_checked([uv, "venv", "--quiet", str(venv)], cwd=project.path, what="create the venv")
    run_checked(
        [uv, "pip", "install", "--quiet", "--python", str(python), "-e", str(project.path)],
        cwd=project.path,
        what="install the generated project",
    )
    return python


def project_environment(
    project: RenderedProject, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the environment for the project's commands and server.

    Settings variables from the caller's shell are dropped so a run depends
    only on `overrides`; `PYTHONPATH` points at the rendered sources so a
    reused venv still runs this render's code.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(SETTINGS_PREFIXES) and key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    environment["PYTHONPATH"] = str(project.path / "src")
    environment.update(overrides or {})
    return environment


def run_checked(
    command: Sequence[str],
    *,
    cwd: Path,
    what: str,
    env: Mapping[str, str] | None = None,
    timeout_seconds: float = 600,
) -> str:
    """Run `command` and return its stdout; raise `HarnessError` saying `what` failed."""
    try:
        completed = subprocess.run(
            list(command),
            cwd=cwd,
            env=None if env is None else dict(env),
            capture_output=True,
            text=True,
            timeout=timeout_seconds,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        msg = f"could not {what}: {exc}"
        raise HarnessError(msg) from exc
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr)[-OUTPUT_TAIL_CHARS:]
        msg = f"could not {what} (exit {completed.returncode}):\n{output}"
        raise HarnessError(msg)
    return completed.stdout


def run_migrations(python: Path, project: RenderedProject, env: Mapping[str, str]) -> None:
    """Bring the project's database to the latest migration with its own command."""
    run_checked(
        [str(python), "-m", project.package_name, "migrate"],
        cwd=project.path,
        env=env,
        what="run the migrations",
    )


def run_python_json(
    python: Path, code: str, *, project: RenderedProject, env: Mapping[str, str]
) -> Any:
    """Run `code` with the project's interpreter and return the JSON it prints last.

    For measurements that must happen inside the project's environment (its
    package, its dependency versions) but not inside the server process.
    """
    output = run_checked(
        [str(python), "-c", code], cwd=project.path, env=env, what="run a measurement snippet"
    )
    lines = output.strip().splitlines()
    if not lines:
        msg = "the measurement snippet printed nothing"
        raise HarnessError(msg)
    return json.loads(lines[-1])


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def usable_cores() -> int:
    """Return how many cores this process may run on (what the server may use too)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def process_cpu_seconds(pid: int) -> float | None:
    """Return user+system CPU time of process `pid` (Linux `/proc`), None elsewhere.

    Lets a benchmark report how many cores the server really used, which is
    what separates "the server is saturated" from "the client is too slow".
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # Fields 14 and 15 of proc(5) (utime, stime); index 11, 12 after the name.
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_cpu_seconds() -> float | None:
    """Return CPU time all processes have used since boot (Linux `/proc/stat`), else None.

    On a shared machine other work competes with the server and the load
    generator; the difference between this and their own CPU time shows how much.
    """
    try:
        first_line = Path("/proc/stat").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    # user nice system idle iowait irq softirq steal (guest time is already in user).
    ticks = [int(value) for value in first_line.split()[1:9]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Server:
    """A running uvicorn process serving the generated app."""

    base_url: str
    process: "subprocess.Popen[bytes]"
    log_path: Path

    def cpu_seconds(self) -> float | None:
        """Return the CPU time the server process has used so far."""
        return process_cpu_seconds(self.process.pid)


@contextmanager
def serve(
    python: Path,
    project: RenderedProject,
    *,
    env: Mapping[str, str],
    log_path: Path,
    workers: int = 1,
    uvicorn_args: Sequence[str] = (),
    startup_timeout_seconds: float = 60,
    own_serve_command: bool = False,
    app_factory: str | None = None,
    python_args: Sequence[str] = (),
    launcher: Sequence[str] = (),
) -> Iterator[Server]:
    """Run the app's factory under uvicorn on a free loopback port until the block ends.

    `app_factory` names another factory (`module:function`, importable with
    `env`) than the project's `create_app`. With `own_serve_command`, the
    project's `python -m <package> serve` starts it instead, with the server
    settings (workers, graceful shutdown) from `env`, exactly as its README
    and container image do. `python_args` go to the interpreter before the
    module it runs (a `-c` launcher then finds that module in its arguments);
    `launcher` goes before the interpreter (valgrind, to count instructions).

    The server gets its own session, so a Ctrl-C at the terminal reaches only
    this process, whose `finally` then stops the server in order.
    """
    port = free_port()
    address = ["--host", LOOPBACK, "--port", str(port)]
    command = (
        [str(python), *python_args, "-m", project.package_name, "serve", *address]
        if own_serve_command
        else [
            str(python),
            *python_args,
            "-m",
            "uvicorn",
            app_factory or f"{project.package_name}.main:create_app",
            "--factory",
            *address,
            "--workers",
            str(workers),
            *uvicorn_args,
        ]
    )
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*launcher, *command],
            cwd=project.path,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(base_url=f"http://{LOOPBACK}:{port}", process=process, log_path=log_path)
    try:
        wait_until_live(server, startup_timeout_seconds)
        yield server
    finally:
        stop(process)


def wait_until_live(server: Server, timeout_seconds: float) -> None:
    """Poll `/health/live` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + timeout_seconds
    with httpx.Client(base_url=server.base_url, timeout=2, trust_env=False) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                msg = f"the server exited with {server.process.returncode}:\n{log_tail(server)}"
                raise HarnessError(msg)
            try:
                if client.get("/health/live").status_code == httpx.codes.OK:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    msg = f"the server did not become live within {timeout_seconds:.0f} s:\n{log_tail(server)}"
    raise HarnessError(msg)


def log_tail(server: Server) -> str:
    """Return the end of the server's log, for error messages."""
    try:
        return server.log_path.read_text(errors="replace")[-OUTPUT_TAIL_CHARS:]
    except OSError:
        return "(no log)"


def stop(process: "subprocess.Popen[bytes]", grace_seconds: float = 10) -> None:
    """Ask the server to shut down gracefully; kill it if it does not within the grace."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def interrupt_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C, so the `finally` that stops the server still runs.

    By default SIGTERM ends Python without unwinding, which would leave the
    server (in its own session, out of reach of the terminal) running.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def run_and_report(
    run: Callable[[], dict[str, Any]],
    format_table: Callable[[dict[str, Any]], str],
    *,
    as_json: bool,
    check: bool,
    passed: Callable[[dict[str, Any]], bool],
) -> int:
    """Run a benchmark, print its table (or JSON) and return the exit code.

    2 when it could not run, 130 on Ctrl-C (the server is stopped either way),
    1 with `check` and a missed target, else 0.
    """
    interrupt_on_sigterm()
    try:
        report = run()
    except HarnessError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the server was stopped", file=sys.stderr)
        return 130
    print(json.dumps(report, indent=2) if as_json else format_table(report))
    return 1 if check and not passed(report) else 0


@contextmanager
def workspace() -> Iterator[Path]:
    """Yield a temporary directory for the render, the database and logs; remove it after."""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        yield Path(scratch)


def report_progress(message: str) -> None:
    """Say what the harness is doing, on stderr so `--json` output stays clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)
