from pathlib import Path

import pytest

from scaffold.kit.git import init_repository, is_inside_work_tree
from tests.helpers import git, write_files


def log(repository: Path) -> list[str]:
    return git(repository, "log", "--format=%an <%ae> %s").splitlines()


def test_init_repository_commits_everything_on_main(tmp_path: Path) -> None:
    write_files(tmp_path, {"README.md": "hi", "src/app.py": ""})
    init_repository(tmp_path, message="First", author_name="Ada", author_email="ada@example.com")
    assert git(tmp_path, "branch", "--show-current").strip() == "main"
    assert log(tmp_path) == ["Global User <global@example.com> First"]
    assert git(tmp_path, "status", "--porcelain") == ""


def test_init_repository_signs_with_the_author_without_a_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh CI runners have no user.name; the commit must not fail there."""
    empty_config = tmp_path / "empty-gitconfig"
    empty_config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty_config))
    project = tmp_path / "project"
    write_files(project, {"README.md": "hi"})
    init_repository(project, message="First", author_name="Ada", author_email="ada@example.com")
    assert log(project) == ["Ada <ada@example.com> First"]


def test_is_inside_work_tree(tmp_path: Path) -> None:
    assert not is_inside_work_tree(tmp_path / "not" / "created")
    git(tmp_path, "init", "--quiet")
    assert is_inside_work_tree(tmp_path)
    assert is_inside_work_tree(tmp_path / "not" / "created")
