"""``update``: a small inline template released as v1.0.0 and v2.0.0, and a project of v1."""

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, update
from scaffold.kit.git import FileChange
from scaffold.new import new
from tests.helpers import (
    NOTES,
    RENDERED_FILES,
    V1_FILES,
    build_template,
    git,
    release,
    rename_migration,
    run_ok,
    snapshot,
    write_files,
)


def commit(project: Path, message: str = "user changes") -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


def answers(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def test_update_keeps_the_users_work_and_brings_the_templates(v1_project: Path) -> None:
    notes = v1_project / "notes.txt"
    notes.write_text(notes.read_text().replace("line 1", "line 1, changed by the user"))
    (v1_project / "dropped-by-user.txt").unlink()
    write_files(v1_project, {"mine.txt": "added by the user\n"})
    commit(v1_project)

    result = update(v1_project, defaults=True)

    assert (result.from_version, result.to_version) == ("v1.0.0", "v2.0.0")
    assert result.conflicts == ()
    assert notes.read_text() == NOTES.replace("line 1", "line 1, changed by the user").replace(
        "line 8", "line 8, changed by v2"
    )
    assert (v1_project / "added.txt").read_text() == "blue\n"
    assert not (v1_project / "retired.txt").exists()
    assert not (v1_project / "dropped-by-user.txt").exists()
    assert (v1_project / "mine.txt").read_text() == "added by the user\n"
    assert answers(v1_project)["_commit"] == "v2.0.0"
    assert answers(v1_project)["color"] == "blue"
    assert result.changes == (
        FileChange("M", ".copier-answers.yml"),
        FileChange("A", "added.txt"),
        FileChange("M", "notes.txt"),
        FileChange("D", "retired.txt"),
    )
    assert git(v1_project, "log", "--format=%s").splitlines()[0] == "user changes", "not committed"


def test_data_changes_an_answer_on_the_way(v1_project: Path) -> None:
    update(v1_project, defaults=True, data={"color": "green", "database": "postgresql"})
    assert (v1_project / "added.txt").read_text() == "green\n"
    assert (v1_project / "README.md").read_text() == "# Api (api, postgresql)\n"


def test_same_lines_changed_on_both_sides_leave_conflict_markers(v1_project: Path) -> None:
    notes = v1_project / "notes.txt"
    notes.write_text(notes.read_text().replace("line 8", "line 8, changed by the user"))
    commit(v1_project)

    result = update(v1_project, defaults=True)

    assert result.conflicts == ("notes.txt",)
    content = notes.read_text()
    assert "<<<<<<< before updating\nline 8, changed by the user\n=======" in content
    assert "=======\nline 8, changed by v2\n>>>>>>> after updating" in content
    assert git(v1_project, "diff", "--name-only", "--diff-filter=U").split() == ["notes.txt"]
    assert (v1_project / "added.txt").read_text() == "blue\n", "the rest of the update applies"


def test_rej_style_leaves_the_users_rejected_change_beside_the_file(v1_project: Path) -> None:
    notes = v1_project / "notes.txt"
    notes.write_text(notes.read_text().replace("line 8", "line 8, changed by the user"))
    commit(v1_project)

    result = update(v1_project, defaults=True, conflict="rej")

    assert result.conflicts == ("notes.txt",)
    assert "line 8, changed by v2" in notes.read_text()
    assert "+line 8, changed by the user" in (v1_project / "notes.txt.rej").read_text()
    assert all(not change.path.endswith(".rej") for change in result.changes)


def test_dry_run_reports_and_changes_nothing(v1_project: Path) -> None:
    before = snapshot(v1_project)
    steps: list[str] = []
    result = update(
        v1_project,
        defaults=True,
        dry_run=True,
        on_step=lambda _n, _total, title: steps.append(title),
    )
    assert result.dry_run
    assert result.project == v1_project
    assert FileChange("A", "added.txt") in result.changes
    assert snapshot(v1_project) == before
    assert git(v1_project, "status", "--porcelain") == ""
    assert steps == ["Copying the project to a scratch clone", "Updating from v1.0.0 to v2.0.0"]


def test_update_to_an_explicit_version(v1_project: Path, released_template: Path) -> None:
    release(released_template, "v3.0.0", {"template/notes.txt": "v3\n"})
    result = update(v1_project, defaults=True, to="v2.0.0")
    assert result.to_version == "v2.0.0"
    assert answers(v1_project)["_commit"] == "v2.0.0"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"to": "v9.0.0"}, r"Unknown template version 'v9\.0\.0'.*its tags: v1\.0\.0, v2\.0\.0"),
        ({"data": {"colour": "red"}}, r"Unknown --data key 'colour'\. Valid keys: .*color"),
        ({"defaults": False}, "No terminal to ask the template's questions on: pass --defaults"),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(
    v1_project: Path, arguments: dict[str, object], message: str
) -> None:
    before = snapshot(v1_project)
    options: dict[str, object] = {"defaults": True, **arguments}
    with pytest.raises(ScaffoldError, match=message):
        update(v1_project, **options)  # type: ignore[arg-type]
    assert snapshot(v1_project) == before


