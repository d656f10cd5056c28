"""Resources added to a generated project pass the project's own checks and migrations.

Slow: runs the project's tests that resources touch, ruff, mypy, lint-imports and
Alembic, on SQLite and on PostgreSQL with Redis, in the virtualenv the generated
checks share (``checks_python``). With ``CI=true`` the server run fails instead
of skipping when no server answers.
"""

import json
import re
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scaffold import add_resource
from tests.helpers import CHECKS, VARIANTS, git, run_ok
from tests.servers import (
    POSTGRESQL,
    POSTGRESQL_URL,
    drop_database,
    require_command,
    require_server,
)

pytestmark = pytest.mark.slow


#: The issue's example, a resource pointing at it and owned by its creator, and one
#: with every other field type, readable by anyone; the first two store a field
#: encrypted (text, and str).
RESOURCES: list[tuple[str, list[str], dict[str, Any]]] = [
    (
        "products",
        [
            "name:str:max=120:index",
            "description:text:optional:encrypted",
            "price:decimal:10,2:min=0",
            "inventory:int:min=0:default=0",
        ],
        {},
    ),
    (
        "orders",
        [
            "product_id:fk(products)",
            "quantity:int:min=1",
            "note:str:optional:max=200:encrypted",
        ],
        {"owned": True},
    ),
    (
        "tags",
        [
            "label:str:unique:max=40",
            "status:enum(draft|published|archived):index:default=draft",
            "featured:bool:index:default=false",
            "starts_on:date:optional",
            "published_at:datetime:optional:index",
            "ref:uuid:optional",
            "contact:email:index",
            "weight:decimal:5,1:optional",
            "curator:fk(users):optional",
            "order_id:fk(orders):optional",
        ],
        {"public_read": True},
    ),
]


@dataclass(frozen=True)
class Project:
    path: Path
    database: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql-redis"])
def project(
    request: pytest.FixtureRequest,
    generated_projects: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Project:
    """A generated project with the three resources added, each in its own commit.

    The two ends of the option matrix: SQLite alone, and PostgreSQL with Redis.
    """
    variant: str = request.param
    copy = tmp_path_factory.mktemp(f"resources-{variant}") / "my-api"
    shutil.copytree(generated_projects[variant], copy, symlinks=True)
    for name, fields, options in RESOURCES:
        add_resource(name, fields, project=copy, **options)
        git(copy, "add", "--all")
        git(copy, "commit", "--quiet", "--message", f"Add {name}")
    return Project(copy, VARIANTS[variant]["database"])


#: The project's checks; of its tests, those adding resources can break: the
#: resources' own, the conventions and security suites (they walk every route,
#: body and model, so they attack the new resources too) and the migration
#: tests. The rest of the suite runs on the same variant, unchanged, in
#: `test_generated_project.py`.
RESOURCE_CHECKS = {
    **CHECKS,
    "pytest": [
        "-m",
        "pytest",
        *(f"tests/test_{name}.py" for name, _, _ in RESOURCES),
        "tests/conventions",
        "tests/security",
        "tests/test_migrations.py",
    ],
}


@pytest.mark.parametrize("check", RESOURCE_CHECKS)
def test_the_projects_own_check_passes(project: Project, checks_python: Path, check: str) -> None:
    run_ok([str(checks_python), *RESOURCE_CHECKS[check]], project.path, env={"PYTHONPATH": "src"})


#: Most lines a resource's test module may have: its data, not the tests (the contract's).
MAX_RESOURCE_TEST_LINES = 100


def test_a_resource_test_module_holds_only_the_resources_data(project: Project) -> None:
    for name, _, _ in RESOURCES:
        module = project.path / f"tests/test_{name}.py"
        lines = len(module.read_text().splitlines())
        assert lines <= MAX_RESOURCE_TEST_LINES, f"{module.name}: {lines} lines"
        assert "(ResourceContract" in module.read_text(), module.name  # and GraphQLContract


def test_the_generated_tests_repeat_no_long_run(project: Project) -> None:
    """Each test lives once, in the contract: no 21 lines stand twice in `tests/`."""
    duplicates = require_command("duplicates")
    tests = project.path / "tests"
    report = run_ok([duplicates, "--repo", str(tests), "--min-lines", "21"], project.path)
    assert report.startswith("no duplicates"), report


def test_alembic_upgrades_to_head_and_downgrades_to_base(
    project: Project, checks_python: Path
) -> None:
    """The `alembic` command line, as a developer runs it, on an empty database."""
    name = f"test_resources_{uuid.uuid4().hex[:12]}"
    if project.database == "postgresql":
        require_server("PostgreSQL", POSTGRESQL)
        url = POSTGRESQL_URL.format(name=name)
    else:
        url = f"sqlite+aiosqlite:///{project.path / name}.db"
    env = {"PYTHONPATH": "src", "DATABASE__URL": url}
    python, cwd = str(checks_python), project.path
    try:
        # `migrate` to base creates a missing PostgreSQL database and applies nothing.
        run_ok([python, "-m", "my_api", "migrate", "--revision", "base"], cwd, env)
        upgraded = run_ok([python, "-m", "alembic", "upgrade", "head"], cwd, env)
        # Numbered after the template's revisions, which the project's options decide.
        assert re.search(r"-> \d{4}_create_tags, Create the `tags` table\.", upgraded)
        assert table_names(python, cwd, env) >= {"products", "orders", "tags"}
        run_ok([python, "-m", "alembic", "downgrade", "base"], cwd, env)
        assert table_names(python, cwd, env) == {"alembic_version"}
    finally:
        if project.database == "postgresql":
            drop_database(python, name, cwd)


TABLES_SNIPPET = """
import asyncio, json
from sqlalchemy import inspect
from my_api.infra.settings import get_settings
from my_api.infra.database import create_engine

async def main():
    engine = create_engine(get_settings().database)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    await engine.dispose()
    print(json.dumps(names))

asyncio.run(main())
"""


def table_names(python: str, project: Path, env: Mapping[str, str]) -> set[str]:
    output = run_ok([python, "-c", TABLES_SNIPPET], project, env)
    return set(json.loads(output.strip().splitlines()[-1]))
