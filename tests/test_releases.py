"""The past releases scaffold ships: each archive is its commit's template, rebuilt exactly."""

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.kit.git import has_revision
from scaffold.template import releases
from scaffold.template.releases import (
    Release,
    archive_files,
    build_archive,
    commit_files,
    shipped_releases,
)
from scaffold.template.source import CHECKOUT_TEMPLATE, TEMPLATE_PATHS

SHIPPED = shipped_releases()


def test_0_1_0_is_the_template_before_the_reorganisation() -> None:
    assert SHIPPED[0].version == "0.1.0"
    assert SHIPPED[0].commit.startswith("6311c4b")
    assert all(release.archive.is_file() for release in SHIPPED)


def history_of(release: Release) -> None:
    """Skip where this checkout lacks the release's commit (a shallow CI clone)."""
    if not has_revision(CHECKOUT_TEMPLATE, release.commit):
        pytest.skip(f"no git history here to compare {release.tag} with its commit")


@pytest.mark.parametrize("release", SHIPPED, ids=[release.tag for release in SHIPPED])
def test_each_archive_holds_the_template_of_its_commit(release: Release) -> None:
    history_of(release)
    files = archive_files(release.archive)
    assert files == commit_files(CHECKOUT_TEMPLATE, release.commit)
    assert {name.split("/")[0] for name in files} == {path.split("/")[0] for path in TEMPLATE_PATHS}


@pytest.mark.parametrize("release", SHIPPED, ids=[release.tag for release in SHIPPED])
def test_building_an_archive_again_gives_the_same_bytes(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_of(release)
    shipped = gzip.decompress(release.archive.read_bytes())
    monkeypatch.setattr(releases, "ARCHIVES", tmp_path)
    rebuilt = build_archive(release)
    assert rebuilt == tmp_path / f"{release.tag}.tar.gz"
    assert gzip.decompress(rebuilt.read_bytes()) == shipped


def test_a_commit_missing_from_the_history_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(releases, "ARCHIVES", tmp_path / "releases")
    with pytest.raises(ScaffoldError, match="git fetch --unshallow"):
        build_archive(Release("0.0.1", "0" * 40))
    assert not (tmp_path / "releases").exists()


def test_an_archive_with_anything_but_template_files_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "v9.9.9.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"no"))
    archive.write_bytes(gzip.compress(buffer.getvalue()))
    with pytest.raises(ScaffoldError, match=r"holds '\.\./outside\.txt', not a template file"):
        archive_files(archive)


def test_a_damaged_archive_says_to_reinstall(tmp_path: Path) -> None:
    archive = tmp_path / "v9.9.9.tar.gz"
    archive.write_bytes(b"not gzip")
    with pytest.raises(ScaffoldError, match="Reinstall backend-scaffold"):
        archive_files(archive)
