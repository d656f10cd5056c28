import subprocess
from pathlib import Path

import pytest

from scaffold import ScaffoldError, __version__, new
from scaffold.errors import CommandError
from tests.helpers import INSTALLABLE_FILES, RENDERED_FILES, build_template, git, tree, write_files


def test_new_renders_commits_and_reports_answers(template: Path, workdir: Path) -> None:
    project = new(workdir / "my-api", template=template, defaults=True, install=False)
    assert project.path == workdir / "my-api"
    assert project.package_name == "my_api"
    assert project.answers["project_slug"] == "my-api"
    assert (project.path / "README.md").read_text() == "# My Api (my-api, sqlite)\n"
    assert git(project.path, "log", "--format=%s").splitlines() == [
        f"Generate project with backend-scaffold {__version__}"
    ]
    assert git(project.path, "status", "--porcelain") == ""
    assert {path for path in tree(workdir) if ".git" not in Path(path).parts} == {
        "my-api",
        "my-api/README.md",
        "my-api/.copier-answers.yml",
        "my-api/.gitignore",
    }


def test_new_records_the_absolute_template_path(
    template: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(template.parent)
    project = new(workdir / "api", template="template", defaults=True, install=False)
    answers_file = (project.path / ".copier-answers.yml").read_text()
    assert f"_src_path: {template}\n" in answers_file


def test_explicit_data_wins_over_the_directory_name(template: Path, workdir: Path) -> None:
    project = new(
        workdir / "my-api",
        template=template,
        defaults=True,
        install=False,
        data={"project_name": "Billing", "database": "postgresql"},
    )
    assert (project.path / "README.md").read_text() == "# Billing (billing, postgresql)\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"author_email": "nobody"}, "Validation error for question 'author_email'"),
        ({"project_slug": "Bad Slug"}, "Validation error for question 'project_slug': bad slug"),
        ({"database": "mysql"}, "Invalid choice for 'database': 'mysql' is not in"),
        ({"databse": "sqlite"}, "Unknown --data key 'databse'. Valid keys: project_name,"),
    ],
)
def test_invalid_answers_are_refused_and_leave_nothing(
    template: Path, workdir: Path, data: dict[str, str], message: str
) -> None:
    with pytest.raises(ScaffoldError, match=message):
        new(workdir / "api", template=template, defaults=True, install=False, data=data)
    assert tree(workdir) == set()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"author_email": "nobody"}, "author_email must be an email address like name@example"),
        ({"author_email": "two@at@example.com"}, "author_email must be an email address"),
        ({"project_slug": "9lives"}, r"project_slug must match \^\[a-z\]"),
        ({"package_name": "my-api"}, r"package_name must match \^\[a-z\]\[a-z0-9_\]"),
        ({"project_name": "  "}, "project_name must not be empty"),
        ({"python_version": "3.9"}, "Invalid choice for 'python_version'"),
    ],
)
def test_the_real_templates_validators_refuse_bad_answers(
    workdir: Path, data: dict[str, str], message: str
) -> None:
    """The shipped copier.yml's own validators (the inline template has simpler ones)."""
    with pytest.raises(ScaffoldError, match=message):
        new(workdir / "api", defaults=True, install=False, data=data)
    assert tree(workdir) == set()


def test_without_defaults_and_terminal_it_says_what_to_pass(template: Path, workdir: Path) -> None:
    with pytest.raises(ScaffoldError, match="pass --defaults, and set answers with --data"):
        new(workdir / "api", template=template, install=False)
    assert tree(workdir) == set()


def test_not_a_template_is_refused(tmp_path: Path, workdir: Path) -> None:
    with pytest.raises(ScaffoldError, match="Not a Copier template"):
        new(workdir / "api", template=tmp_path, defaults=True, install=False)
    assert tree(workdir) == set()


def test_non_empty_destination_is_refused_without_force(template: Path, workdir: Path) -> None:
    write_files(workdir / "api", {"notes.txt": "mine"})
    with pytest.raises(ScaffoldError, match="already exists and is not empty"):
        new(workdir / "api", template=template, defaults=True, install=False)
    assert tree(workdir) == {"api", "api/notes.txt"}


def test_force_renders_over_an_existing_directory(template: Path, workdir: Path) -> None:
    write_files(workdir / "api", {"notes.txt": "mine", "README.md": "old"})
    new(workdir / "api", template=template, defaults=True, install=False, force=True)
    assert (workdir / "api" / "notes.txt").read_text() == "mine"
    assert (workdir / "api" / "README.md").read_text().startswith("# Api")


