"""A real 0.1.0 project, with resources and hand edits, updates to 0.2.0 without losing a line.

The project is generated from template v0.1.0 as scaffold ships it (the
release archive in ``scaffold/template/releases/``), gets two resources from
0.1.0's own ``scaffold add resource`` (one owned, one with an ``fk``; that
code comes from ``git archive`` of the release commit), and hand edits to a
route, a service, a setting and a moved module. Then the machine forgets
every template version it recorded, as a teammate's laptop or a fresh CI
runner would have none, and ``scaffold update`` takes the project to 0.2.0.

Slow: renders the real template twice per update and runs the project's checks.
"""

import io
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scaffold import cli, new, update
from scaffold.kit.install import find_uv, lock_dependencies
from scaffold.template.repository import HOME_VARIABLE
from tests.helpers import CHECKS, COMMAND_TIMEOUT_SECONDS, git, run_ok

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parent.parent
#: The commit released as template v0.1.0.
OLD_RELEASE = "6311c4b"
PACKAGE = "shop_api"
SOURCE = f"src/{PACKAGE}"
CONFLICT_MARKER = "<<<<<<< before updating"
#: How old the index is that every lock of this module sees (see `machine_home`).
LOCK_SNAPSHOT_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Edit:
    """A hand edit: in ``path`` (0.1.0), ``old`` becomes ``new``; ``moved_to`` in 0.2.0.

    ``updated`` is what the edit reads like after the update, if not ``new``.
    """

    path: str
    old: str
    new: str
    moved_to: str | None = None
    updated: str | None = None

    def apply(self, project: Path) -> None:
        target = project / SOURCE / self.path
        text = target.read_text()
        assert text.count(self.old) == 1, f"{self.old!r} is not in {self.path} exactly once"
        target.write_text(text.replace(self.old, self.new))

    def found_in(self, project: Path) -> bool:
        text = (project / SOURCE / (self.moved_to or self.path)).read_text()
        return (self.updated or self.new) in text


PAGE_STAMP = '''

def page_stamp() -> str:
    """Say when a page was read, for clients that cache it."""
    return utc_now().isoformat()
'''

EDITS = (
    Edit(
        "core/config.py",
        '    version: str = "0.1.0"\n',
        '    version: str = "0.1.0"\n    support_email: str = "support@example.com"\n',
        moved_to="infra/settings.py",
    ),
    Edit(
        "core/pagination.py",
        "from .cursor import",
        "from .clock import utc_now\nfrom .cursor import",
        moved_to="api/pagination.py",
        updated="from ..infra.clock import utc_now\nfrom .cursor import",
    ),
    Edit("routes/notes.py", 'summary="List notes"', 'summary="List your notes"'),
    Edit(
        "services/users.py",
        'trimmed and lower-case."""\n    return email.strip().lower()',
        'trimmed and case-folded."""\n    return email.strip().casefold()',
    ),
)


