"""The past template releases scaffold ships, so a project of any of them updates anywhere.

A project records the template version it came from (``_commit: v0.1.0``),
and an update needs that version's files to tell the user's changes from the
template's. A machine that never ran scaffold 0.1.0 has no record of it, so
every later scaffold carries each past release: ``releases.toml`` names the
commit of this repository each version was released from, and
``releases/v<version>.tar.gz`` holds the template files (``TEMPLATE_PATHS``)
of that commit. The local versions repository imports every one it lacks
(:func:`scaffold.template.repository.record_installed_template`).

Build the archives, the same bytes every time, from a checkout with history::

    python -m scaffold.template.releases
"""

import gzip
import io
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from packaging.version import Version

from scaffold.errors import ScaffoldError
from scaffold.kit.git import git_executable, has_revision
from scaffold.template.source import CHECKOUT_TEMPLATE, TEMPLATE_PATHS
from scaffold.template.versions import release_tag

RELEASES_FILE = Path(__file__).with_name("releases.toml")
ARCHIVES = Path(__file__).with_name("releases")
#: A template file as an archive stores it: its mode (0o644, 0o755) and content.
TemplateFiles = Mapping[str, tuple[int, bytes]]


@dataclass(frozen=True)
class Release:
    """A released template version and the commit of this repository it came from."""

    version: str
    commit: str

    @property
    def tag(self) -> str:
        """The tag projects record: ``v0.1.0``."""
        return release_tag(self.version)

    @property
    def archive(self) -> Path:
        """The archive of its template files, shipped in the package."""
        return ARCHIVES / f"{self.tag}.tar.gz"


def shipped_releases() -> list[Release]:
    """Every release ``releases.toml`` records, oldest first."""
    releases = tomllib.loads(RELEASES_FILE.read_text(encoding="utf-8"))["releases"]
    return sorted(
        (Release(str(version), str(commit)) for version, commit in releases.items()),
        key=lambda release: Version(release.version),
    )


def archive_files(archive: Path) -> dict[str, tuple[int, bytes]]:
    """Read the template files of a release archive, by path.

    Raises:
        ScaffoldError: The archive is missing or damaged, or holds anything but
            regular files inside the template's paths.
    """
    files = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                extracted = tar.extractfile(member) if member.isfile() else None
                if extracted is None or not _in_template(member.name):
                    raise ScaffoldError(f"{archive} holds {member.name!r}, not a template file.")
                files[member.name] = (member.mode, extracted.read())
    except (OSError, tarfile.TarError) as error:
        raise ScaffoldError(
            f"Cannot read the template release {archive}: {error}. Reinstall backend-scaffold."
        ) from error
    return files


def extract(archive: Path, destination: Path) -> None:
    """Write the template files of ``archive`` under ``destination``."""
    for name, (mode, content) in archive_files(archive).items():
        path = destination / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        path.chmod(mode)


def commit_files(repository: Path, commit: str) -> dict[str, tuple[int, bytes]]:
    """Read the template files of ``commit`` from the git ``repository``, by path."""
    archived = subprocess.run(
        [git_executable(), "archive", "--format=tar", commit, "--", *TEMPLATE_PATHS],
        cwd=repository,
        capture_output=True,
        check=False,
    )
    if archived.returncode != 0:
        message = archived.stderr.decode(errors="replace").strip()
        raise ScaffoldError(f"Cannot read the template of commit {commit}: {message}")
    files = {}
    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as tar:
        for member in tar:
            if member.isdir():
                continue
            extracted = tar.extractfile(member) if member.isfile() else None
            if extracted is None:
                raise ScaffoldError(
                    f"{member.name} at {commit} is not a regular file; a release archive holds "
                    "only files (a symbolic link would not survive every install)."
                )
            files[member.name] = (0o755 if member.mode & 0o100 else 0o644, extracted.read())
    return files


def archive_bytes(files: TemplateFiles) -> bytes:
    """The uncompressed tar of ``files``: sorted, no times, no owners, so it is reproducible."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            mode, content = files[name]
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), mode, 0
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def build_archive(release: Release, repository: Path = CHECKOUT_TEMPLATE) -> Path:
    """Write ``release``'s archive from its commit in ``repository``; return its path.

    Raises:
        ScaffoldError: The commit is not in the repository (a shallow clone, say).
    """
    if not has_revision(repository, release.commit):
        raise ScaffoldError(
            f"Commit {release.commit} of {release.tag} is not in {repository}: build the "
            "archives in a clone with the full history (git fetch --unshallow)."
        )
    release.archive.parent.mkdir(parents=True, exist_ok=True)
    with release.archive.open("wb") as stream, gzip.GzipFile("", "wb", 9, stream, mtime=0) as gz:
        gz.write(archive_bytes(commit_files(repository, release.commit)))
    return release.archive


def _in_template(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        return False
    tops = [PurePosixPath(top) for top in TEMPLATE_PATHS]
    return any(path == top or top in path.parents for top in tops)


def main() -> int:
    """Build every archive ``releases.toml`` lists; the command takes no options."""
    try:
        for release in shipped_releases():
            print(f"{release.tag}: {build_archive(release)}")
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
