"""The versions repository: what makes projects of either install updatable.

Each test gets its own versions repository; "installing" scaffold means pointing
the checkout template and the version at test data.
"""

import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, check_update, new, update
from scaffold.template import repository as template_versions
from scaffold.template import source as template_source
from scaffold.template.repository import (
    HOME_VARIABLE,
    record_template,
    recorded_url,
    versions_repository,
)
from scaffold.template.source import TEMPLATE_PATHS
from tests.helpers import (
    RENDERED_FILES,
    V1_FILES,
    V2_CHANGES,
    V2_REMOVED,
    build_template,
    git,
    run_ok,
    write_files,
)

CHECKOUT = Path(template_source.__file__).resolve().parents[2]


#: Each test gets a versions repository of its own.
pytestmark = pytest.mark.usefixtures("home")


def install(monkeypatch: pytest.MonkeyPatch, template: Path, version: str) -> None:
    """Act as scaffold ``version`` running from a checkout of ``template``."""
    monkeypatch.setattr(template_source, "CHECKOUT_TEMPLATE", template)
    monkeypatch.setattr(template_versions, "__version__", version)


def install_wheel(
    monkeypatch: pytest.MonkeyPatch, bundled: Path, version: str, tmp_path: Path
) -> None:
    """Act as scaffold ``version`` installed from a wheel: a bundled copy, no git."""
    monkeypatch.setattr(template_source, "CHECKOUT_TEMPLATE", tmp_path / "site-packages")
    monkeypatch.setattr(template_source, "BUNDLED_TEMPLATE", bundled)
    monkeypatch.setattr(template_versions, "__version__", version)


def history(repository: Path) -> list[str]:
    return git(repository, "log", "--format=%s%d", "main").splitlines()


def test_recording_tags_the_version_once_per_content(tmp_path: Path, home: Path) -> None:
    template = build_template(tmp_path / "template")
    first = record_template(template, "0.1.0")
    again = record_template(template, "0.1.0")

    assert first == again
    assert first.repository == home / "template-versions" == versions_repository()
    assert first.tag == "v0.1.0"
    assert history(first.repository) == [
        "backend-scaffold template v0.1.0 (HEAD -> main, tag: v0.1.0)"
    ]
    assert git(first.repository, "status", "--porcelain") == ""
    assert (first.repository / "template" / "README.md.jinja").is_file()


def test_changed_content_under_a_recorded_version_is_a_development_snapshot(
    tmp_path: Path,
) -> None:
    """A checkout with changes since the release: uncommitted ones count too."""
    template = build_template(tmp_path / "template")
    record_template(template, "0.1.0")
    write_files(template, {"template/README.md.jinja": "changed, not committed\n"})
    assert record_template(template, "0.1.0").tag == "v0.1.1.dev1"
    write_files(template, {"template/NEWS": "more\n"})
    assert record_template(template, "0.1.0").tag == "v0.1.1.dev2"
    git(template, "checkout", "--quiet", "--", ".")
    (template / "template" / "NEWS").unlink()
    assert record_template(template, "0.1.0").tag == "v0.1.0", "found again by content"


def test_a_new_version_gets_its_own_commit_even_with_the_same_content(tmp_path: Path) -> None:
    """One commit per tag keeps `git describe` (Copier's `_commit`) unambiguous."""
    template = build_template(tmp_path / "template")
    record_template(template, "0.1.0")
    release = record_template(template, "0.2.0")
    assert release.tag == "v0.2.0"
    assert history(release.repository) == [
        "backend-scaffold template v0.2.0 (HEAD -> main, tag: v0.2.0)",
        "backend-scaffold template v0.1.0 (tag: v0.1.0)",
    ]


def test_a_checkout_records_what_git_would_commit(tmp_path: Path) -> None:
    template = build_template(tmp_path / "template")
    write_files(
        template,
        {
            "template/new.txt": "untracked, recorded\n",
            "template/local.db": "ignored by template/.gitignore, not recorded\n",
            "tests/test_x.py": "outside the template paths\n",
        },
    )
    release = record_template(template, "0.1.0")
    assert git(release.repository, "ls-files").splitlines() == [
        "copier.yml",
        "template/.gitignore",
        "template/README.md.jinja",
        "template/new.txt",
        "template/{{ _copier_conf.answers_file }}.jinja",
    ]


def test_a_bundled_copy_records_every_file_but_bytecode(tmp_path: Path) -> None:
    bundled = tmp_path / "_template"
    write_files(
        bundled,
        {
            **RENDERED_FILES,
            "template/src/app.py": "",
            "template/src/__pycache__/app.cpython-311.pyc": "bytecode",
        },
    )
    release = record_template(bundled, "0.1.0")
    assert "template/src/app.py" in git(release.repository, "ls-files").splitlines()
    assert "__pycache__" not in git(release.repository, "ls-files")


