"""GraphQL switched on later: `scaffold update --data graphql=true` on a project in use.

Slow: renders the real template (a git copy of this checkout, released as
v1.0.0), adds a resource and a change of the user's own, switches GraphQL on
at the same version, and runs the project's checks on the result.
"""

from pathlib import Path

import pytest
import yaml

from scaffold import add_resource, new, update
from tests.helpers import CHECKS, git, released_checkout, run_ok

pytestmark = pytest.mark.slow

PACKAGE = "shop_api"
USER_LINE = "# Our own note, which the update must keep.\n"
#: The project's checks; of its tests, those GraphQL adds or can break (the rest
#: of the suite runs unchanged in `test_generated_project.py`).
SWITCH_CHECKS = {
    **CHECKS,
    "pytest": [
        "-m",
        "pytest",
        "tests/conventions",
        "tests/test_graphql.py",
        "tests/test_graphql_limits.py",
        "tests/test_widgets.py",
    ],
}


@pytest.fixture(scope="module")
def rest_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A REST-only project with a resource and a line of the user's own in main.py."""
    template = released_checkout(tmp_path_factory.mktemp("release") / "template", "v1.0.0")
    project = new(
        tmp_path_factory.mktemp("user") / "shop-api",
        template=template,
        vcs_ref="v1.0.0",
        defaults=True,
        install=False,
    ).path
    add_resource("widgets", ["name:str:max=100"], project=project)
    main = project / f"src/{PACKAGE}/main.py"
    main.write_text(main.read_text() + "\n\n" + USER_LINE)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "our work")
    return project


def test_switching_graphql_on_keeps_the_users_work_and_passes_the_checks(
    rest_project: Path, checks_python: Path
) -> None:
    result = update(rest_project, defaults=True, data={"graphql": True})

    assert (result.conflicts, result.lock_problem) == ((), None)
    answers = yaml.safe_load((rest_project / ".copier-answers.yml").read_text())
    assert answers["graphql"] is True
    package = rest_project / "src" / PACKAGE
    assert (package / "graphql" / "endpoint.py").is_file()
    main = (package / "main.py").read_text()
    assert "install_graphql(app, settings)" in main
    assert main.endswith(USER_LINE), "the user's line"
    assert (package / "routes" / "widgets.py").is_file(), "the user's resource"
    assert "strawberry-graphql" in (rest_project / "pyproject.toml").read_text()
    assert 'name = "strawberry-graphql"' in (rest_project / "uv.lock").read_text()
    for check in SWITCH_CHECKS.values():
        run_ok([str(checks_python), *check], rest_project, env={"PYTHONPATH": "src"})
