"""``scaffold add resource`` with a ``file`` field: a reference to the owner's own uploaded file."""

import shutil
from pathlib import Path

import pytest

from scaffold import ScaffoldError, add_resource


@pytest.fixture
def uploads_project(generated_projects: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of the rendered project whose answers turn uploads on."""
    copy = tmp_path / "my-api"
    shutil.copytree(generated_projects["postgresql-redis"], copy, symlinks=True)
    return copy


def test_a_file_field_is_a_key_to_the_owners_own_files(uploads_project: Path) -> None:
    fields = ["title:str:max=80", "cover:file", "scan:file:optional"]
    added = add_resource("albums", fields, project=uploads_project, owned=True)
    assert added.written
    model = (uploads_project / "src/my_api/models/album.py").read_text()
    assert 'ForeignKey("files.id", ondelete="CASCADE"), index=True' in model
    assert 'ForeignKey("files.id", ondelete="SET NULL")' in model
    service = (uploads_project / "src/my_api/services/albums.py").read_text()
    flat = " ".join(service.split())
    for field in ("cover", "scan"):
        assert (
            f'await ensure_exists( self.session, StoredFile, values["{field}"], field="{field}", '
            "where=[StoredFile.owner_id == owner_id], )"
        ) in flat
    tests = (uploads_project / "tests/test_albums.py").read_text()
    assert "own_references_only=True" in tests
    flat_tests = " ".join(tests.split())
    assert (
        "stored_file_row = await insert_row( db_session, StoredFile, StoredFileCreate,"
        in flat_tests
    )
    assert "owner_id=uuid.UUID(writer.id)" in flat_tests
    assert '{"cover": str(stored_file_row.id), "scan": str(stored_file_row.id)}' in flat_tests
    spec = (uploads_project / ".scaffold/resources/albums.yml").read_text()
    assert "- cover:file\n" in spec


def test_a_file_field_needs_the_uploads_option(project: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"scaffold update --data uploads=true"):
        add_resource("albums", ["cover:file"], project=project, owned=True)
    assert not (project / ".scaffold/resources/albums.yml").exists()


def test_a_file_field_needs_an_owned_resource(uploads_project: Path) -> None:
    with pytest.raises(ScaffoldError, match="a file field needs an --owned resource"):
        add_resource("albums", ["cover:file"], project=uploads_project)