def test_template_paths_are_what_the_wheel_bundles() -> None:
    pyproject = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())
    bundled = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert tuple(bundled) == TEMPLATE_PATHS
    assert all(target == f"scaffold/_template/{path}" for path, target in bundled.items())


def test_recorded_url_is_home_relative_when_it_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert recorded_url(tmp_path / "data" / "template-versions") == "~/data/template-versions"
    assert recorded_url(Path("/elsewhere/template-versions")) == "/elsewhere/template-versions"


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the user data directory of Linux (XDG)"
)
def test_default_location_is_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / ".local/share/backend-scaffold/template-versions"
    assert versions_repository() == expected


def answers(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def test_new_renders_the_recorded_version_and_names_it(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = build_template(tmp_path / "template", V1_FILES)
    write_files(template, {"template/notes.txt": "uncommitted change\n"})
    install(monkeypatch, template, "1.0.0")
    project = new(workdir / "api", defaults=True, install=False).path
    assert answers(project)["_src_path"] == str(versions_repository())
    assert answers(project)["_commit"] == "v1.0.0"
    assert (project / "notes.txt").read_text() == "uncommitted change\n"


def test_projects_of_an_older_checkout_update_to_the_installed_version(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install: `git pull` brings version 2.0.0 of scaffold and its template."""
    template = build_template(tmp_path / "template", V1_FILES)
    install(monkeypatch, template, "1.0.0")
    project = new(workdir / "api", defaults=True, install=False).path
    assert not check_update(project).available

    write_files(template, V2_CHANGES)
    git(template, "rm", "--quiet", *V2_REMOVED)
    git(template, "commit", "--quiet", "--all", "--message", "v2")
    install(monkeypatch, template, "2.0.0")
    check = check_update(project)
    assert (check.current, check.latest, check.available) == ("v1.0.0", "v2.0.0", True)

    result = update(project, defaults=True)
    assert (result.from_version, result.to_version, result.conflicts) == ("v1.0.0", "v2.0.0", ())
    assert (project / "added.txt").read_text() == "blue\n"
    assert answers(project)["_src_path"] == str(versions_repository())


def test_projects_of_an_older_wheel_update_with_plain_copier(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wheels carry one version and no history: the versions repository has both.

    The versions repository is under HOME here, so the project records it as
    ``~/...``, and Copier (in a process of its own) expands it.
    """
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    bundled = tmp_path / "bundled"
    write_files(bundled / "v1", V1_FILES)
    install_wheel(monkeypatch, bundled / "v1", "1.0.0", tmp_path)
    project = new(workdir / "api", defaults=True, install=False).path
    assert str(answers(project)["_src_path"]).startswith("~/")

    write_files(bundled / "v2", {**V1_FILES, **V2_CHANGES})
    for removed in V2_REMOVED:
        (bundled / "v2" / removed).unlink()
    install_wheel(monkeypatch, bundled / "v2", "2.0.0", tmp_path)
    assert check_update(project).latest == "v2.0.0"  # records v2 on this machine

    copier = [sys.executable, "-m", "copier", "update", "--defaults", "--quiet"]
    run_ok(copier, project, env={"HOME": str(tmp_path / "home")})
    assert answers(project)["_commit"] == "v2.0.0"
    assert (project / "added.txt").read_text() == "blue\n"
    assert not (project / "retired.txt").exists()
    assert git(project, "diff", "--name-only", "--diff-filter=U") == ""


def test_a_teammates_project_updates_once_its_version_is_recorded_here(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice generated the project; Bob's machine has never run her scaffold version."""
    v1 = build_template(tmp_path / "v1", V1_FILES)
    v2 = build_template(tmp_path / "v2", {**V1_FILES, **V2_CHANGES})
    for removed in V2_REMOVED:
        git(v2, "rm", "--quiet", removed)
        git(v2, "commit", "--quiet", "--message", "v2")
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "alice"))
    install(monkeypatch, v1, "1.0.0")
    project = new(workdir / "api", defaults=True, install=False).path

    monkeypatch.setenv("HOME", str(tmp_path / "bob"))
    install(monkeypatch, v2, "2.0.0")
    with pytest.raises(ScaffoldError) as refused:
        update(project, defaults=True)
    assert "1.0.0 never ran on this one: run it once, for example `uvx --from " in str(
        refused.value
    )
    install(monkeypatch, v1, "1.0.0")
    assert not check_update(project).available
    install(monkeypatch, v2, "2.0.0")
    assert update(project, defaults=True).to_version == "v2.0.0"
    assert (project / "added.txt").read_text() == "blue\n"
