"""The past releases scaffold ships: each archive its commit's template, rebuilt exactly,
and imported into the versions repository of a machine that never ran it.
"""

import gzip
import io
import tarfile
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, __version__, check_update, cli, new
from scaffold.kit.git import has_revision
from scaffold.template import releases
from scaffold.template.releases import (
    Release,
    archive_files,
    build_archive,
    commit_files,
    shipped_releases,
)
from scaffold.template.repository import (
    HOME_VARIABLE,
    record_installed_template,
    record_template,
    versions_repository,
)
from scaffold.template.source import CHECKOUT_TEMPLATE, TEMPLATE_PATHS
from tests.helpers import build_template, git, write_files

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


def test_an_empty_home_gets_every_shipped_release_before_this_version(home: Path) -> None:
    """In version order, so the history reads as the releases happened."""
    installed = record_installed_template()
    assert installed.tag == f"v{__version__}"
    (oldest, *_) = shipped_releases()
    assert oldest.tag == "v0.1.0"
    history = git(installed.repository, "log", "--format=%s%d", "main").splitlines()
    assert history[-1] == "backend-scaffold template v0.1.0 (tag: v0.1.0)"
    tree = git(installed.repository, "ls-tree", "-r", "--name-only", "v0.1.0").splitlines()
    assert tree == sorted(archive_files(oldest.archive))
    assert git(installed.repository, "show", "v0.1.0:template/src/{{ package_name }}/core/auth.py")


def test_a_release_this_machine_recorded_itself_is_kept(tmp_path: Path, home: Path) -> None:
    """Projects generated here name its content; the shipped copy must not replace it."""
    recorded_here = record_template(build_template(tmp_path / "template"), "0.1.0")
    before = git(recorded_here.repository, "rev-parse", "v0.1.0")
    record_installed_template()
    assert git(recorded_here.repository, "rev-parse", "v0.1.0") == before


def test_check_update_on_a_machine_that_never_ran_0_1_0(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty SCAFFOLD_HOME, and a project whose answers say it came from v0.1.0."""
    project = tmp_path / "old-api"
    write_files(
        project,
        {
            ".copier-answers.yml": yaml.safe_dump(
                {"_commit": "v0.1.0", "_src_path": str(versions_repository())}
            )
        },
    )
    assert not home.exists()
    assert cli.main(["check-update", "--project", str(project)]) == cli.EXIT_UPDATE_AVAILABLE
    assert capsys.readouterr().out.startswith(
        f"A newer template version is available for {project}: v0.1.0 -> v{__version__}.\n"
    )


def test_a_teammates_0_1_0_project_is_updatable_on_a_fresh_machine(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice rendered template 0.1.0; Bob's home is empty: both find v0.1.0 shipped."""
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "alice"))
    project = new(workdir / "old-api", vcs_ref="v0.1.0", defaults=True, install=False).path
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v0.1.0"
    assert (project / "src/old_api/core/auth.py").is_file(), "the 0.1.0 layout"

    monkeypatch.setenv("HOME", str(tmp_path / "bob"))
    check = check_update(project)
    assert (check.current, check.latest, check.available) == ("v0.1.0", f"v{__version__}", True)


def test_a_project_of_a_newer_scaffold_says_to_upgrade(tmp_path: Path, home: Path) -> None:
    project = tmp_path / "new-api"
    write_files(
        project,
        {
            ".copier-answers.yml": yaml.safe_dump(
                {"_commit": "v99.0.0", "_src_path": str(versions_repository())}
            )
        },
    )
    with pytest.raises(ScaffoldError, match="newer than this scaffold's") as refused:
        check_update(project)
    assert "upgrade backend-scaffold (pip install --upgrade backend-scaffold)" in str(refused.value)
