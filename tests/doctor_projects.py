"""Small projects for ``scaffold doctor``'s tests: a ``.venv`` in milliseconds, Alembic inline.

Doctor runs the project's own ``.venv/bin/python``. Installing real packages
would be slow and need the network, so :func:`give_venv` makes a bare venv
that also sees this test environment's packages (pytest, Alembic,
SQLAlchemy, PyYAML...) through a ``.pth`` file, as a project's own would.
"""

import sys
import sysconfig
from pathlib import Path

from scaffold.kit.install import find_uv, venv_python
from tests.helpers import run_ok, write_files

#: Prints where a venv's interpreter installs pure-Python packages.
PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"

#: A minimal Alembic setup on SQLite; the URL sits in alembic.ini.
ALEMBIC_FILES = {
    "alembic.ini": "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n",
    "migrations/env.py": """\
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
""",
}


def give_venv(project: Path, sharing: Path | None = None) -> Path:
    """Create ``project/.venv`` seeing the packages of ``sharing``; return its python.

    ``sharing`` is another virtualenv's interpreter of the same Python version
    (default: this test environment's).
    """
    uv = find_uv()
    assert uv is not None, "the uv package ships a uv binary for this platform"
    venv = project / ".venv"
    run_ok([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], project)
    python = venv_python(project)
    shared = (
        sysconfig.get_paths()["purelib"]
        if sharing is None
        else run_ok([str(sharing), "-c", PURELIB], project).strip()
    )
    purelib = Path(run_ok([str(python), "-c", PURELIB], project).strip())
    (purelib / "shared-environment.pth").write_text(shared + "\n")
    return python


def lock(project: Path) -> None:
    """Write ``project/uv.lock`` for its pyproject.toml, as ``scaffold new`` does."""
    uv = find_uv()
    assert uv is not None, "the uv package ships a uv binary for this platform"
    run_ok([uv, "lock", "--quiet"], project)


def mark_installed(project: Path, name: str, version: str) -> None:
    """Record a distribution as installed in ``project/.venv``, without any code."""
    purelib = Path(run_ok([str(venv_python(project)), "-c", PURELIB], project).strip())
    info = purelib / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")


def revision(revision_id: str, down_revision: str | None) -> dict[str, str]:
    """An empty Alembic revision script, as a file to write into a project."""
    return {
        f"migrations/versions/{revision_id}.py": (
            f"revision = {revision_id!r}\ndown_revision = {down_revision!r}\n"
            "branch_labels = None\ndepends_on = None\n\n\n"
            "def upgrade() -> None:\n    pass\n\n\n"
            "def downgrade() -> None:\n    pass\n"
        )
    }


def alembic_project(project: Path, *revisions: dict[str, str]) -> None:
    """Write the Alembic setup and ``revisions`` (from :func:`revision`) into ``project``."""
    write_files(project, ALEMBIC_FILES)
    for files in revisions:
        write_files(project, files)


#: Conventions tests that pass, and one that fails naming its convention.
PASSING_CONVENTIONS = {
    "tests/conventions/test_rules.py": "def test_routes_are_versioned() -> None:\n    pass\n"
}
VIOLATED_CONVENTION = {
    "tests/conventions/test_envelope.py": (
        "def test_bodies_use_the_envelope() -> None:\n"
        '    assert False, "convention RESP-ENVELOPE violated: GET /api/v1/things"\n'
    )
}

PYPROJECT = """\
[project]
name = "api"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["pyyaml>=6"]

[dependency-groups]
dev = ["pytest>=8"]
"""


def make_healthy(project: Path) -> None:
    """Give a generated ``project`` everything doctor looks at, all in order.

    A pyproject.toml its ``uv.lock`` and ``.venv`` satisfy (the project itself
    recorded as installed), migrations applied to its SQLite database, and a
    passing conventions suite.
    """
    write_files(project, {"pyproject.toml": PYPROJECT, **PASSING_CONVENTIONS})
    lock(project)
    alembic_project(project, revision("a1", None))
    python = give_venv(project)
    mark_installed(project, "api", "0.1.0")
    run_ok([str(python), "-m", "alembic", "upgrade", "head"], project)
