"""The generated Dockerfile, compose file and CI workflow, checked statically.

No Docker engine runs here, so these files cannot be built; instead each is
parsed and held to what the generated README and AGENTS.md promise: a
multi-stage, non-root image without build tools that checks its own health and
runs the documented command, installed from uv.lock; a compose stack with
migrations and every server the options call for, each with a health check; a
CI job running the nox sessions, installed from the lock, against the same
servers.
"""

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import VARIANTS

#: What may only appear in the build stage: compilers, package installers.
BUILD_TOOLS = re.compile(r"\b(pip|uv|apt-get|apk|gcc|build-essential)\b")


@dataclass
class Stage:
    """One ``FROM`` block of a Dockerfile: its name and its instructions, in order."""

    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def arguments(self, keyword: str) -> list[str]:
        return [argument for name, argument in self.instructions if name == keyword]


def dockerfile_stages(text: str) -> list[Stage]:
    """Split a Dockerfile into stages, joining continued lines and dropping comments."""
    logical = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    stages: list[Stage] = []
    for line in logical.splitlines():
        if not line.strip():
            continue
        keyword, _, argument = line.strip().partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = argument.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=words[0]))
        elif stages:
            stages[-1].instructions.append((keyword, argument.strip()))
    return stages


def exec_form(argument: str) -> list[str]:
    """Parse a ``CMD``/``HEALTHCHECK CMD`` exec form (a JSON list) into its words."""
    parsed = yaml.safe_load(argument)
    assert isinstance(parsed, list), f"not an exec-form list: {argument}"
    return [str(word) for word in parsed]


def documented_serve_command(project: Path) -> list[str]:
    """The serve command the generated README tells people to run, minus the venv path."""
    readme = (project / "README.md").read_text()
    match = re.search(r"^\.venv/bin/(python -m \S+ serve)", readme, re.MULTILINE)
    assert match, "the generated README documents no serve command"
    return shlex.split(match.group(1))


def load_yaml(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict), f"{path.name} is not a YAML mapping"
    return document


def servers(project: Path) -> set[str]:
    """The servers the project's answers call for, by their compose and CI service names."""
    answers = load_yaml(project / ".copier-answers.yml")
    needed = {"postgres"} if answers["database"] == "postgresql" else set()
    if answers.get("redis") or answers.get("broker") == "redis":
        needed.add("redis")
    if answers.get("broker") == "rabbitmq":
        needed.add("rabbitmq")
    return needed


def runs_a_worker(project: Path) -> bool:
    """Whether jobs run in worker processes (a broker server) rather than in the app."""
    broker = load_yaml(project / ".copier-answers.yml").get("broker", "in-process")
    return bool(broker != "in-process")


@pytest.mark.parametrize("variant", VARIANTS)
def test_dockerfile_is_multi_stage_non_root_and_healthy(
    generated_projects: dict[str, Path], variant: str
) -> None:
    project = generated_projects[variant]
    stages = dockerfile_stages((project / "Dockerfile").read_text())
    assert len(stages) >= 2, "build and runtime stages"
    build, runtime = stages[0], stages[-1]
    assert runtime.base.endswith("-slim"), runtime.base

    assert any("uv.lock" in copied.split() for copied in build.arguments("COPY"))
    installs = [command for command in build.arguments("RUN") if "uv sync" in command]
    assert installs, "the build stage installs with uv sync"
    for command in installs:
        assert "--locked" in command.split(), f"an install not from the lock: {command}"

    copied_from_build = [arg for arg in runtime.arguments("COPY") if f"--from={build.name}" in arg]
    assert copied_from_build, "the runtime stage takes the built virtualenv from the build stage"
    for command in runtime.arguments("RUN"):
        assert not BUILD_TOOLS.search(command), f"build tool in the runtime image: {command}"

    users = runtime.arguments("USER")
    assert users and users[-1] not in {"root", "0"}, "the image runs as a non-root user"

    (healthcheck,) = runtime.arguments("HEALTHCHECK")
    probe = " ".join(exec_form(healthcheck.split(" CMD ", 1)[1]))
    assert "/health/" in probe

    (cmd,) = runtime.arguments("CMD")
    assert exec_form(cmd) == documented_serve_command(project)


@pytest.mark.parametrize("variant", VARIANTS)
def test_compose_runs_migrations_then_the_app_with_its_servers(
    generated_projects: dict[str, Path], variant: str
) -> None:
    project = generated_projects[variant]
    package = project.name.replace("-", "_")
    services = load_yaml(project / "compose.yaml")["services"]

    workers = {"worker"} if runs_a_worker(project) else set()
    expected = {"migrate", "app"} | workers | servers(project)
    assert set(services) == expected
    for worker in workers:
        assert services[worker]["command"] == ["python", "-m", package, "worker"]

    assert services["migrate"]["command"] == ["python", "-m", package, "migrate"]
    assert services["app"]["command"] == documented_serve_command(project)
    assert services["app"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    for name, service in services.items():
        if name not in {"migrate", "worker"}:  # a one-shot job; a process with no port
            assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
    # Migrations need the database; the app needs everything else it talks to.
    for server in expected - {"migrate", "app", "worker"}:
        dependent = services["migrate"] if server == "postgres" else services["app"]
        assert dependent["depends_on"][server] == {"condition": "service_healthy"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_ci_workflow_runs_the_nox_sessions_against_real_servers(
    generated_projects: dict[str, Path], variant: str
) -> None:
    project = generated_projects[variant]
    workflow = load_yaml(project / ".github" / "workflows" / "ci.yml")
    (job,) = workflow["jobs"].values()

    assert job["env"]["CI"] == "true", "servers missing in CI must fail the tests, not skip them"
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands == ["uv sync --locked", "uv run --locked nox"]
    assert set(job.get("services", {})) == servers(project)
    for service in job.get("services", {}).values():
        assert "--health-cmd" in service["options"]

    noxfile = (project / "noxfile.py").read_text()
    for session in ("lint", "typecheck", "tests"):
        assert f"def {session}(" in noxfile
    sessions = noxfile.count("@nox.session")
    assert noxfile.count("install_locked(session)") == sessions, "each installs from uv.lock"
