"""Test helpers: small inline templates (as in Copier's own tests), git, the real template."""

import os
import shutil
import subprocess
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold.template.source import TEMPLATE_PATHS, default_template

#: Questions shaped like the real template's, small enough to read at a glance.
COPIER_YML = """\
_subdirectory: template
project_name:
  type: str
  default: My Backend
project_slug:
  type: str
  default: "{{ project_name.strip().lower() | regex_replace('[^a-z0-9]+', '-') }}"
  validator: >-
    {% if not (project_slug | regex_search('^[a-z][a-z0-9-]*$')) %}bad slug{% endif %}
package_name:
  type: str
  default: "{{ project_slug | replace('-', '_') }}"
author_name:
  type: str
  default: Template Author
author_email:
  type: str
  default: author@example.com
  validator: >-
    {% if '@' not in author_email %}author_email must contain @{% endif %}
database:
  type: str
  default: sqlite
  choices: [sqlite, postgresql]
"""

RENDERED_FILES = {
    "copier.yml": COPIER_YML,
    "template/README.md.jinja": "# {{ project_name }} ({{ project_slug }}, {{ database }})\n",
    "template/{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers|to_nice_yaml -}}\n",
    "template/.gitignore": ".venv/\n*.db\n",
}

#: A project uv can sync offline (no build, no dependencies) whose ``migrate``
#: command leaves a database file behind, like the real one with SQLite.
INSTALLABLE_FILES = {
    **RENDERED_FILES,
    "template/pyproject.toml.jinja": """\
[project]
name = "{{ project_slug }}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[dependency-groups]
dev = []

[tool.uv]
package = false
""",
    "template/{{ package_name }}/__init__.py": "",
    "template/{{ package_name }}/__main__.py": """\
import pathlib
import sys

if sys.argv[1:] != ["migrate"]:
    sys.exit(f"unexpected arguments {sys.argv[1:]}")
pathlib.Path("app.db").write_text("migrated")
""",
}

NOTES = "".join(f"line {number}\n" for number in range(1, 9))

#: Version v1.0.0 of a template to update from (see :func:`versioned_template`).
V1_FILES = {
    **RENDERED_FILES,
    "template/notes.txt": NOTES,
    "template/retired.txt": "v2 drops this file\n",
    "template/dropped-by-user.txt": "the user deletes this file\n",
}

#: What v2.0.0 changes: a line of notes.txt, a file the user deleted, a new file
#: answering a new question; and it removes retired.txt.
V2_CHANGES = {
    "copier.yml": COPIER_YML + "color:\n  type: str\n  default: blue\n",
    "template/notes.txt": NOTES.replace("line 8", "line 8, changed by v2"),
    "template/dropped-by-user.txt": "v2 changes the file the user deleted\n",
    "template/added.txt.jinja": "{{ color }}\n",
}
V2_REMOVED = ("template/retired.txt",)

#: import-linter's ``lint-imports`` command, for an interpreter (the package has no ``-m`` entry).
LINT_IMPORTS = [
    "-c",
    "from importlinter.cli import lint_imports_command; lint_imports_command()",
    "--no-logo",
]

#: A generated project's own checks, run from its directory (see its README).
CHECKS = {
    "pytest": ["-m", "pytest"],
    "ruff-check": ["-m", "ruff", "check", "."],
    "ruff-format": ["-m", "ruff", "format", "--check", "."],
    "mypy": ["-m", "mypy"],
    "lint-imports": LINT_IMPORTS,
}

#: Where this environment's console scripts are: scaffold, actionlint, shellcheck, zizmor.
SCRIPTS = Path(sysconfig.get_path("scripts"))

