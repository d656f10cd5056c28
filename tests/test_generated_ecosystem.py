"""Each curated project meets the ecosystem's checks: repo-review, actionlint, zizmor, the lock.

What a newcomer's first push meets: scientific-python's repo-review on the
repository, actionlint (with shellcheck on the ``run:`` scripts) and zizmor
(offline: no GitHub API here) on the workflows and Dependabot's config, and
``uv sync --locked`` installing exactly the committed lock. The projects'
own checks run in tests/test_generated_project.py.
"""

from pathlib import Path

import pytest

from scaffold.kit.install import find_uv
from tests.helpers import SCRIPTS, VARIANTS, run_ok
from tests.repo_review_checks import failed_checks


@pytest.mark.parametrize("variant", VARIANTS)
def test_repo_review_passes(generated_projects: dict[str, Path], variant: str) -> None:
    failures = failed_checks(generated_projects[variant])
    assert not failures, "repo-review failed:\n" + "\n".join(failures)


@pytest.mark.parametrize("variant", VARIANTS)
def test_workflows_pass_actionlint_and_zizmor(
    generated_projects: dict[str, Path], variant: str
) -> None:
    project = generated_projects[variant]
    assert {path.name for path in (project / ".github" / "workflows").iterdir()} == {
        "ci.yml",
        "template-update.yml",
    }
    # actionlint runs shellcheck on every `run:` script when it finds it on PATH.
    run_ok([str(SCRIPTS / "actionlint"), "-shellcheck", str(SCRIPTS / "shellcheck")], project)
    run_ok([str(SCRIPTS / "zizmor"), "--offline", "--no-progress", ".github"], project)


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_uv_sync_locked_installs_the_committed_lock(
    generated_projects: dict[str, Path], variant: str, tmp_path: Path
) -> None:
    project = generated_projects[variant]
    assert "uv.lock" in run_ok(["git", "ls-files"], project).splitlines()
    uv = find_uv()
    assert uv is not None, "the uv package ships a uv binary for this platform"
    # Into an environment of the test's own: the shared project stays as rendered.
    environment = {"UV_PROJECT_ENVIRONMENT": str(tmp_path / "venv")}
    run_ok([uv, "sync", "--locked", "--quiet"], project, environment)
    run_ok([uv, "lock", "--check", "--offline"], project)