@pytest.fixture(scope="module")
def machine_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ``SCAFFOLD_HOME`` of the machine in this module: its versions repository lives here."""
    home = tmp_path_factory.mktemp("machine-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(HOME_VARIABLE, str(home))
        # Every `uv lock` here resolves against the index as it was a day ago: the plain
        # Copier path is compared byte for byte with scaffold's, and a release published
        # during the run (or still reaching the index's mirrors) made the two locks differ.
        patch.setenv("UV_EXCLUDE_NEWER", (datetime.now(UTC) - LOCK_SNAPSHOT_AGE).isoformat())
        yield home


@pytest.fixture(scope="module")
def old_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scaffold 0.1.0's own code, from ``git archive`` of the release commit."""
    checkout = tmp_path_factory.mktemp("scaffold-0.1.0")
    archive = subprocess.run(
        ["git", "archive", "--format=tar", OLD_RELEASE],
        cwd=CHECKOUT,
        capture_output=True,
        check=False,
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert archive.returncode == 0, (
        f"this test needs the repository's history down to {OLD_RELEASE} (template v0.1.0): "
        f"{archive.stderr.decode()}; in a shallow clone, run git fetch --unshallow"
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files:
        files.extractall(checkout, filter="data")
    return checkout


def add_resource_with_0_1_0(old_checkout: Path, project: Path, *arguments: str) -> None:
    """Run 0.1.0's ``scaffold add resource`` (its own code, not this checkout's)."""
    script = (
        "import sys, scaffold\n"
        f"assert scaffold.__file__.startswith({str(old_checkout)!r}), scaffold.__file__\n"
        "from scaffold import cli\n"
        "sys.exit(cli.main(['add', 'resource', *sys.argv[1:]]))\n"
    )
    run_ok(
        [sys.executable, "-c", script, "--project", str(project), *arguments],
        project,
        env={"PYTHONPATH": str(old_checkout)},
    )
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", f"add resource {arguments[0]}")


@pytest.fixture(scope="module")
def user_project(
    machine_home: Path, old_checkout: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A v0.1.0 project with two resources and the hand edits of ``EDITS``, committed."""
    project = new(
        tmp_path_factory.mktemp("user") / "shop-api", vcs_ref="v0.1.0", defaults=True, install=False
    ).path
    assert (project / SOURCE / "core/config.py").exists(), "generated with the 0.1.0 layout"
    assert not (project / SOURCE / "infra").exists()
    add_resource_with_0_1_0(
        old_checkout, project, "notes", "title:str:max=120:index", "body:text:optional", "--owned"
    )
    add_resource_with_0_1_0(
        old_checkout, project, "comments", "note_id:fk(notes)", "text:str:max=200"
    )
    for edit in EDITS:
        edit.apply(project)
    with (project / SOURCE / "core/pagination.py").open("a") as pagination:
        pagination.write(PAGE_STAMP)
    git(project, "commit", "--quiet", "--all", "--message", "hand edits")
    return project


def clone(project: Path, destination: Path) -> Path:
    git(destination.parent, "clone", "--quiet", str(project), destination.name)
    return destination


@pytest.fixture(scope="module")
def updated(
    user_project: Path, machine_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The user's project, cloned and updated on a machine that never ran scaffold 0.1.0.

    The versions repository the project names is deleted first: only the
    releases this scaffold ships can bring v0.1.0 back.
    """
    project = clone(user_project, tmp_path_factory.mktemp("updated") / "shop-api")
    shutil.rmtree(machine_home)
    machine_home.mkdir()
    result = update(project, defaults=True)
    assert (result.from_version, result.to_version, result.conflicts) == ("v0.1.0", "v0.2.0", ())
    return project


def test_every_edit_reaches_its_new_home_without_conflicts(updated: Path) -> None:
    for edit in EDITS:
        assert edit.found_in(updated), f"{edit.path}: {edit.new!r} lost"
    pagination = (updated / SOURCE / "api/pagination.py").read_text()
    assert pagination.endswith(PAGE_STAMP)
    assert not (updated / SOURCE / "core").exists()
    marked = [
        path
        for path, content in project_files(updated).items()
        if CONFLICT_MARKER.encode() in content.splitlines()
    ]
    assert marked == []
    route = (updated / SOURCE / "routes/comments.py").read_text()
    assert "from ..security.current_user import CurrentUser" in route, "a resource's imports"


def test_the_updated_project_passes_its_checks_and_serves_its_resources(
    updated: Path, checks_python: Path, tmp_path: Path
) -> None:
    report = tmp_path / "pytest.xml"
    pytest_check = [*CHECKS["pytest"], "-p", "no:cacheprovider", f"--junitxml={report}"]
    run_ok([str(checks_python), *pytest_check], updated, env={"PYTHONPATH": "src"})
    for name, check in CHECKS.items():
        if name != "pytest":
            run_ok([str(checks_python), *check], updated, env={"PYTHONPATH": "src"})

    cases = ElementTree.parse(report).getroot().iter("testcase")  # noqa: S314 (pytest wrote it)
    resource_cases = [
        case for case in cases if case.get("classname", "").endswith(("notes", "comments"))
    ]
    assert len(resource_cases) > 10, "the resources' endpoint tests ran"
    assert all(not list(case) for case in resource_cases), "and none failed or skipped"


def test_plain_copier_update_gives_the_same_project(
    user_project: Path, updated: Path, tmp_path: Path
) -> None:
    project = clone(user_project, tmp_path / "shop-api")

    copier = ["-m", "copier", "update", "--trust", "--defaults", "--quiet", "--vcs-ref", "v0.2.0"]
    run_ok([sys.executable, *copier], project)
    # Copier leaves the lock behind a changed pyproject.toml; scaffold re-locks,
    # and the README tells plain Copier users to run `uv lock` themselves.
    lock_dependencies(project, find_uv() or "uv")

    assert project_files(project) == project_files(updated)
    assert git(project, "status", "--porcelain") == git(updated, "status", "--porcelain")


def project_files(project: Path) -> dict[str, bytes]:
    """Return the files git sees in ``project`` (not the checks' caches) with their content."""
    listed = git(project, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return {
        name: (project / name).read_bytes()
        for name in listed.split("\0")
        if name and (project / name).is_file()
    }


def test_edits_to_lines_the_template_changed_fail_naming_the_files(
    user_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = clone(user_project, tmp_path / "shop-api")
    moved = Edit(
        "core/rate_limits.py",
        "check on every request); the login lockouts",
        "check on every request, cheaply); the login lockouts",
        moved_to="api/rate_limits/limiter.py",
    )
    kept = Edit("main.py", '"password-reset",', '"password-resets",')
    for edit in (moved, kept):
        edit.apply(project)
    git(project, "commit", "--quiet", "--all", "--message", "edits the template changes too")

    code = cli.main(["update", "--project", str(project), "--defaults", "--to", "v0.2.0"])

    assert code == cli.EXIT_CONFLICTS
    assert (
        "Conflicts to resolve by hand in:\n"
        f"  {SOURCE}/api/rate_limits/limiter.py\n"
        f"  {SOURCE}/main.py\n"
    ) in capsys.readouterr().out
    for edit in (moved, kept):
        text = (project / SOURCE / (edit.moved_to or edit.path)).read_text()
        assert CONFLICT_MARKER in text, f"{edit.path}: no conflict left"
        assert edit.new in text, f"{edit.path}: the user's side is gone"
