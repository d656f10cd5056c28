"""The local repository of template versions that makes every project updatable.

``copier update`` needs the template as a git repository with PEP 440 tags, and
the commit a project was generated from must still be in it. Neither install of
scaffold has that by itself: an installed wheel carries one version of the
template and no history, and a checkout renders its working tree (uncommitted
changes included, a commit Copier cannot find again) and may have no tags.

So scaffold keeps a small repository of the template versions it has shipped,
one commit and one tag per version, and generates projects from it:

- the template this installation carries is recorded as ``v<__version__>``
  the first time it is used, and found again by content afterwards;
- a different template under an already recorded version (a checkout with
  changes since the release) becomes a development snapshot
  ``v<next patch>.dev<n>``;
- every past release scaffold ships (:mod:`scaffold.template.releases`) is
  imported under its release tag before that, so a project of any release
  updates on a machine that never ran it;
- projects record this repository as ``_src_path`` (as ``~/...`` under the
  home directory, so teammates with the same layout share the value), so
  ``scaffold update`` and plain ``copier update`` both find every version
  this machine has shipped or imported.

It lives in ``$SCAFFOLD_HOME/template-versions``, by default in the user data
directory (``~/.local/share/backend-scaffold`` on Linux).
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from platformdirs import user_data_dir

from scaffold._version import __version__
from scaffold.kit.git import has_revision, run_git
from scaffold.template.releases import Release, extract, shipped_releases
from scaffold.template.source import TEMPLATE_PATHS, locate_template
from scaffold.template.versions import development_tag, release_tag

#: Environment variable naming the directory that holds the versions repository.
HOME_VARIABLE = "SCAFFOLD_HOME"
#: The recorder's commits are machine-made; a fixed identity keeps them
#: independent of (and working without) the user's git configuration.
_IDENTITY = {
    "GIT_AUTHOR_NAME": "backend-scaffold",
    "GIT_AUTHOR_EMAIL": "backend-scaffold@localhost",
    "GIT_COMMITTER_NAME": "backend-scaffold",
    "GIT_COMMITTER_EMAIL": "backend-scaffold@localhost",
}


@dataclass(frozen=True)
class TemplateRelease:
    """One recorded template version: the repository holding it and its tag."""

    repository: Path
    tag: str


def versions_repository() -> Path:
    """Return where the template versions are kept (it may not exist yet)."""
    home = os.environ.get(HOME_VARIABLE)
    base = (
        Path(home).expanduser()
        if home
        else Path(user_data_dir("backend-scaffold", appauthor=False))
    )
    return base.resolve() / "template-versions"


def recorded_url(repository: Path) -> str:
    """Return ``repository`` as projects record it: ``~/...`` under the home directory.

    Copier expands a leading ``~`` wherever it reads ``_src_path``, so the
    value stays valid for every user whose data directory has the same layout.
    """
    try:
        return f"~/{repository.relative_to(Path.home()).as_posix()}"
    except ValueError:
        return str(repository)


def record_installed_template() -> TemplateRelease:
    """Record the template this installation carries as its version, after the shipped releases.

    Importing every past release first makes each available here whether or
    not this machine ever ran it, and keeps the history in version order.
    """
    template = locate_template().path
    with _opened_repository() as repository:
        recorded = _tag_trees(repository)
        for release in shipped_releases():
            if release.tag not in recorded:
                _import_release(repository, release)
        return _record(repository, template, __version__)


def record_template(template: Path, version: str) -> TemplateRelease:
    """Record the template at ``template`` as ``version`` and return its tag.

    Recording the same content again returns the existing tag; nothing is
    written then.
    """
    with _opened_repository() as repository:
        return _record(repository, template, version)


@contextmanager
def _opened_repository() -> Iterator[Path]:
    """The versions repository, created if need be, locked so one scaffold run records at once."""
    repository = versions_repository()
    repository.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(repository.parent / "template-versions.lock"):
        if not (repository / ".git").is_dir():
            repository.mkdir(exist_ok=True)
            run_git(repository, "init", "--quiet", "--initial-branch=main")
        yield repository


def _record(repository: Path, template: Path, version: str) -> TemplateRelease:
    tree = _write_tree(repository, template)
    recorded = _tag_trees(repository)
    tag = _choose_tag(version, tree, recorded)
    if tag not in recorded:
        _commit_and_tag(repository, tree, tag)
    return TemplateRelease(repository=repository, tag=tag)


def _import_release(repository: Path, release: Release) -> None:
    """Record a shipped release's template under the release's own tag."""
    with tempfile.TemporaryDirectory(prefix="scaffold-release-") as scratch:
        extract(release.archive, Path(scratch))
        _commit_and_tag(repository, _write_tree(repository, Path(scratch)), release.tag)


def _template_files(template: Path) -> list[str]:
    """List the files of a template version, relative to ``template``.

    In a git checkout, the files git would commit (tracked or new, not
    ignored), as Copier renders a checkout; elsewhere (a wheel's bundled
    copy) every file but Python's bytecode caches.
    """
    if (template / ".git").exists():
        listed = run_git(
            template, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
            *TEMPLATE_PATHS,
        )  # fmt: skip
        return sorted({name for name in listed.split("\0") if (template / name).is_file()} - {""})
    return sorted(
        path.relative_to(template).as_posix()
        for top in TEMPLATE_PATHS
        for path in (template / top, *(template / top).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    )


def _write_tree(repository: Path, template: Path) -> str:
    """Store the template's files in ``repository`` and return their tree's id.

    A private index keeps the repository's own index and working tree untouched.
    """
    scratch = Path(tempfile.mkdtemp(prefix="record-", dir=repository / ".git"))
    try:
        pathspec = scratch / "files"
        pathspec.write_bytes(b"\0".join(name.encode() for name in _template_files(template)))
        env = {"GIT_INDEX_FILE": str(scratch / "index"), "GIT_LITERAL_PATHSPECS": "1"}
        git_dir = f"--git-dir={repository / '.git'}"
        add = ["add", "--force", f"--pathspec-from-file={pathspec}", "--pathspec-file-nul"]
        run_git(template, git_dir, f"--work-tree={template}", *add, env=env)
        return run_git(template, git_dir, "write-tree", env=env).strip()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _tag_trees(repository: Path) -> dict[str, str]:
    """Map each recorded tag to the id of its tree."""
    lines = run_git(repository, "for-each-ref", "--format=%(refname:strip=2) %(tree)", "refs/tags")
    return dict(line.split(" ", 1) for line in lines.splitlines())


def _choose_tag(version: str, tree: str, recorded: dict[str, str]) -> str:
    """Return the tag for ``tree``: the release tag, or a development snapshot's."""
    tag = release_tag(version)
    number = 0
    while tag in recorded and recorded[tag] != tree:
        number += 1
        tag = development_tag(version, number)
    return tag


def _commit_and_tag(repository: Path, tree: str, tag: str) -> None:
    """Commit ``tree`` on top of the history, tag it, and check it out.

    The working tree follows so that the repository is never "dirty", which
    Copier would otherwise warn about (and include) when rendering HEAD.
    """
    parent = ["-p", "HEAD"] if has_revision(repository, "HEAD") else []
    message = ["-m", f"backend-scaffold template {tag}"]
    commit = run_git(repository, "commit-tree", tree, *parent, *message, env=_IDENTITY).strip()
    run_git(repository, "update-ref", "refs/heads/main", commit)
    run_git(repository, "tag", tag, commit)
    run_git(repository, "reset", "--hard", "--quiet")
