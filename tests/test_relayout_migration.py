"""The relayout migration: a user's edits to moved modules, and imports of them, survive an update.

A tiny template moves ``core/`` modules in v0.2.0, with the real copier.yml
migration entries pointed at a tiny layout table; the real Copier updates
projects generated from it (in-process, as ``scaffold update`` runs it).
"""

import shutil
import sys
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml

from scaffold import new, update
from scaffold.errors import ScaffoldError
from scaffold.update_migrations import relayout, run
from scaffold.update_migrations.git_plumbing import MigrationError
from scaffold.update_migrations.layouts import Layout
from scaffold.update_migrations.moved_files import capture, carry, stash_directory
from scaffold.update_migrations.old_render import render_previous_version
from scaffold.update_migrations.project_imports import rewrite_project_imports
from tests.helpers import COPIER_YML, RENDERED_FILES, git, release, snapshot, write_files

CHECKOUT = Path(__file__).resolve().parent.parent
MIGRATIONS = CHECKOUT / "scaffold" / "update_migrations"
PACKAGE = "my_backend"
SOURCE = f"src/{PACKAGE}"
PACKAGE_TEMPLATE = "template/src/{{ package_name }}"

TINY_LAYOUT = Layout(
    modules={
        "core.config": "infra.settings",
        "core.clock": "infra.clock",
        "core.extras": "infra.extras",
        "core.errors": "errors",
    },
    names={},
    files={
        "core/config.py": "infra/settings.py",
        "core/clock.py": "infra/clock.py",
        "core/extras.py": "infra/extras.py",
        "core/errors.py": "errors.py",
    },
)

CLOCK = '"""The clock."""\n\n\ndef now() -> int:\n    """Return the time."""\n    return 0\n'
ERRORS = '"""Errors."""\n\n\nclass AppError(Exception):\n    """Any error of the app."""\n'
CONFIG_V1 = '''\
"""Settings of the app."""

from .clock import now
from .errors import AppError

LIMIT = 10
TIMEOUT_SECONDS = 5
RETRIES = 3
GREETING = "hello"


def check(value: int) -> int:
    """Refuse values over the limit."""
    if value > LIMIT:
        raise AppError(now())
    return value
'''
CONFIG_V2 = CONFIG_V1.replace(
    "from .clock import now\nfrom .errors import AppError\n",
    "from ..errors import AppError\nfrom .clock import now\n",
).replace('GREETING = "hello"', 'GREETING = "hello, world"')
DOUBLED = '''

def doubled(value: int) -> int:
    """Twice the value, checked."""
    return check(value) * 2
'''

USER_ROUTE = '''\
"""Things."""

from ..core.config import LIMIT
from ..models import Thing

LIMITED = (LIMIT, Thing)
'''
USER_TEST = f"""\
from {PACKAGE}.core.config import LIMIT

from .helpers import helper

USED = (LIMIT, helper)
"""


def tiny_layout_module() -> str:
    tables = {
        "MODULE_MOVES": dict(TINY_LAYOUT.modules),
        "NAME_MOVES": dict(TINY_LAYOUT.names),
        "FILE_MOVES": dict(TINY_LAYOUT.files),
    }
    return "".join(f"{name} = {value!r}\n" for name, value in tables.items())


def tiny_migrations() -> str:
    """The real copier.yml ``_migrations``, pointed at the tiny layout."""
    entries = yaml.safe_load((CHECKOUT / "copier.yml").read_text())["_migrations"]
    for entry in entries:
        entry["command"] = [
            "layout_tiny" if part == "layout_0_2_0" else part for part in entry["command"]
        ]
    return yaml.safe_dump({"_migrations": entries}, sort_keys=False)


