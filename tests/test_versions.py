import pytest
from packaging.version import Version

from scaffold.template.versions import development_tag, newest_release, parse_version, release_tag


def test_release_and_development_tags_sort_between_releases() -> None:
    assert release_tag("0.1.0") == "v0.1.0"
    assert development_tag("0.1.0", 2) == "v0.1.1.dev2"
    assert development_tag("1.2", 1) == "v1.2.1.dev1"
    ordered = ["v0.1.0", development_tag("0.1.0", 1), development_tag("0.1.0", 2), "v0.1.1"]
    assert sorted(ordered, key=lambda tag: parse_version(tag) or Version("0")) == ordered


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("v0.1.0", "0.1.0"),
        ("0.2.0rc1", "0.2.0rc1"),
        ("v0.1.0-3-g1a2b3c4", "0.1.0.post3+g1a2b3c4"),
        ("1a2b3c4", None),
        ("main", None),
    ],
)
def test_parse_version_reads_tags_and_git_describe(ref: str, expected: str | None) -> None:
    version = parse_version(ref)
    assert (None if version is None else str(version)) == expected


def test_newest_release_skips_pre_releases_and_other_tags() -> None:
    tags = ["v0.9.0", "v0.10.0", "v0.11.0.dev1", "v1.0.0rc1", "latest", "v0.2.0"]
    assert newest_release(tags) == "v0.10.0"
    assert newest_release(["latest", "v2.0.0.dev3"]) is None
