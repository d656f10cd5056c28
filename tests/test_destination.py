from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.kit.destination import check_destination, placement
from tests.helpers import tree, write_files


class StepFailedError(Exception):
    """Stands in for a step that fails after the render was placed."""


def render_into(path: Path, files: dict[str, str]) -> None:
    path.mkdir()
    write_files(path, files)


def test_place_moves_the_render_into_a_new_destination(workdir: Path) -> None:
    destination = workdir / "project"
    with placement(destination, force=False) as claim:
        render_into(claim.render_path, {"README.md": "hi", "src/app.py": ""})
        claim.place()
    assert tree(workdir) == {"project", "project/README.md", "project/src", "project/src/app.py"}


def test_render_path_has_the_destination_name(workdir: Path) -> None:
    """Copier tells templates the folder name; it must be the real one."""
    with placement(workdir / "my-api", force=False) as claim:
        assert claim.render_path.name == "my-api"
        assert claim.render_path.parent.parent == workdir
    assert tree(workdir) == set()


def test_failure_after_placing_removes_the_new_destination(workdir: Path) -> None:
    with pytest.raises(StepFailedError), placement(workdir / "project", force=False) as claim:
        render_into(claim.render_path, {"README.md": "hi"})
        claim.place()
        (workdir / "project" / ".venv").mkdir()
        raise StepFailedError
    assert tree(workdir) == set()


def test_failure_removes_parent_directories_it_created(workdir: Path) -> None:
    with pytest.raises(StepFailedError), placement(workdir / "a" / "b" / "p", force=False):
        assert (workdir / "a" / "b").is_dir()
        raise StepFailedError
    assert tree(workdir) == set()


def test_interrupt_counts_as_failure(workdir: Path) -> None:
    with pytest.raises(KeyboardInterrupt), placement(workdir / "project", force=False) as claim:
        render_into(claim.render_path, {"README.md": "hi"})
        claim.place()
        raise KeyboardInterrupt
    assert tree(workdir) == set()


def test_an_empty_existing_directory_is_filled_and_kept_on_failure(workdir: Path) -> None:
    destination = workdir / "project"
    destination.mkdir()
    with pytest.raises(StepFailedError), placement(destination, force=False) as claim:
        render_into(claim.render_path, {"README.md": "hi"})
        claim.place()
        assert (destination / "README.md").read_text() == "hi"
        (destination / "app.db").write_text("created by a later step")
        raise StepFailedError
    assert tree(workdir) == {"project"}


def test_non_empty_destination_needs_force(workdir: Path) -> None:
    (workdir / "notes.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match=r"already exists and is not empty.*--force"):
        check_destination(workdir, force=False)
    check_destination(workdir, force=True)


def test_a_file_is_not_a_destination(workdir: Path) -> None:
    (workdir / "file").write_text("")
    with pytest.raises(ScaffoldError, match="exists and is not a directory"):
        check_destination(workdir / "file", force=True)


def test_force_replaces_files_and_keeps_the_others(workdir: Path) -> None:
    write_files(workdir, {"README.md": "old", "notes.txt": "mine"})
    with placement(workdir, force=True) as claim:
        render_into(claim.render_path, {"README.md": "new", "src/app.py": ""})
        claim.place()
    assert (workdir / "README.md").read_text() == "new"
    assert (workdir / "notes.txt").read_text() == "mine"
    assert tree(workdir) == {"README.md", "notes.txt", "src", "src/app.py"}


def test_force_restores_replaced_files_on_failure(workdir: Path) -> None:
    write_files(workdir, {"README.md": "old", "src/legacy.py": "legacy", "notes.txt": "mine"})
    before = tree(workdir)
    with pytest.raises(StepFailedError), placement(workdir, force=True) as claim:
        render_into(claim.render_path, {"README.md": "new", "src/app.py": "", "new.txt": ""})
        claim.place()
        assert not (workdir / "src" / "legacy.py").exists()
        raise StepFailedError
    assert tree(workdir) == before
    assert (workdir / "README.md").read_text() == "old"
    assert (workdir / "src" / "legacy.py").read_text() == "legacy"