@pytest.fixture
def moving_template(tmp_path: Path) -> Path:
    """v0.1.0 keeps modules in ``core/``; v0.2.0 moves them as ``TINY_LAYOUT`` says."""
    template = tmp_path / "template"
    scripts = {
        f"scaffold/update_migrations/{path.name}": path.read_text()
        for path in MIGRATIONS.glob("*.py")
    }
    write_files(
        template,
        {
            **RENDERED_FILES,
            "copier.yml": COPIER_YML + tiny_migrations(),
            **scripts,
            "scaffold/update_migrations/layout_tiny.py": tiny_layout_module(),
            f"{PACKAGE_TEMPLATE}/__init__.py": "",
            f"{PACKAGE_TEMPLATE}/core/__init__.py": "",
            f"{PACKAGE_TEMPLATE}/core/clock.py": CLOCK,
            f"{PACKAGE_TEMPLATE}/core/config.py": CONFIG_V1,
            f"{PACKAGE_TEMPLATE}/core/extras.py": "EXTRA = 1\n",
            f"{PACKAGE_TEMPLATE}/core/errors.py": ERRORS,
        },
    )
    git(template, "init", "--quiet", "--initial-branch=main")
    git(template, "add", "--all")
    git(template, "commit", "--quiet", "--message", "v0.1.0")
    git(template, "tag", "v0.1.0")
    release(
        template,
        "v0.2.0",
        {
            f"{PACKAGE_TEMPLATE}/infra/__init__.py": "",
            f"{PACKAGE_TEMPLATE}/infra/clock.py": CLOCK,
            f"{PACKAGE_TEMPLATE}/infra/settings.py": CONFIG_V2,
            f"{PACKAGE_TEMPLATE}/infra/extras.py": "EXTRA = 1\n",
            f"{PACKAGE_TEMPLATE}/errors.py": ERRORS,
        },
        removed=[
            f"{PACKAGE_TEMPLATE}/core/{name}"
            for name in ("__init__.py", "clock.py", "config.py", "extras.py", "errors.py")
        ],
    )
    return template


def edit(project: Path, path: str, old: str, new: str) -> None:
    target = project / path
    text = target.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    target.write_text(text.replace(old, new))


def commit(project: Path) -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "user changes")


def generate_v0_1_0(template: Path, destination: Path) -> Path:
    """Generate a project from ``template`` at v0.1.0 (committed, unless inside a repository)."""
    return new(
        destination,
        template=template,
        vcs_ref="v0.1.0",
        defaults=True,
        install=False,
        data={"package_name": PACKAGE},
    ).path


@pytest.fixture
def edited_project(moving_template: Path, workdir: Path) -> Path:
    """A v0.1.0 project whose user edited, deleted and imported moved modules, committed."""
    project = generate_v0_1_0(moving_template, workdir / "api")
    edit(project, f"{SOURCE}/core/config.py", "LIMIT = 10", "LIMIT = 25")
    edit(project, f"{SOURCE}/core/config.py", "import now\n", "import now, today\n")
    with (project / SOURCE / "core/config.py").open("a") as config:
        config.write(DOUBLED)
    (project / SOURCE / "core/extras.py").unlink()
    write_files(
        project, {f"{SOURCE}/routes/things.py": USER_ROUTE, "tests/test_things.py": USER_TEST}
    )
    commit(project)
    return project


def expected_settings() -> str:
    return (
        CONFIG_V2.replace("LIMIT = 10", "LIMIT = 25").replace("import now\n", "import now, today\n")
        + DOUBLED
    )


