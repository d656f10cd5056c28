#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox[uv]>=2025.2.9"]
# ///
"""Developer sessions: `nox` runs lint, typecheck and tests; `nox -s tests` runs one.

Each session installs the project and its `dev` dependency group at the versions
`uv.lock` pins (`uv sync --locked`), as CI and the container image do: what is
checked here is what ships. A `pyproject.toml` changed without `uv lock` fails
the install, with uv saying so. nox comes with the dev group (`.venv/bin/nox`);
without it, `./noxfile.py` runs this file with nox fetched for it.
"""

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv"


def install_locked(session: nox.Session) -> None:
    """Install the project and its dev group into the session, as `uv.lock` pins them."""
    session.run_install(
        "uv",
        "sync",
        "--locked",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (pass pytest options after `--`)."""
    install_locked(session)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and the layering with import-linter."""
    install_locked(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports", "--no-logo")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the package and the tests with mypy in strict mode."""
    install_locked(session)
    session.run("mypy")


if __name__ == "__main__":
    nox.main()
