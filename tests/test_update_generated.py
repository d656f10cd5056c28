"""Update a real generated project across two releases of a copy of the real template.

v1.0.0 is the template as it is in this checkout. v2.0.0 changes a file the
user also changes, adds a file, removes one, changes a file the user deleted,
adds a question, and renames another question, which needs a migration to keep
the user's answer. The user adds a resource and changes a route.

Slow: renders the real template and runs the project's checks. One project is
generated per module; each test updates a clone of it.
"""

import re
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import add_resource, cli, new, update
from scaffold.project.migration_history import heads, read_revisions
from tests.helpers import (
    CHECKS,
    commit_all,
    git,
    release,
    released_checkout,
    rename_migration,
    run_ok,
)

pytestmark = pytest.mark.slow

PACKAGE = "shop_api"
HEALTH = "src/{{ package_name }}/routes/health.py.jinja"
DOCSTRING_V1 = '"""Liveness and readiness probes for load balancers and orchestrators.'
DOCSTRING_V2 = (
    '"""Liveness and readiness probes for load balancers, orchestrators and uptime checks.'
)
SUMMARY_V1 = 'summary="Liveness probe"'
SUMMARY_USER = 'summary="Is the process alive?"'
SERVICE_NAME_QUESTION = """
service_name:
  type: str
  help: Name the service reports in its logs
  default: "{{ project_slug }}"
"""


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


def release_v2(template: Path) -> None:
    """Commit and tag the second version of the copied template."""
    copier_yml = template / "copier.yml"
    replace_once(copier_yml, "_migrations:\n", rename_migration("v2.0.0", "description", "summary"))
    copier_yml.write_text(
        re.sub(r"^description:", "summary:", copier_yml.read_text(), flags=re.MULTILINE)
        + SERVICE_NAME_QUESTION
    )
    for path in (template / "template").rglob("*.jinja"):
        path.write_text(path.read_text().replace("{{ description", "{{ summary"))
    replace_once(template / "template" / HEALTH, DOCSTRING_V1, DOCSTRING_V2)
    compose = template / "template" / "compose.yaml.jinja"
    compose.write_text("# Services for local development.\n" + compose.read_text())
    release(
        template,
        "v2.0.0",
        {
            "template/src/{{ package_name }}/outbound/service_name.py.jinja": (
                '"""The name this service gives the services it calls."""\n\n'
                'SERVICE_NAME = "{{ service_name }}"\n'
            )
        },
        removed=["template/.dockerignore"],
    )


@pytest.fixture(scope="module")
def template_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git copy of this checkout's template, tagged v1.0.0 and v2.0.0."""
    template = released_checkout(tmp_path_factory.mktemp("releases") / "template", "v1.0.0")
    release_v2(template)
    return template


