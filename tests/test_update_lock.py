"""``scaffold update`` keeps ``uv.lock`` in step with ``pyproject.toml``.

Inline templates whose project uv locks offline (no dependencies): v1.0.0,
then v2.0.0 adding a dependency group, which the lock records.
"""

from pathlib import Path

import pytest

from scaffold import update
from scaffold.new import new
from tests.helpers import INSTALLABLE_FILES, build_template, commit_all, git, release

PYPROJECT = INSTALLABLE_FILES["template/pyproject.toml.jinja"]
#: v2's change to the dependencies: a new (empty) dependency group.
WITH_LINT_GROUP = PYPROJECT.replace("dev = []\n", "dev = []\nlint = []\n")


@pytest.fixture
def locked_v1_project(tmp_path: Path, workdir: Path) -> Path:
    """A v1.0.0 project, its lock committed; the template has a v2.0.0 too."""
    template = build_template(tmp_path / "template", INSTALLABLE_FILES)
    git(template, "tag", "v1.0.0")
    release(template, "v2.0.0", {"template/pyproject.toml.jinja": WITH_LINT_GROUP})
    project = new(
        workdir / "api", template=template, vcs_ref="v1.0.0", defaults=True, install=False
    ).path
    assert "lint" not in (project / "uv.lock").read_text()
    return project


def test_a_dependency_change_is_locked_in_the_same_update(locked_v1_project: Path) -> None:
    result = update(locked_v1_project, defaults=True)
    assert result.lock_problem is None
    assert {change.path for change in result.changes} == {
        ".copier-answers.yml",
        "pyproject.toml",
        "uv.lock",
    }
    assert "lint = []" in (locked_v1_project / "uv.lock").read_text()


def test_a_project_without_a_lock_gets_one(locked_v1_project: Path) -> None:
    git(locked_v1_project, "rm", "--quiet", "uv.lock")
    commit_all(locked_v1_project, "a project from before the lock was committed")
    result = update(locked_v1_project, defaults=True)
    assert result.lock_problem is None
    assert "uv.lock" in {change.path for change in result.changes}


def test_conflicts_in_pyproject_leave_the_lock_to_the_user(locked_v1_project: Path) -> None:
    (locked_v1_project / "pyproject.toml").write_text(
        PYPROJECT.replace("dev = []\n", "dev = []\ndocs = []\n")
    )
    commit_all(locked_v1_project, "a group of the user's where v2 adds one")
    result = update(locked_v1_project, defaults=True)
    assert result.conflicts == ("pyproject.toml",)
    assert result.lock_problem == "pyproject.toml has conflicts: resolve them, then run `uv lock`"
