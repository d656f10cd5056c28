"""The layout description: what the template writes, and how scaffold reads it."""

import re
from pathlib import Path, PurePosixPath

import pytest

from scaffold.errors import ScaffoldError
from scaffold.project.layout import LAYOUT_FILE, LAYOUT_VERSION, read_layout, relative_import
from tests.helpers import write_files

DESCRIPTION = """\
version: 2
package: src/app
models: src/app/models
schemas: src/app/schemas
services: src/app/services
routes: src/app/routes
migrations: src/app/migrations/versions
tests: tests
conventions: tests/conventions
modules:
  pagination: src/app/api/pagination.py
  idempotency: src/app/api/idempotency/__init__.py
"""


def test_every_variant_of_the_template_describes_what_it_renders(
    generated_projects: dict[str, Path],
) -> None:
    for project in generated_projects.values():
        layout = read_layout(project)
        assert layout is not None
        assert layout.version == LAYOUT_VERSION
        assert layout.package == PurePosixPath("src/my_api")
        assert layout.missing(project) == []
        assert {"pagination", "records", "errors", "test_helpers"} <= set(layout.modules)


def test_a_project_without_a_description_has_no_layout(tmp_path: Path) -> None:
    assert read_layout(tmp_path) is None


def test_paths_and_imports_come_from_the_description(tmp_path: Path) -> None:
    write_files(tmp_path, {str(LAYOUT_FILE): DESCRIPTION})
    layout = read_layout(tmp_path)
    assert layout is not None
    assert layout.package_name == "app"
    assert layout.directory("migrations") == PurePosixPath("src/app/migrations/versions")
    assert layout.absolute_import(PurePosixPath("src/app/models/order.py")) == "app.models.order"
    assert layout.missing(tmp_path)[0] == PurePosixPath("src/app")
    with pytest.raises(ScaffoldError, match="names no 'records' module"):
        layout.module("records")


@pytest.mark.parametrize(
    ("importer", "module", "expected"),
    [
        ("src/app/services/orders.py", "src/app/api/pagination.py", "..api.pagination"),
        ("src/app/models/order.py", "src/app/models/base.py", ".base"),
        ("src/app/routes/orders.py", "src/app/api/idempotency/__init__.py", "..api.idempotency"),
        ("src/app/services/orders.py", "src/app/errors.py", "..errors"),
        ("tests/test_orders.py", "tests/helpers.py", ".helpers"),
        ("src/app/deep/layer/orders.py", "src/app/api/records.py", "...api.records"),
    ],
)
def test_relative_imports_climb_to_the_common_package(
    importer: str, module: str, expected: str
) -> None:
    assert relative_import(PurePosixPath(importer), PurePosixPath(module)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 3\n", "layout version 3, from a template newer than this scaffold knows"),
        ("version: 1\n", "update the project first (scaffold update --defaults)"),
        ("[not, a, mapping]\n", "does not hold a layout description with a version"),
        (DESCRIPTION.replace("tests: tests", "tests: ../tests"), "tests must be a path inside"),
        (DESCRIPTION.replace("models: src/app/models\n", ""), "models must be a path inside"),
        (DESCRIPTION.split("modules:")[0], "has no `modules:` mapping"),
    ],
)
def test_a_description_scaffold_cannot_use_is_refused_with_the_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    write_files(tmp_path, {str(LAYOUT_FILE): text})
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        read_layout(tmp_path)