@pytest.fixture(scope="module")
def user_project(template_releases: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A v1.0.0 project; commit "resource" adds a resource, the next one edits and deletes."""
    project = new(
        tmp_path_factory.mktemp("user") / "shop-api",
        template=template_releases,
        vcs_ref="v1.0.0",
        defaults=True,
        install=False,
        data={"description": "Billing for the shop"},
    ).path
    add_resource("widgets", ["name:str:max=100"], project=project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "resource")
    replace_once(project / f"src/{PACKAGE}/routes/health.py", SUMMARY_V1, SUMMARY_USER)
    (project / "compose.yaml").unlink()
    git(project, "commit", "--quiet", "--all", "--message", "user changes")
    return project


def clone(project: Path, destination: Path, ref: str = "HEAD") -> Path:
    git(destination.parent, "clone", "--quiet", str(project), destination.name)
    git(destination, "checkout", "--quiet", "-B", "main", ref)
    return destination


def test_update_keeps_the_users_work_and_the_project_passes_its_checks(
    user_project: Path, checks_python: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = clone(user_project, tmp_path / "shop-api")
    resource = {path: (project / path).read_bytes() for path in files_added_by(project, "HEAD~1")}

    result = update(project, defaults=True)

    assert (result.from_version, result.to_version, result.conflicts) == ("v1.0.0", "v2.0.0", ())
    health = (project / f"src/{PACKAGE}/routes/health.py").read_text()
    assert SUMMARY_USER in health, "the user's change"
    assert DOCSTRING_V2 in health, "the template's change, in the same file"
    assert (
        (project / f"src/{PACKAGE}/outbound/service_name.py")
        .read_text()
        .endswith('SERVICE_NAME = "shop-api"\n')
    )
    assert not (project / ".dockerignore").exists(), "removed by the template"
    assert not (project / "compose.yaml").exists(), "deleted by the user, changed by v2"
    assert {path: (project / path).read_bytes() for path in resource} == resource
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v2.0.0"
    assert answers["summary"] == "Billing for the shop", "carried over by the migration"
    assert "description" not in answers
    assert answers["service_name"] == "shop-api", "the new question's default"
    assert "Billing for the shop" in (project / "README.md").read_text()
    output = capfd.readouterr().out
    assert output.count("Renamed answer 'description' to 'summary'") == 1
    assert "nothing to rename" not in output

    for check in CHECKS.values():
        run_ok([str(checks_python), *check], project, env={"PYTHONPATH": "src"})


def passes_checks_and_tests(project: Path, checks_python: Path, *test_files: str) -> None:
    """Run every check but the whole suite, then the test files an option's update concerns."""
    env = {"PYTHONPATH": "src"}
    for name, check in CHECKS.items():
        if name != "pytest":
            run_ok([str(checks_python), *check], project, env=env)
    run_ok([str(checks_python), "-m", "pytest", *test_files], project, env=env)


def test_turning_webhooks_on_later_is_a_clean_update_with_one_migration_head(
    user_project: Path, checks_python: Path, tmp_path: Path
) -> None:
    """The project has a resource of its own: both its revision and webhooks' follow 0002."""
    project = clone(user_project, tmp_path / "shop-api")

    result = update(project, to="v1.0.0", defaults=True, data={"webhooks": "true"})

    assert result.conflicts == ()
    assert (project / f"src/{PACKAGE}/routes/webhooks.py").is_file()
    assert len(heads(read_revisions(project / f"src/{PACKAGE}/migrations/versions"))) == 1
    passes_checks_and_tests(
        project, checks_python, "tests/test_migrations.py", "tests/test_webhooks_incoming.py"
    )


def test_turning_uploads_on_later_is_a_clean_update_with_one_migration_head(
    user_project: Path, checks_python: Path, tmp_path: Path
) -> None:
    """The project has a resource of its own: both its revision and uploads' follow 0003."""
    project = clone(user_project, tmp_path / "shop-api")

    result = update(project, to="v1.0.0", defaults=True, data={"uploads": "true"})

    assert result.conflicts == ()
    assert (project / f"src/{PACKAGE}/routes/files.py").is_file()
    assert (project / f"src/{PACKAGE}/infra/storage/s3.py").is_file()
    assert len(heads(read_revisions(project / f"src/{PACKAGE}/migrations/versions"))) == 1
    upload_tests = ["tests/test_uploads.py", "tests/conventions/test_uploads.py"]
    passes_checks_and_tests(project, checks_python, "tests/test_migrations.py", *upload_tests)


def test_turning_uploads_on_after_webhooks_joins_the_two_options_revisions(
    user_project: Path, checks_python: Path, tmp_path: Path
) -> None:
    """Both options' revisions follow 0003: the update's merge step joins them."""
    project = clone(user_project, tmp_path / "shop-api")
    assert update(project, to="v1.0.0", defaults=True, data={"webhooks": "true"}).conflicts == ()
    commit_all(project, "webhooks on")

    result = update(project, to="v1.0.0", defaults=True, data={"uploads": "true"})

    assert result.conflicts == ()
    versions = project / f"src/{PACKAGE}/migrations/versions"
    assert any(path.name.endswith("_merge.py") for path in versions.iterdir())
    assert len(heads(read_revisions(versions))) == 1
    passes_checks_and_tests(
        project, checks_python, "tests/test_migrations.py", "tests/test_uploads.py"
    )


@pytest.mark.parametrize(
    "options",
    [{"social_login": "true"}, {"social_login": "true", "webhooks": "true"}],
    ids=["social_login", "social_login+webhooks"],
)
def test_turning_social_login_on_later_is_a_clean_update_with_one_migration_head(
    user_project: Path, checks_python: Path, tmp_path: Path, options: dict[str, str]
) -> None:
    """Social sign-in's revision follows 0003 too; with webhooks, the template joins both."""
    project = clone(user_project, tmp_path / "shop-api")

    result = update(project, to="v1.0.0", defaults=True, data=options)

    assert result.conflicts == ()
    assert (project / f"src/{PACKAGE}/routes/social_login.py").is_file()
    assert len(heads(read_revisions(project / f"src/{PACKAGE}/migrations/versions"))) == 1
    env = {"PYTHONPATH": "src"}
    for name, check in CHECKS.items():
        if name != "pytest":
            run_ok([str(checks_python), *check], project, env=env)
    social_tests = ["tests/test_migrations.py", "tests/test_social_login.py"]
    run_ok([str(checks_python), "-m", "pytest", *social_tests], project, env=env)


def files_added_by(project: Path, commit: str) -> list[str]:
    return git(project, "show", "--name-only", "--format=", commit).split()


def test_plain_copier_update_of_a_project_that_only_added_a_resource_has_no_conflict(
    user_project: Path, tmp_path: Path
) -> None:
    project = clone(user_project, tmp_path / "shop-api", ref="HEAD~1")
    resource = {path: (project / path).read_bytes() for path in files_added_by(project, "HEAD")}

    copier = ["-m", "copier", "update", "--defaults", "--trust", "--quiet", "--vcs-ref", "v2.0.0"]
    run_ok([sys.executable, *copier], project)

    assert git(project, "diff", "--name-only", "--diff-filter=U") == ""
    assert git(project, "ls-files", "--others", "--", "*.rej") == ""
    assert {path: (project / path).read_bytes() for path in resource} == resource
    assert (project / f"src/{PACKAGE}/outbound/service_name.py").exists()


def test_same_lines_changed_on_both_sides_fail_naming_the_file(
    user_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = clone(user_project, tmp_path / "shop-api")
    health = project / f"src/{PACKAGE}/routes/health.py"
    replace_once(health, DOCSTRING_V1, '"""Probes for the cluster\'s load balancer.')
    git(project, "commit", "--quiet", "--all", "--message", "our docstring")

    code = cli.main(["update", "--project", str(project), "--defaults"])

    out = capsys.readouterr().out
    assert code == cli.EXIT_CONFLICTS
    assert f"Conflicts to resolve by hand in:\n  src/{PACKAGE}/routes/health.py\n" in out
    assert (
        "<<<<<<< before updating\n"
        '"""Probes for the cluster\'s load balancer.\n'
        "=======\n"
        f"{DOCSTRING_V2}\n"
        ">>>>>>> after updating\n"
    ) in health.read_text()


#: What `observability` adds, relative to the package; all of it goes and comes back.
OBSERVABILITY_FILES = (
    f"src/{PACKAGE}/infra/operations/metrics.py",
    f"src/{PACKAGE}/infra/operations/tracing.py",
    f"src/{PACKAGE}/infra/operations/error_monitoring.py",
    f"src/{PACKAGE}/infra/operations/settings.py",
    f"src/{PACKAGE}/infra/operations/backups.py",
    f"src/{PACKAGE}/middleware/metrics.py",
    "tests/test_metrics.py",
    "tests/test_tracing.py",
    "tests/test_error_monitoring.py",
    "tests/test_backups.py",
    "load/locustfile.py",
    "monitoring/alerts.yml",
)


def test_observability_switches_off_and_back_on_without_conflict(
    template_releases: Path, tmp_path: Path
) -> None:
    project = new(
        tmp_path / "shop-api",
        template=template_releases,
        vcs_ref="v1.0.0",
        defaults=True,
        install=False,
    ).path
    assert all((project / path).is_file() for path in OBSERVABILITY_FILES)

    off = update(project, to="v1.0.0", defaults=True, data={"observability": False})

    assert off.conflicts == ()
    assert not [path for path in OBSERVABILITY_FILES if (project / path).exists()]
    assert "prometheus-client" not in (project / "pyproject.toml").read_text()
    for check in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        run_ok([sys.executable, "-m", "ruff", *check], project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "observability off")

    on = update(project, to="v1.0.0", defaults=True, data={"observability": True})

    assert on.conflicts == ()
    assert all((project / path).is_file() for path in OBSERVABILITY_FILES)
    assert "prometheus-client" in (project / "pyproject.toml").read_text()
