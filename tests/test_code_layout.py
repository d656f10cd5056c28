"""Generated code is laid out as ruff would; ruff itself is the judge here."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.resource.python_source import Imports, fit, fit_source, python_string

LONG = "a_rather_long_resource_name_for_testing_x"  # 40 characters, the longest allowed

#: Statements as templates write them, one line each, before fitting.
STATEMENTS = [
    "x = call(first, second)",
    f"    {LONG}: Mapped[str | None] = mapped_column(String(120), unique=True, index=True)",
    f"async def list_{LONG}(query: Annotated[Query, Query()], _user: CurrentUser, "
    f"{LONG}: Service) -> Envelope[list[Read]]:",
    f'    op.create_table({python_string(LONG)}, sa.Column("id", sa.Uuid(), nullable=False), '
    f'sa.Column("status", sa.Enum("draft", "published", "archived", name="status", '
    f"native_enum=False, create_constraint=True, length=9), nullable=False), "
    f'sa.PrimaryKeyConstraint("id", name=op.f("pk_{LONG}")))',
    f"    {LONG}_row = await insert_row(db_session, Product, ProductCreate, "
    '{"name": "name0", "price": "0.00", "description": "some text"})',
    f"    return ok({LONG}Read.model_validate(await {LONG}.create(body, owner_id=writer.id)), "
    'message="Created.")',
    f'INVALID_VALUES: list[tuple[str, Any]] = [({python_string(LONG)}, 1), ("b", 2), ("c", 3)]',
    f'    sort: Literal["created_at", "-created_at", "{LONG}", "-{LONG}"] = "created_at"',
    f'@router.get("/{{{LONG}_id}}", summary="Read one", responses=error_responses(401, 404))',
    f'        raise NotFoundError("{LONG} was not found, and this message is long.")',
]


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ruff with the generated project's line length and ``my_api`` as first party."""
    (cwd / "ruff.toml").write_text(
        'line-length = 100\n[lint.isort]\nknown-first-party = ["my_api"]\n'
    )
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def as_module(statement: str) -> str:
    """Wrap an indented statement so it is valid on its own."""
    if statement.startswith("        "):
        return f"class C:\n    async def f(self):\n{statement}\n"
    if statement.startswith("    "):
        return f"async def f():\n{statement}\n"
    body = "\n    pass" if statement.endswith(":") else ""
    if statement.startswith("@"):
        return f"{statement}\ndef f():\n    pass\n"
    return f"{statement}{body}\n"


@pytest.mark.parametrize("statement", STATEMENTS)
def test_fitted_statements_are_what_ruff_format_keeps(statement: str, tmp_path: Path) -> None:
    source = tmp_path / "generated.py"
    source.write_text(fit_source(as_module(statement)))
    checked = ruff("format", "--diff", str(source), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert max(len(line) for line in source.read_text().splitlines()) <= 100


def test_short_lines_are_left_alone() -> None:
    assert fit("    x = call(a, b)") == "    x = call(a, b)"


def test_a_call_too_long_for_one_line_keeps_its_arguments_together() -> None:
    line = f"    {LONG}: Mapped[str | None] = mapped_column(String(120), unique=True, index=True)"
    assert fit(line).splitlines() == [
        f"    {LONG}: Mapped[str | None] = mapped_column(",
        "        String(120), unique=True, index=True",
        "    )",
    ]


def test_a_display_is_split_one_item_a_line() -> None:
    line = f"ITEMS = [{', '.join(python_string(LONG + str(n)) for n in range(3))}]"
    assert fit(line).splitlines() == [
        "ITEMS = [",
        *(f'    "{LONG}{n}",' for n in range(3)),
        "]",
    ]


def test_docstrings_and_comments_are_not_touched() -> None:
    text = '"""' + "word " * 30 + '\n"""\n# ' + "(a, b) " * 20 + "\n"
    assert fit_source(text) == text


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', "'say \"hi\"'"),
        ("it's", '"it\'s"'),
        ("back\\slash", '"back\\\\slash"'),
        ("both ' and \"", '"both \' and \\""'),
        ("Grüße", '"Grüße"'),
    ],
)
def test_string_literals_use_the_quotes_ruff_prefers(text: str, literal: str) -> None:
    assert python_string(text) == literal
    assert ast.literal_eval(literal) == text


def test_imports_are_grouped_and_sorted_like_ruffs_isort(tmp_path: Path) -> None:
    imports = Imports(first_party="my_api")
    imports.add("..services.products", "ProductService")
    imports.add("uuid")
    imports.add("fastapi", "status", "APIRouter", "Depends")
    imports.add("my_api.models.product", "Product")
    imports.add("typing", "Any")
    imports.add("..security.rbac", "grant", "ADMIN_ROLE", "USER_ROLE")
    imports.add("pytest")
    imports.add(".helpers", "Account")
    imports.add("sqlalchemy", "select")
    imports.add("..schemas." + LONG, *(f"{LONG.title()}{kind}" for kind in ("Create", "Read")))
    rendered = imports.render()
    assert rendered.splitlines()[:2] == ["import uuid", "from typing import Any"]
    assert "from ..security.rbac import ADMIN_ROLE, USER_ROLE, grant" in rendered
    package = tmp_path / "my_api" / "routes"
    package.mkdir(parents=True)
    module = package / "generated.py"
    module.write_text(rendered + "\n")
    checked = ruff("check", "--select", "I", "--diff", str(module), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