def test_refuses_a_project_outside_git(v1_project: Path) -> None:
    shutil.rmtree(v1_project / ".git")
    before = snapshot(v1_project)
    with pytest.raises(ScaffoldError, match=r"is not in a git repository\. An update changes"):
        update(v1_project, defaults=True)
    assert snapshot(v1_project) == before


def test_refuses_uncommitted_changes_and_lists_them(v1_project: Path) -> None:
    (v1_project / "notes.txt").write_text("edited\n")
    write_files(v1_project, {"new/file.txt": "untracked\n"})
    before = snapshot(v1_project)
    with pytest.raises(ScaffoldError) as raised:
        update(v1_project, defaults=True)
    assert str(raised.value).splitlines() == [
        f"{v1_project} has uncommitted changes; commit or stash them first, so the update "
        "cannot mix with them:",
        "   M notes.txt",
        "  ?? new/file.txt",
    ]
    assert snapshot(v1_project) == before


def test_refuses_a_project_without_answers_file(v1_project: Path) -> None:
    git(v1_project, "rm", "--quiet", ".copier-answers.yml")
    commit(v1_project, "drop the answers")
    before = snapshot(v1_project)
    with pytest.raises(ScaffoldError, match=r"has no \.copier-answers\.yml, so there is no record"):
        update(v1_project, defaults=True)
    assert snapshot(v1_project) == before


def test_refuses_a_missing_project(workdir: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"Project not found: .* is not a directory"):
        update(workdir / "nowhere", defaults=True)


def test_refuses_when_the_projects_version_left_the_template(
    v1_project: Path, released_template: Path
) -> None:
    git(released_template, "tag", "--delete", "v1.0.0")
    with pytest.raises(ScaffoldError, match=r"The project's template version v1\.0\.0 is not in"):
        update(v1_project, defaults=True)


def test_refuses_a_template_that_is_gone(v1_project: Path, released_template: Path) -> None:
    shutil.rmtree(released_template)
    with pytest.raises(ScaffoldError, match="is not a directory on this machine"):
        update(v1_project, defaults=True)


def test_a_template_without_release_tags_needs_to(tmp_path: Path, workdir: Path) -> None:
    template = build_template(tmp_path / "template", V1_FILES)
    project = new(workdir / "api", template=template, defaults=True, install=False).path
    with pytest.raises(ScaffoldError, match=r"has no release tags .* name a git ref with --to"):
        update(project, defaults=True)


MIGRATION_SCRIPT = (
    Path(__file__).parent.parent / "scaffold" / "update_migrations" / "rename_answer.py"
)


