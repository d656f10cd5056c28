"""Every refusal names the problem and what to do about it (the CLI's promise).

Each case provokes one error through the public API, the way a person would
meet it, and checks that the message ends with the way out.
"""

import shutil
from pathlib import Path

import pytest

from scaffold import ScaffoldError, check_update, new, update
from scaffold.kit.git import git_executable
from scaffold.kit.process import run_command
from tests.helpers import git


def refusal(error: pytest.ExceptionInfo[ScaffoldError]) -> str:
    return " ".join(str(error.value).split())


def test_a_refused_default_says_how_to_answer_it(template: Path, workdir: Path) -> None:
    """A DEST of digits derives an empty slug; without a terminal nobody can re-answer."""
    with pytest.raises(ScaffoldError) as raised:
        new(workdir / "123", template=template, defaults=True, install=False)
    assert refusal(raised).startswith("Validation error for question 'project_slug': bad slug")
    assert refusal(raised).endswith("Answer it with --data project_slug=VALUE.")


def test_an_invalid_choice_says_how_to_answer_it(template: Path, workdir: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new(workdir / "api", template=template, defaults=True, data={"database": "mysql"})
    assert refusal(raised).startswith("Invalid choice for 'database': 'mysql' is not in")
    assert refusal(raised).endswith("Answer it with --data database=VALUE.")


def test_an_invalid_answer_on_update_says_how_to_answer_it(v1_project: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        update(v1_project, defaults=True, data={"author_email": "nobody"})
    assert refusal(raised).endswith(
        "Answer it with --data author_email=VALUE. The project is back as it was committed."
    )


def test_vcs_ref_on_a_plain_directory_says_how_to_version_it(template: Path, workdir: Path) -> None:
    shutil.rmtree(template / ".git")
    with pytest.raises(ScaffoldError) as raised:
        new(workdir / "api", template=template, vcs_ref="v1.0.0", defaults=True)
    assert refusal(raised).endswith(
        "Leave out --vcs-ref to render the directory as it is, or make it a repository with "
        "a tag per version (git init, commit, git tag v1.0.0)."
    )


def test_an_unknown_version_says_what_to_name_instead(v1_project: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        update(v1_project, defaults=True, to="v9.0.0")
    assert refusal(raised).endswith(
        "(its tags: v1.0.0, v2.0.0). Name one of its tags, branches or commits instead."
    )


def test_a_template_without_history_says_how_to_give_it_one(
    v1_project: Path, released_template: Path
) -> None:
    shutil.rmtree(released_template / ".git")
    with pytest.raises(ScaffoldError) as raised:
        check_update(v1_project)
    assert refusal(raised).endswith(
        "Make it one, with a tag for the version the project came from and one for each "
        "later version (git tag v1.0.0)."
    )


def test_a_version_missing_from_the_template_says_how_to_bring_it_back(
    v1_project: Path, released_template: Path
) -> None:
    git(released_template, "tag", "--delete", "v1.0.0")
    git(released_template, "commit", "--quiet", "--allow-empty", "--message", "later")
    git(released_template, "reset", "--quiet", "--hard", "v2.0.0")
    with pytest.raises(ScaffoldError) as raised:
        check_update(v1_project)
    assert "Fetch its tags into that repository (git -C " in refusal(raised)
    assert refusal(raised).endswith(
        "or set `_commit` in .copier-answers.yml to the tag of the version the project came from."
    )


def test_a_missing_program_says_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        run_command(["no-such-program"], cwd=tmp_path)
    assert refusal(raised).endswith("Install it, or put it on PATH, then run scaffold again.")


def test_missing_git_says_where_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(ScaffoldError) as raised:
        git_executable()
    assert refusal(raised).endswith(
        "install git (https://git-scm.com/downloads), then run scaffold again."
    )


def test_a_destination_that_is_a_file_says_to_choose_another(template: Path, workdir: Path) -> None:
    (workdir / "api").write_text("")
    with pytest.raises(ScaffoldError) as raised:
        new(workdir / "api", template=template, defaults=True)
    assert refusal(raised).endswith("exists and is not a directory; choose a new directory.")


def test_a_missing_template_says_what_to_pass(workdir: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new(workdir / "api", template=workdir / "nowhere", defaults=True)
    assert refusal(raised).endswith(
        "Pass the template's directory with --template SRC, or leave the option out to use "
        "the one scaffold ships."
    )