IDENTITY = ("-c", "user.name=Template Author", "-c", "user.email=author@example.com")


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity and return its output."""
    completed = subprocess.run(
        ["git", *IDENTITY, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return completed.stdout


#: Longest any single command may take (a generated project's whole suite is
#: about a minute): a hang fails its test with the output so far instead of
#: stalling the run until CI gives up.
COMMAND_TIMEOUT_SECONDS = 600


def run_command(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command (``env`` added to ours), its errors merged into its output.

    A command still running after ``COMMAND_TIMEOUT_SECONDS`` fails the test with
    what it printed so far.
    """
    try:
        return subprocess.run(
            args,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as timeout:
        output = timeout.output or ""
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
        pytest.fail(f"{' '.join(args)} still running after {timeout.timeout} s:\n{output}")


def run_ok(args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """Run a command (``env`` added to ours); on failure, fail with all its output."""
    completed = run_command(args, cwd, env)
    assert completed.returncode == 0, f"{' '.join(args)} failed:\n{completed.stdout}"
    return completed.stdout


def write_files(root: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (relative path -> content) under ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def build_template(root: Path, files: Mapping[str, str] = RENDERED_FILES) -> Path:
    """Write a template to ``root`` and commit it, so Copier treats it as git-tracked."""
    write_files(root, files)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "template")
    return root


def release(root: Path, tag: str, files: Mapping[str, str], removed: Sequence[str] = ()) -> None:
    """Commit a new version of the template at ``root`` and tag it ``tag``."""
    write_files(root, files)
    if removed:
        git(root, "rm", "--quiet", *removed)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", tag)
    git(root, "tag", tag)


def released_checkout(root: Path, tag: str) -> Path:
    """Copy this checkout's template (copier.yml, template/...) to ``root``, tagged ``tag``.

    A git repository with a release tag is what Copier updates from; the copy
    lets a test release further versions without touching the checkout.
    """
    checkout = Path(__file__).resolve().parent.parent
    for name in TEMPLATE_PATHS:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", tag)
    git(root, "tag", tag)
    return root


def versioned_template(root: Path) -> Path:
    """Build a template at ``root`` released as v1.0.0, then v2.0.0 (the newest)."""
    build_template(root, V1_FILES)
    git(root, "tag", "v1.0.0")
    release(root, "v2.0.0", V2_CHANGES, removed=V2_REMOVED)
    return root


def rename_migration(version: str, old: str, new: str) -> str:
    """Return copier.yml's ``_migrations`` running scaffold/update_migrations/rename_answer.py."""
    return f"""\
_migrations:
  - version: {version}
    when: "{{{{ _stage == 'before' }}}}"
    command:
      - "{{{{ _copier_python }}}}"
      - "{{{{ _copier_conf.src_path }}}}/scaffold/update_migrations/rename_answer.py"
      - "{{{{ _copier_conf.answers_file }}}}"
      - {old}
      - {new}
"""


#: The README's example resource, and one that points at it.
PRODUCT_FIELDS = [
    "name:str:max=120:index",
    "description:text:optional",
    "price:decimal:10,2:min=0",
    "inventory:int:min=0:default=0",
]
ORDER_FIELDS = ["product_id:fk(products)", "quantity:int:min=1", "note:str:optional:max=200"]


def commit_all(project: Path, message: str = "resource") -> None:
    """Commit everything in ``project``, as a user would before the next command."""
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under ``root`` but git's own with its content, to compare."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def tree(root: Path) -> set[str]:
    """Return every path under ``root`` (relative), to compare before and after."""
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def template_question(name: str) -> dict[str, Any]:
    """Return the real template's question ``name`` as copier.yml declares it."""
    question: dict[str, Any] = yaml.safe_load((default_template() / "copier.yml").read_text())[name]
    return question


def database_choices() -> list[str]:
    """Return the real template's ``database`` choices, so tests cover each one."""
    choices = template_question("database")["choices"]
    return [str(value) for value in (choices.values() if isinstance(choices, dict) else choices)]


#: Every ``database`` choice of the real template.
DATABASES = database_choices()

#: The curated option matrix: named answer sets the slow tests render and hold
#: to their own checks (pytest, ruff, mypy), and the noxfile's ``generated``
#: session renders too (tests/test_noxfile.py keeps the two equal and checks
#: what they cover). Each set answers every option question, so it reads as
#: what it is:
#:
#: - ``sqlite``: the defaults, what ``scaffold new --defaults`` gives a laptop;
#: - ``postgresql``: PostgreSQL without Redis (shared state in each process's
#:   memory), jobs on the RabbitMQ broker: the RabbitMQ code runs here, and
#:   two app and two worker processes share its queue
#:   (tests/test_several_workers.py);
#: - ``postgresql-redis``: every optional feature on, for several processes
#:   sharing PostgreSQL and Redis, jobs on the Redis broker
#:   (tests/test_several_instances.py), with GraphQL beside REST.
#:
#: Each set costs about a minute of CI: add one only for a new axis (so the
#: broker rides on the PostgreSQL set rather than a set of its own). SQLite
#: with Redis is not a set of its own (its code is Redis's and SQLite's, both
#: run here); tests/test_answer_combinations.py lints every combination.
#: The set with only a database changed is named after it, so tests that need
#: "the project for database D" find it as ``generated_projects[D]``.
VARIANTS: dict[str, dict[str, str]] = {
    "sqlite": {
        "database": "sqlite",
        "redis": "false",
        "broker": "in-process",
        "webhooks": "false",
        "uploads": "false",
        "social_login": "false",
        "graphql": "false",
        "github_actions": "true",
        "observability": "true",
    },
    "postgresql": {
        "database": "postgresql",
        "redis": "false",
        "broker": "rabbitmq",
        "webhooks": "false",
        "uploads": "false",
        "social_login": "false",
        "graphql": "false",
        "github_actions": "true",
        "observability": "true",
    },
    "postgresql-redis": {
        "database": "postgresql",
        "redis": "true",
        "broker": "redis",
        "webhooks": "true",
        "uploads": "true",
        "social_login": "true",
        "graphql": "true",
        "github_actions": "true",
        "observability": "true",
    },
}