def test_head_renders_the_working_tree_not_the_newest_tag(tmp_path: Path, workdir: Path) -> None:
    """Left alone, Copier would render the newest tag, hiding the changes since."""
    template = build_template(tmp_path / "template")
    git(template, "tag", "v1.0.0")
    write_files(template, {"template/README.md.jinja": "committed after the tag\n"})
    git(template, "commit", "--quiet", "--all", "--message", "change")
    write_files(template, {"template/README.md.jinja": "not committed yet\n"})

    head = new(workdir / "head", template=template, defaults=True, install=False)
    tagged = new(
        workdir / "tagged", template=template, defaults=True, install=False, vcs_ref="v1.0.0"
    )
    assert (head.path / "README.md").read_text() == "not committed yet\n"
    assert (tagged.path / "README.md").read_text() == "# Tagged (tagged, sqlite)\n"


def test_unknown_vcs_ref_is_refused(template: Path, workdir: Path) -> None:
    with pytest.raises(
        ScaffoldError, match="Unknown template version 'v9': not a tag, branch or commit of"
    ):
        new(workdir / "api", template=template, defaults=True, install=False, vcs_ref="v9")
    assert tree(workdir) == set()


def test_vcs_ref_needs_a_git_template(tmp_path: Path, workdir: Path) -> None:
    """Copier would silently render the files as they are, whatever the ref."""
    template = tmp_path / "template"
    write_files(template, RENDERED_FILES)
    with pytest.raises(ScaffoldError, match="--vcs-ref needs a template that is a git repository"):
        new(workdir / "api", template=template, defaults=True, install=False, vcs_ref="v1")
    assert tree(workdir) == set()


def test_inside_a_repository_the_files_are_left_to_commit(template: Path, workdir: Path) -> None:
    git(workdir, "init", "--quiet")
    project = new(workdir / "services" / "api", template=template, defaults=True, install=False)
    assert not project.committed
    assert not (project.path / ".git").exists()
    assert "?? services/" in git(workdir, "status", "--porcelain")


def test_steps_are_reported_in_order(template: Path, workdir: Path) -> None:
    steps: list[tuple[int, int, str]] = []
    new(
        workdir / "api",
        template=template,
        defaults=True,
        install=False,
        on_step=lambda number, total, title: steps.append((number, total, title)),
    )
    assert steps == [
        (1, 3, "Rendering template"),
        (2, 3, "Locking dependencies (uv.lock)"),
        (3, 3, "Creating git repository"),
    ]


def test_without_install_the_lock_is_still_written_and_committed(
    tmp_path: Path, workdir: Path
) -> None:
    template = build_template(tmp_path / "template", INSTALLABLE_FILES)
    project = new(workdir / "api", template=template, defaults=True, install=False)
    assert not (project.path / ".venv").exists()
    assert "uv.lock" in git(project.path, "ls-files").splitlines()
    assert git(project.path, "status", "--porcelain") == ""


def test_install_creates_venv_migrates_and_commits_the_lock(tmp_path: Path, workdir: Path) -> None:
    template = build_template(tmp_path / "template", INSTALLABLE_FILES)
    steps: list[str] = []
    project = new(
        workdir / "api",
        template=template,
        defaults=True,
        on_step=lambda _number, _total, title: steps.append(title),
    )
    assert steps == [
        "Rendering template",
        "Installing dependencies into .venv",
        "Running database migrations",
        "Creating git repository",
    ]
    python = project.path / ".venv" / "bin" / "python"
    subprocess.run([python, "-c", "pass"], check=True)
    assert (project.path / "app.db").read_text() == "migrated"
    assert "uv.lock" in git(project.path, "ls-files").splitlines()
    assert git(project.path, "status", "--porcelain") == ""


@pytest.fixture
def failing_migration_template(tmp_path: Path) -> Path:
    """A template whose migrate command writes a database file, then fails."""
    migrate = """\
import pathlib
import sys

pathlib.Path("app.db").write_text("half-migrated")
print("could not connect to server")
sys.exit(3)
"""
    files = {**INSTALLABLE_FILES, "template/{{ package_name }}/__main__.py": migrate}
    return build_template(tmp_path / "failing-template", files)


def test_failed_migration_removes_everything_and_shows_its_output(
    failing_migration_template: Path, workdir: Path
) -> None:
    with pytest.raises(CommandError) as raised:
        new(workdir / "deep" / "api", template=failing_migration_template, defaults=True)
    message = str(raised.value)
    assert "-m api migrate` failed with exit code 3." in message
    assert "    could not connect to server" in message
    assert "If the database server is not running" in message
    assert tree(workdir) == set()


def test_failed_install_with_force_restores_the_directory(
    failing_migration_template: Path, workdir: Path
) -> None:
    write_files(workdir / "api", {"README.md": "old", "notes.txt": "mine"})
    before = tree(workdir)
    with pytest.raises(CommandError):
        new(workdir / "api", template=failing_migration_template, defaults=True, force=True)
    assert tree(workdir) == before
    assert (workdir / "api" / "README.md").read_text() == "old"
