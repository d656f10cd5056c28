#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2024.10.9"]
# ///
"""Developer sessions: ``nox`` runs them all, ``nox -s lint`` runs one.

Sessions use uv to build their virtualenvs when it is installed (much faster)
and virtualenv otherwise. Without nox installed, ``./noxfile.py`` (or ``uv run
noxfile.py``) runs this file as a script with nox fetched for it.
"""

import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"

#: The curated option matrix the ``generated`` session renders: the same named
#: answer sets as the slow tests' (tests/helpers.py VARIANTS says why these;
#: tests/test_noxfile.py keeps the two equal). The defaults; PostgreSQL with
#: jobs on RabbitMQ; every optional feature on (PostgreSQL, Redis as cache and
#: broker, the GitHub Actions workflow).
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
SOURCES = ("scaffold", "tests", "noxfile.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite; pass pytest options after ``--`` (e.g. ``-m "not slow"``)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", *SOURCES)
    session.run("ruff", "format", "--check", *SOURCES)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the package, the tests and this file with mypy in strict mode."""
    session.install("-e", ".[test]")
    session.run("mypy")


@nox.session
@nox.parametrize("variant", list(VARIANTS))
def generated(session: nox.Session, variant: str) -> None:
    """Generate the project for one answer set and run the project's own nox sessions.

    The project is generated outside this repository: inside it, scaffold would
    not create a git repository, and ruff would apply this repository's
    .gitignore to the generated files.
    """
    session.install("-e", ".", "nox[uv]")
    with tempfile.TemporaryDirectory(prefix="scaffold-generated-") as workdir:
        project = Path(workdir) / "my-api"
        session.run(
            "scaffold",
            "new",
            str(project),
            "--defaults",
            "--no-install",
            *(f"--data={key}={value}" for key, value in VARIANTS[variant].items()),
        )
        session.chdir(project)
        session.run("nox", *session.posargs)


if __name__ == "__main__":
    nox.main()
