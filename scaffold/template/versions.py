"""Template versions: PEP 440 versions carried by git tags named ``v<version>``.

Copier orders a template's tags by PEP 440 and compares the version a project
was generated from with the one it updates to (to pick migrations and refuse
downgrades), so every tag scaffold writes or reads goes through here.
"""

import re
from collections.abc import Iterable

from packaging.version import InvalidVersion, Version

#: ``git describe`` output for a commit after a tag: ``v0.1.0-3-g1a2b3c4``.
_DESCRIBED = re.compile(r"^(?P<tag>.+)-(?P<distance>\d+)-g(?P<commit>[0-9a-f]+)$")


def release_tag(version: str) -> str:
    """Return the tag of a released version: ``0.1.0`` -> ``v0.1.0``."""
    return f"v{version}"


def development_tag(version: str, number: int) -> str:
    """Return the tag of the ``number``-th development snapshot after ``version``.

    ``0.1.0`` -> ``v0.1.1.dev<number>``: PEP 440 sorts it after the release
    it changes and before any later release, as setuptools-scm numbers
    development builds. Copier treats it as a pre-release, so a plain
    ``copier update`` skips it unless asked for pre-releases.
    """
    major, minor, micro = (*Version(version).release, 0, 0)[:3]
    return f"v{major}.{minor}.{micro + 1}.dev{number}"


def parse_version(ref: str) -> Version | None:
    """Return the version a tag or ``git describe`` output stands for, if any.

    ``v0.1.0-3-g1a2b3c4`` (three commits after v0.1.0) reads as
    ``0.1.0.post3+g1a2b3c4``, as Copier reads it.
    """
    described = _DESCRIBED.match(ref)
    text = ref
    if described is not None:
        text = f"{described['tag']}.post{described['distance']}+g{described['commit']}"
    try:
        return Version(text)
    except InvalidVersion:
        return None


def newest_release(tags: Iterable[str]) -> str | None:
    """Return the tag of the highest version that is not a pre-release.

    The same choice Copier makes when it updates without an explicit ref.
    """
    releases = [
        (version, tag)
        for tag in tags
        if (version := parse_version(tag)) is not None and not version.is_prerelease
    ]
    return max(releases)[1] if releases else None