def test_update_carries_edits_to_new_paths_and_rewrites_imports(
    edited_project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    result = update(edited_project, to="v0.2.0", defaults=True)

    package = edited_project / SOURCE
    assert result.conflicts == ()
    assert (package / "infra/settings.py").read_text() == expected_settings()
    assert (package / "infra/clock.py").read_text() == CLOCK, "unedited: the new version's"
    assert (package / "errors.py").read_text() == ERRORS
    assert not (package / "infra/extras.py").exists(), "deleted by the user: stays deleted"
    assert not (package / "core").exists()
    assert (package / "routes/things.py").read_text() == USER_ROUTE.replace(
        "from ..core.config import LIMIT\nfrom ..models import Thing\n",
        "from ..infra.settings import LIMIT\nfrom ..models import Thing\n",
    )
    assert (edited_project / "tests/test_things.py").read_text() == USER_TEST.replace(
        f"{PACKAGE}.core.config", f"{PACKAGE}.infra.settings"
    )
    assert git(edited_project, "diff", "--cached", "--name-only") == "", "nothing left staged"
    assert not stash_directory(edited_project).exists()
    output = capfd.readouterr().out
    assert (
        "Your edits, carried to the module's new home:\n"
        f"  {SOURCE}/core/config.py -> {SOURCE}/infra/settings.py\n"
    ) in output
    assert f"Deleted by you, so deleted at the new home too:\n  {SOURCE}/core/extras.py" in output
    assert f"  {SOURCE}/routes/things.py\n  tests/test_things.py\n" in output


def test_plain_copier_update_gives_the_same_project(edited_project: Path, tmp_path: Path) -> None:
    with_copier = tmp_path / "with-copier"
    git(tmp_path, "clone", "--quiet", str(edited_project), str(with_copier))

    update(edited_project, to="v0.2.0", defaults=True)
    copier.run_update(
        with_copier, vcs_ref="v0.2.0", defaults=True, overwrite=True, unsafe=True, quiet=True
    )

    assert snapshot(with_copier) == snapshot(edited_project)
    assert git(with_copier, "status", "--porcelain") == git(edited_project, "status", "--porcelain")


def test_a_project_in_a_subdirectory_of_a_repository_updates_the_same(
    moving_template: Path, tmp_path: Path
) -> None:
    repository = tmp_path / "monorepo"
    repository.mkdir()
    git(repository, "init", "--quiet", "--initial-branch=main")
    project = generate_v0_1_0(moving_template, repository / "services" / "api")
    edit(project, f"{SOURCE}/core/config.py", "LIMIT = 10", "LIMIT = 25")
    commit(project)

    result = update(project, to="v0.2.0", defaults=True)

    assert result.conflicts == ()
    assert "LIMIT = 25" in (project / SOURCE / "infra/settings.py").read_text()
    assert git(repository, "diff", "--cached", "--name-only") == "", "nothing left staged"
    assert not stash_directory(project).exists()


@pytest.fixture
def conflicting_project(edited_project: Path) -> Path:
    """The edited project, with an edit to a line v0.2.0 changes too."""
    edit(edited_project, f"{SOURCE}/core/config.py", 'GREETING = "hello"', 'GREETING = "hi"')
    commit(edited_project)
    return edited_project


def test_a_conflicting_edit_is_left_between_copiers_markers(conflicting_project: Path) -> None:
    result = update(conflicting_project, to="v0.2.0", defaults=True)

    settings = f"{SOURCE}/infra/settings.py"
    assert result.conflicts == (settings,)
    text = (conflicting_project / settings).read_text()
    assert (
        '<<<<<<< before updating\nGREETING = "hi"\n=======\n'
        'GREETING = "hello, world"\n>>>>>>> after updating\n'
    ) in text
    assert "LIMIT = 25" in text, "the edits that merge are merged"
    assert git(conflicting_project, "diff", "--name-only", "--diff-filter=U") == settings + "\n"


def test_a_conflicting_edit_goes_to_a_rej_file_with_conflict_rej(
    conflicting_project: Path,
) -> None:
    result = update(conflicting_project, to="v0.2.0", defaults=True, conflict="rej")

    settings = conflicting_project / SOURCE / "infra/settings.py"
    assert result.conflicts == (f"{SOURCE}/infra/settings.py",)
    assert settings.read_text() == expected_settings(), "the template's side of the conflict"
    rejected = settings.with_name("settings.py.rej").read_text()
    assert '-GREETING = "hello, world"\n+GREETING = "hi"\n' in rejected
    assert not list(conflicting_project.rglob("config.py.rej")), "nothing left at the old path"


def test_a_new_path_taken_by_a_users_file_stops_the_update(
    edited_project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    write_files(edited_project, {f"{SOURCE}/errors.py": "MINE = 1\n"})
    commit(edited_project)

    with pytest.raises(ScaffoldError, match="The project is back as it was committed"):
        update(edited_project, to="v0.2.0", defaults=True)

    assert (
        f"{SOURCE}/errors.py exists, and this version of the template moves "
        f"{SOURCE}/core/errors.py there. Rename your {SOURCE}/errors.py, commit, and update again."
    ) in capfd.readouterr().err
    assert git(edited_project, "status", "--porcelain") == ""


def test_a_package_still_holding_modules_of_the_users_keeps_its_init(
    edited_project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    money = "from .config import LIMIT\n\nCENTS = LIMIT * 100\n"
    write_files(edited_project, {f"{SOURCE}/core/money.py": money})
    commit(edited_project)

    update(edited_project, to="v0.2.0", defaults=True)

    core = edited_project / SOURCE / "core"
    assert sorted(path.name for path in core.iterdir()) == ["__init__.py", "money.py"]
    assert (core / "money.py").read_text() == money.replace(".config", "..infra.settings")
    assert (
        "Kept, as modules of yours are still beside them (move those):\n"
        f"  {SOURCE}/core/__init__.py\n"
    ) in capfd.readouterr().out


def answers(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def test_a_taken_path_is_refused_before_anything_changes(
    edited_project: Path, tmp_path: Path
) -> None:
    write_files(edited_project, {f"{SOURCE}/errors.py": "MINE = 1\n"})
    commit(edited_project)
    previous = render_previous_version(
        answers(edited_project), ".copier-answers.yml", tmp_path / "previous"
    )

    with pytest.raises(MigrationError, match=f"{SOURCE}/errors.py exists"):
        capture(edited_project, PACKAGE, TINY_LAYOUT, previous)

    assert git(edited_project, "status", "--porcelain") == ""
    assert not stash_directory(edited_project).exists()


def test_each_stage_is_idempotent(edited_project: Path, tmp_path: Path) -> None:
    previous = render_previous_version(
        answers(edited_project), ".copier-answers.yml", tmp_path / "previous"
    )
    captured = capture(edited_project, PACKAGE, TINY_LAYOUT, previous)
    stash = stash_directory(edited_project)
    kept, index = snapshot(stash), git(edited_project, "ls-files", "--stage")

    assert capture(edited_project, PACKAGE, TINY_LAYOUT, previous) == captured
    assert (snapshot(stash), git(edited_project, "ls-files", "--stage")) == (kept, index)
    assert [move.new for move in captured.edited] == [f"{SOURCE}/infra/settings.py"]
    assert git(edited_project, "diff", "--cached", "--name-only") == f"{SOURCE}/core/config.py\n"

    # What Copier does in between: render the new version, remove the old files.
    shutil.rmtree(edited_project / SOURCE / "core")
    write_files(edited_project, {f"{SOURCE}/infra/settings.py": CONFIG_V2})
    carried = carry(edited_project, TINY_LAYOUT, "inline")
    moves = TINY_LAYOUT.moves(PACKAGE)
    rewritten = rewrite_project_imports(edited_project, SOURCE, moves)
    after = snapshot(edited_project)

    assert [move.new for move in carried.merged] == [f"{SOURCE}/infra/settings.py"]
    assert rewritten.modules == [f"{SOURCE}/routes/things.py", "tests/test_things.py"]
    assert carry(edited_project, TINY_LAYOUT, "inline") == type(carried)()
    assert rewrite_project_imports(edited_project, SOURCE, moves).modules == []
    assert snapshot(edited_project) == after


@pytest.mark.parametrize(
    "argv",
    [[], ["layout_0_2_0", "during", ".copier-answers.yml"], ["layout_0_2_0", "after", "a", "b"]],
)
def test_a_wrong_command_line_prints_the_usage(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert relayout.main(argv) == 2
    assert capsys.readouterr().err == relayout.USAGE + "\n"


def test_answers_without_a_package_name_fail_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".copier-answers.yml").write_text("_commit: v0.1.0\n")
    monkeypatch.chdir(tmp_path)

    assert relayout.main(["layout_0_2_0", "after", ".copier-answers.yml"]) == 1
    assert ".copier-answers.yml records no package_name answer." in capsys.readouterr().err


def test_the_launcher_names_its_usage_and_the_python_it_needs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run.main([]) == 2
    assert capsys.readouterr().err == run.USAGE + "\n"

    monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
    assert run.main(["relayout"]) == 1
    assert "need Python 3.10 or newer" in capsys.readouterr().err
