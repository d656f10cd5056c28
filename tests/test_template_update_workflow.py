"""The generated template-update workflow's script, run for real on a project of template 0.1.0.

GitHub runs the workflow; here its last step's script runs in a project
generated from template v0.1.0 (shipped with scaffold), with this checkout's
``scaffold`` on PATH, a bare repository as ``origin`` and a stand-in ``gh``
that records what it is asked. The script must find the newer template, run
``scaffold update``, push a branch with the update (and the refreshed lock)
and open a pull request for it; run again, it must see the branch and stop.

Slow: the update from 0.1.0 moves modules and re-locks the dependencies.
"""

import json
import os
import sys
from pathlib import Path

import pytest
import yaml

from scaffold.new import new
from tests.helpers import SCRIPTS, git, run_command, run_ok

pytestmark = pytest.mark.slow

#: Records each ``gh`` call, its arguments as one JSON line, and succeeds.
FAKE_GH = f"""#!{sys.executable}
import json, os, sys
with open(os.environ["GH_CALLS"], "a") as calls:
    calls.write(json.dumps(sys.argv[1:]) + "\\n")
"""


def update_script(project: Path) -> str:
    """The ``run:`` of the workflow's step that updates and opens the pull request."""
    workflow = yaml.safe_load((project / ".github/workflows/template-update.yml").read_text())
    (job,) = workflow["jobs"].values()
    script: str = job["steps"][-1]["run"]
    return script


def test_the_weekly_workflow_updates_pushes_and_opens_a_pull_request(
    generated_projects: dict[str, Path], tmp_path: Path
) -> None:
    project = new(tmp_path / "my-api", defaults=True, install=False, vcs_ref="v0.1.0").path
    origin = tmp_path / "origin.git"
    run_ok(["git", "init", "--quiet", "--bare", str(origin)], tmp_path)
    git(project, "remote", "add", "origin", str(origin))
    git(project, "push", "--quiet", "origin", "HEAD")
    generated_commit = git(project, "rev-parse", "HEAD").strip()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    calls = tmp_path / "gh-calls"
    script = tmp_path / "update.sh"
    script.write_text(update_script(generated_projects["sqlite"]))
    env = {
        "PATH": os.pathsep.join([str(bin_dir), str(SCRIPTS), os.environ["PATH"]]),
        "GH_TOKEN": "not-a-real-token",
        "GH_CALLS": str(calls),
    }

    first = run_command(["bash", str(script)], project, env)
    assert first.returncode == 0, first.stdout

    branches = git(origin, "branch", "--list", "template-update/*").split()
    assert len(branches) == 1, branches
    branch = branches[0]
    version = branch.removeprefix("template-update/")
    assert version.startswith("v0.2"), branch
    changed = git(origin, "diff", "--name-only", f"{generated_commit}..{branch}").split()
    assert {".copier-answers.yml", "pyproject.toml", "uv.lock"} <= set(changed)
    assert "src/my_api/infra/settings.py" in changed, "the 0.2.0 layout came in"
    (setup, pull_request) = [json.loads(line) for line in calls.read_text().splitlines()]
    assert setup == ["auth", "setup-git"]
    assert pull_request[:4] == ["pr", "create", "--head", branch]
    assert "--draft" not in pull_request, "no conflicts, so a pull request ready for review"
    assert f"Update to backend-scaffold template {version}" in pull_request

    git(project, "switch", "--quiet", "-")  # next week's run starts from the default branch
    again = run_command(["bash", str(script)], project, env)
    assert again.returncode == 0, again.stdout
    assert f"The branch {branch} exists already" in again.stdout
    assert len(calls.read_text().splitlines()) == 3, "only `gh auth setup-git` ran again"
