"""Developer sessions: `nox` runs lint, typecheck and tests; `nox -s tests` runs one.

Each session installs the project with its `dev` dependency group, using uv
when it is available (much faster) and virtualenv otherwise.
"""

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
DEV = nox.project.dependency_groups(PYPROJECT, "dev")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (pass pytest options after `--`)."""
    session.install("-e", ".", *DEV)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and the layering with import-linter."""
    session.install(*DEV)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    # The contracts read the package's sources; it need not be installed.
    session.run("lint-imports", "--no-logo", env={"PYTHONPATH": "src"})


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the package and the tests with mypy in strict mode."""
    session.install("-e", ".", *DEV)
    session.run("mypy")