@pytest.fixture
def renaming_template(tmp_path: Path) -> Path:
    """v2.0.0 renames the question ``author_name`` to ``maintainer``; v3.0.0 changes a file."""
    template = build_template(
        tmp_path / "template",
        {
            **RENDERED_FILES,
            "scaffold/update_migrations/rename_answer.py": MIGRATION_SCRIPT.read_text(),
            "template/AUTHORS.jinja": "{{ author_name }}\n",
        },
    )
    git(template, "tag", "v1.0.0")
    copier_yml = RENDERED_FILES["copier.yml"].replace("author_name:", "maintainer:")
    release(
        template,
        "v2.0.0",
        {
            "copier.yml": rename_migration("v2.0.0", "author_name", "maintainer") + copier_yml,
            "template/AUTHORS.jinja": "{{ maintainer }}\n",
        },
    )
    release(template, "v3.0.0", {"template/NEWS": "v3\n"})
    return template


def test_migration_carries_an_answer_to_a_renamed_question_once(
    renaming_template: Path, workdir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = new(
        workdir / "api",
        template=renaming_template,
        vcs_ref="v1.0.0",
        defaults=True,
        install=False,
        data={"author_name": "Ada"},
    ).path

    update(project, defaults=True, to="v2.0.0")
    assert (project / "AUTHORS").read_text() == "Ada\n", "without the migration: the default"
    assert answers(project)["maintainer"] == "Ada"
    assert "author_name" not in answers(project)
    commit(project)
    update(project, defaults=True, to="v3.0.0")

    assert capfd.readouterr().out.count("Renamed answer 'author_name' to 'maintainer'") == 1
    assert (project / "NEWS").read_text() == "v3\n"
    assert (project / "AUTHORS").read_text() == "Ada\n"


def test_rename_answer_is_idempotent(tmp_path: Path) -> None:
    answers_file = tmp_path / ".copier-answers.yml"
    answers_file.write_text("_commit: v1.0.0\nauthor_name: Ada\nmaintainer_email: a@b.c\n")
    command = [
        sys.executable,
        str(MIGRATION_SCRIPT),
        str(answers_file),
        "author_name",
        "maintainer",
    ]
    first = run_ok(command, tmp_path)
    second = run_ok(command, tmp_path)
    assert first == f"Renamed answer 'author_name' to 'maintainer' in {answers_file}.\n"
    assert second == f"No answer 'author_name' in {answers_file}: nothing to rename.\n"
    assert yaml.safe_load(answers_file.read_text()) == {
        "_commit": "v1.0.0",
        "maintainer_email": "a@b.c",
        "maintainer": "Ada",
    }


def test_a_failed_migration_leaves_the_project_as_it_was(
    released_template: Path, v1_project: Path
) -> None:
    failing = "_migrations:\n  - version: v3.0.0\n    command: touch half-done && exit 7\n"
    release(
        released_template,
        "v3.0.0",
        {
            "copier.yml": failing + (released_template / "copier.yml").read_text(),
            "template/notes.txt": "v3\n",
        },
    )
    before = snapshot(v1_project)
    with pytest.raises(ScaffoldError, match="exit status 7"):
        update(v1_project, defaults=True)
    assert snapshot(v1_project) == before
    assert git(v1_project, "status", "--porcelain") == ""


def test_a_project_inside_a_larger_repository_updates_in_place(
    released_template: Path, workdir: Path
) -> None:
    """A monorepo: paths are the project's own, and the rest of the repository is not touched."""
    git(workdir, "init", "--quiet")
    write_files(workdir, {"other/notes.txt": "another service\n"})
    project = new(
        workdir / "services" / "api",
        template=released_template,
        vcs_ref="v1.0.0",
        defaults=True,
        install=False,
    ).path
    commit(workdir, "add the api service")

    trial = update(project, defaults=True, dry_run=True)
    result = update(project, defaults=True)

    assert trial.changes == result.changes
    assert FileChange("A", "added.txt") in result.changes
    assert (project / "added.txt").read_text() == "blue\n"
    assert git(workdir, "status", "--porcelain", "--", "other") == ""
