"""Doctor's dependency check: does the project's ``.venv`` match its ``pyproject.toml``?

It compares declarations with what is installed, offline: the requirements
``uv sync`` installs by default (``[project].dependencies`` and the ``dev``
dependency group), what they require in turn, ``requires-python``, and the
project itself. The installed side comes from the project's own interpreter
(:mod:`scaffold.doctor.probes.installed_distributions`); nothing is resolved or
downloaded, so a lock file is not needed and pip-made environments work too.
"""

import tomllib
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from scaffold.doctor.probes import ProbeError, run_probe
from scaffold.doctor.result import CheckResult, Status
from scaffold.kit.install import install_instructions, venv_python

NAME = "dependencies"
#: The dependency group ``uv sync`` installs unless told otherwise.
DEFAULT_GROUP = "dev"
#: How many problems the one-line reason names before counting the rest.
_NAMED_PROBLEMS = 3
_PROBE_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Installed:
    """One installed distribution, as the probe reports it."""

    name: str
    version: str
    requires: tuple[str, ...]


def check_dependencies(project: Path) -> CheckResult:
    """Compare ``project``'s pyproject.toml with what its ``.venv`` has installed."""
    python = venv_python(project)
    fix = install_instructions()
    try:
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        return CheckResult(NAME, Status.SKIPPED, f"unknown: cannot read pyproject.toml: {error}")
    try:
        report = run_probe(
            python, "installed_distributions", cwd=project, timeout=_PROBE_TIMEOUT_SECONDS
        )
    except ProbeError as error:
        return CheckResult(NAME, Status.SKIPPED, f"unknown: {python} {error}", fix)
    environment: dict[str, str] = report["environment"]
    installed = {
        canonicalize_name(entry["name"]): Installed(
            entry["name"], entry["version"], tuple(entry["requires"])
        )
        for entry in report["distributions"]
    }
    declared = declared_requirements(pyproject)
    problems = [
        *python_problems(pyproject, environment),
        *project_problems(pyproject, installed),
        *unmet_requirements(declared, installed, environment),
    ]
    if problems:
        named = "; ".join(problems[:_NAMED_PROBLEMS])
        more = len(problems) - _NAMED_PROBLEMS
        reason = named + (f"; and {more} more" if more > 0 else "")
        return CheckResult(NAME, Status.FAIL, reason, fix)
    return CheckResult(
        NAME,
        Status.OK,
        f"the {len(declared)} requirements in pyproject.toml and theirs are installed",
    )


def declared_requirements(pyproject: Mapping[str, Any]) -> list[str]:
    """Return ``[project].dependencies`` and the ``dev`` group, groups it includes too."""
    groups: Mapping[str, Sequence[Any]] = pyproject.get("dependency-groups", {})
    requirements = list(pyproject.get("project", {}).get("dependencies", []))
    pending, included = [DEFAULT_GROUP], set()
    while pending:
        group = pending.pop()
        if group in included:
            continue
        included.add(group)
        for entry in groups.get(group, []):
            if isinstance(entry, str):
                requirements.append(entry)
            elif isinstance(entry, dict) and "include-group" in entry:
                pending.append(str(entry["include-group"]))
    return requirements


def python_problems(pyproject: Mapping[str, Any], environment: Mapping[str, str]) -> list[str]:
    """Say whether the interpreter is one ``requires-python`` allows."""
    required = pyproject.get("project", {}).get("requires-python")
    running = environment["python_full_version"]
    try:
        allowed = required is None or SpecifierSet(required).contains(running, prereleases=True)
    except InvalidSpecifier:
        return [f"requires-python {required!r} is not a version specifier"]
    return [] if allowed else [f".venv runs Python {running}, pyproject.toml requires {required}"]


def project_problems(
    pyproject: Mapping[str, Any], installed: Mapping[NormalizedName, Installed]
) -> list[str]:
    """Say whether the project itself is installed, at the version it declares."""
    table = pyproject.get("project", {})
    name = table.get("name")
    if name is None:
        return []
    found = installed.get(canonicalize_name(name))
    if found is None:
        return [f"the project itself ({name}) is not installed"]
    declared = table.get("version")
    if declared is not None and not _same_version(declared, found.version):
        return [f"the project is installed at {found.version}, pyproject.toml says {declared}"]
    return []


def unmet_requirements(
    requirements: Iterable[str],
    installed: Mapping[NormalizedName, Installed],
    environment: Mapping[str, str],
) -> list[str]:
    """Follow ``requirements`` through what they require; say what is missing or off.

    Markers are evaluated against the project's interpreter, extras followed
    (``uvicorn[standard]`` needs what uvicorn lists under ``standard``), and
    installed pre-releases accepted, as installers do once one is installed.
    """
    queue: deque[tuple[str, str, frozenset[str]]] = deque(
        (text, "pyproject.toml", frozenset({""})) for text in requirements
    )
    extras_followed: dict[str, set[str]] = {}
    problems: dict[str, None] = {}
    while queue:
        text, required_by, extras_of_parent = queue.popleft()
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            problems[f"{required_by} declares {text!r}, which is not a requirement"] = None
            continue
        if not _applies(requirement.marker, extras_of_parent, environment):
            continue
        key = canonicalize_name(requirement.name)
        found = installed.get(key)
        if found is None:
            problems[f"{requirement.name} is not installed (required by {required_by})"] = None
            continue
        if not _satisfies(found.version, requirement.specifier):
            problems[
                f"{found.name} {found.version} is installed, {required_by} requires "
                f"{requirement.specifier}"
            ] = None
        followed = extras_followed.setdefault(key, set())
        new_extras = {"", *(canonicalize_name(extra) for extra in requirement.extras)} - followed
        if new_extras:
            followed |= new_extras
            queue.extend((entry, found.name, frozenset(new_extras)) for entry in found.requires)
    return list(problems)


def _applies(marker: Marker | None, extras: frozenset[str], environment: Mapping[str, str]) -> bool:
    """Whether a requirement with ``marker`` is needed when ``extras`` are asked for.

    ``""`` stands for the distribution without extras.
    """
    if marker is None:
        return "" in extras
    return any(marker.evaluate({**environment, "extra": extra}) for extra in extras)


def _satisfies(version: str, specifier: SpecifierSet) -> bool:
    try:
        return specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return True  # a legacy version string: nothing to compare, nothing to report


def _same_version(declared: str, installed: str) -> bool:
    try:
        return Version(declared) == Version(installed)
    except InvalidVersion:
        return declared == installed
