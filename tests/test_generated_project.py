"""Render the real template and hold each generated project to its own checks.

Slow (minutes; installs from PyPI): ``pytest -m "not slow"`` skips them. The
projects and the virtualenv they share come from ``tests/conftest.py``.
"""

import re
from pathlib import Path

import pytest

from scaffold import cli
from scaffold.kit.install import venv_python
from tests.helpers import CHECKS, VARIANTS, git, run_ok

pytestmark = pytest.mark.slow

#: Jinja left in the output; ``${{`` is GitHub Actions' syntax, not Jinja's.
UNRENDERED = re.compile(r"(?<!\$)\{\{|\{%")
#: The mail templates the app itself renders with Jinja2 at run time.
RUNTIME_TEMPLATES = "mail/templates"


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_unrendered_jinja(generated_projects: dict[str, Path], variant: str) -> None:
    project = generated_projects[variant]
    leftovers = []
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if ".git" in relative.parts or not path.is_file():
            continue
        if path.suffix == ".jinja" or UNRENDERED.search(str(relative)):
            leftovers.append(f"{relative}: unrendered file name")
        elif RUNTIME_TEMPLATES in relative.parent.as_posix():
            continue
        elif UNRENDERED.search(path.read_text(errors="replace")):
            leftovers.append(f"{relative}: unrendered Jinja in the content")
    assert leftovers == []


#: Every check of every variant, but the default variant's test suite: that one runs
#: in `test_fresh_install_passes_its_own_tests`, in the project's own virtualenv, and
#: a second run here would repeat it (a minute of CI) without checking more.
CHECK_RUNS = [
    (variant, check)
    for variant in VARIANTS
    for check in CHECKS
    if (variant, check) != ("sqlite", "pytest")
]


@pytest.mark.parametrize(("variant", "check"), CHECK_RUNS)
def test_generated_check_passes(
    generated_projects: dict[str, Path], checks_python: Path, variant: str, check: str
) -> None:
    """Each check runs against the sources (``PYTHONPATH=src``), not an install.

    ``CI`` passes through: with ``CI=true`` the generated PostgreSQL and Redis
    tests fail instead of skipping when no server is reachable.
    """
    project = generated_projects[variant]
    run_ok([str(checks_python), *CHECKS[check]], project, env={"PYTHONPATH": "src"})


def test_fresh_install_passes_its_own_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a new user runs: ``scaffold new`` with install, then the project's tests.

    The defaults are the ``sqlite`` variant, so this is also that variant's test run.
    """
    destination = tmp_path / "my-api"
    code = cli.main(["new", str(destination), "--defaults"])
    assert code == 0, capsys.readouterr().err
    assert git(destination, "status", "--porcelain") == ""
    assert len(git(destination, "log", "--format=%H").splitlines()) == 1
    run_ok([str(venv_python(destination)), "-m", "pytest"], destination)
