"""``scaffold add resource`` on a real generated project (rendered once, copied per test)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, add_resource, cli
from tests.helpers import git

EXAMPLE = [
    "name:str:max=120:index",
    "description:text:optional",
    "price:decimal:10,2:min=0",
    "inventory:int:min=0:default=0",
]
ORDERS = ["product_id:fk(products)", "quantity:int:min=1", "note:str:optional:max=200"]


@pytest.fixture
def project(generated_projects: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the default (SQLite) project, committed and clean."""
    copy = tmp_path / "my-api"
    shutil.copytree(generated_projects["sqlite"], copy, symlinks=True)
    return copy


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file outside .git with its content, to prove nothing changed."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def commit(project: Path) -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "resource")


def test_the_example_writes_every_layer_and_touches_nothing_else(project: Path) -> None:
    added = add_resource("products", EXAMPLE, project=project)
    assert added.written
    assert [str(path) for path in added.files] == [
        "src/my_api/models/product.py",
        "src/my_api/schemas/product.py",
        "src/my_api/services/products.py",
        "src/my_api/routes/products.py",
        f"src/my_api/migrations/versions/{added.files[4].name}",
        "tests/test_products.py",
        ".scaffold/resources/products.yml",
    ]
    assert added.files[4].name.endswith("_0003_create_products.py")
    status = git(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line[3:] for line in status) == sorted(str(path) for path in added.files)
    assert all(line.startswith("??") for line in status)  # new files only: discovery
    migration = (project / added.files[4]).read_text()
    assert 'revision: str = "0003_create_products"' in migration
    assert 'down_revision: str | None = "0002_users_and_sessions"' in migration
    spec = yaml.safe_load((project / ".scaffold/resources/products.yml").read_text())
    assert spec["fields"] == [
        "name:str:index:max=120",
        "description:text:optional",
        "price:decimal:10,2:min=0",
        "inventory:int:min=0:default=0",
    ]
    assert (spec["owned"], spec["public_read"], spec["migration"]) == (
        False,
        False,
        "0003_create_products",
    )
    routes = (project / "src/my_api/routes/products.py").read_text()
    assert "grant(ADMIN_ROLE, PRODUCTS_WRITE)" in routes
    assert '"/{product_id}", summary="Replace a product"' in routes
    assert '"/{product_id}", summary="Update a product"' in routes


def test_a_resource_can_point_at_another_and_belong_to_its_creator(project: Path) -> None:
    first = add_resource("products", EXAMPLE, project=project)
    commit(project)
    second = add_resource("orders", ORDERS, project=project, owned=True)
    migration = (project / second.files[4]).read_text()
    assert f'down_revision: str | None = "{first.files[4].stem.split("_", 1)[1]}"' in migration
    model = (project / "src/my_api/models/order.py").read_text()
    assert (
        'product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)'
        in model
    )
    assert 'ForeignKey("users.id", ondelete="CASCADE")' in model
    service = (project / "src/my_api/services/orders.py").read_text()
    assert "Order.owner_id == owner_id" in service
    assert 'await ensure_exists(self.session, Product, values["product_id"]' in service


def test_a_dry_run_lists_the_files_and_writes_none(project: Path) -> None:
    before = snapshot(project)
    planned = add_resource("products", EXAMPLE, project=project, dry_run=True)
    assert not planned.written
    assert snapshot(project) == before
    assert add_resource("products", EXAMPLE, project=project).files == planned.files


def test_uncommitted_changes_need_force(project: Path) -> None:
    (project / "README.md").write_text("edited\n")
    with pytest.raises(ScaffoldError, match=r"uncommitted changes \(M README.md\)"):
        add_resource("products", EXAMPLE, project=project)
    assert add_resource("products", EXAMPLE, project=project, force=True).written


def test_a_failed_write_removes_what_it_wrote(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project)
    real_open = Path.open
    opened: list[Path] = []

    def fail_on_the_fourth(self: Path, *args: object, **kwargs: object) -> object:
        if args and args[0] == "x":
            opened.append(self)
            if len(opened) == 4:
                raise OSError(28, "No space left on device", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", fail_on_the_fourth)
    with pytest.raises(ScaffoldError, match="No space left on device; nothing was written"):
        add_resource("products", EXAMPLE, project=project)
    assert len(opened) == 4
    assert snapshot(project) == before
    assert not (project / ".scaffold/resources").exists()


def several_heads(project: Path) -> None:
    versions = project / "src/my_api/migrations/versions"
    for side in ("left", "right"):
        (versions / f"20260103_0003_{side}.py").write_text(
            f'revision = "0003_{side}"\ndown_revision = "0002_users_and_sessions"\n'
        )
    commit(project)


def older_template(project: Path) -> None:
    """As a project of template 0.1.0, which wrote no layout description."""
    git(project, "rm", "--quiet", ".scaffold/layout.yml")
    commit(project)


def moved_module(project: Path) -> None:
    git(project, "mv", "src/my_api/api/pagination.py", "src/my_api/api/paging.py")
    commit(project)


def existing_resource(project: Path) -> None:
    add_resource("products", EXAMPLE, project=project)
    commit(project)


def clashing_module(project: Path) -> None:
    (project / "src/my_api/services/widgets.py").write_text('"""Hand-written."""\n')
    commit(project)


def nothing(_project: Path) -> None:
    """No preparation: the arguments alone are wrong."""


@pytest.mark.parametrize(
    ("prepare", "argv", "message"),
    [
        (nothing, ["widgets", "size:huge"], "Unknown type 'huge' for field 'size'"),
        (nothing, ["widgets", "size:int:big"], "Unknown modifier 'big' for field 'size'"),
        (nothing, ["widgets", "id:str"], "Field name 'id' is reserved"),
        (nothing, ["widgets", "a:str", "a:int"], "Field 'a' is given twice."),
        (nothing, ["widgets", "for:str"], "Invalid field name 'for'"),
        (nothing, ["Widgets", "a:str"], "Invalid resource name 'Widgets'"),
        (nothing, ["widget-list", "a:str"], "Invalid resource name 'widget-list'"),
        (nothing, ["widgets", "p:fk(products)"], "fk(products) points at no resource"),
        (nothing, ["widgets", "p:fk(auth_sessions)"], "fk(auth_sessions) points at no resource"),
        (nothing, ["users", "a:str"], "already has a table named 'users' (models/user.py)"),
        (nothing, ["alembic_version", "a:str"], "already has a table named 'alembic_version'"),
        (nothing, ["widgets", "a:decimal:18,2"], "SQLite stores decimals as 64-bit floats"),
        (
            nothing,
            [f"{'w' * 30}s", f"{'f' * 31}:str:index"],
            "is longer than PostgreSQL's 63 characters",
        ),
        (nothing, ["notes", "a:str", "--owned", "--public-read"], "cannot be combined"),
        (existing_resource, ["products", "a:str"], "Resource 'products' already exists"),
        (several_heads, ["widgets", "a:str"], "several heads (0003_left, 0003_right); merge"),
        (older_template, ["widgets", "a:str"], "has no .scaffold/layout.yml, which says where"),
        (older_template, ["widgets", "a:str"], "Update the project to the current template first"),
        (moved_module, ["widgets", "a:str"], "src/my_api/api/pagination.py is missing, and"),
        (clashing_module, ["widgets", "a:str"], "services/widgets.py already exists"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    prepare: object,
    argv: list[str],
    message: str,
) -> None:
    assert callable(prepare)
    prepare(project)
    before = snapshot(project)
    code = cli.main(["add", "resource", *argv, "--project", str(project)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert snapshot(project) == before


def test_a_directory_that_is_no_generated_project(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["add", "resource", "widgets", "a:str", "--project", str(workdir)])
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: {workdir} has no .copier-answers.yml, so there is no record of the template "
        "it came from: it was not generated by scaffold (or Copier), or the file was "
        "removed. Run the command in the project, or pass --project DIR.\n"
    )
    assert list(workdir.iterdir()) == []


def test_a_missing_field_list_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["add", "resource", "widgets"]) == 2
    assert "the following arguments are required: FIELD" in capsys.readouterr().err


def test_the_cli_lists_the_files_and_the_next_steps(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert cli.main(["add", "resource", "products", *EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"Added resource products to {project}:\n  src/my_api/models/product.py\n"
    )
    assert "  .venv/bin/python -m my_api migrate\n" in out
    assert "  .venv/bin/python -m pytest tests/test_products.py\n" in out
    assert "try /api/v1/products in http://127.0.0.1:8000/docs" in out
    assert "Writes need the products:write permission, which admins have:" in out
    assert "cd " not in out


def test_the_cli_dry_run_says_nothing_was_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["add", "resource", "orders", *ORDERS[1:], "--owned", "--dry-run"]
    assert cli.main([*argv, "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"Would add resource orders to {project} (dry run, nothing written):"
    )
    assert "Next steps" not in out
    assert not (project / "src/my_api/models/order.py").exists()


def test_help_teaches_types_modifiers_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["add", "resource", "--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for text in (
        "NAME FIELD [FIELD ...]",
        "'enum(a|b|c)' 'fk(<resource>)'",
        "modifiers: unique index optional max=N min=N default=V",
        "scaffold add resource products name:str:max=120:index description:text:optional",
        "--owned each row belongs to the user who created it; others get 404",
        "--dry-run list the files it would write; write nothing",
    ):
        assert text in out


def test_generated_code_passes_the_projects_ruff_whatever_the_names(project: Path) -> None:
    """The project's own ruff settings; ruff comes with this repository's test tools."""
    add_resource("products", EXAMPLE, project=project)
    add_resource("orders", ORDERS, project=project, owned=True, force=True)
    # Names as long as PostgreSQL's identifiers allow: a 39-character table, so
    # indexed fields get short names and the long ones are plain columns.
    add_resource(
        "warehouse_replenishment_request_entries",
        [
            "supplier_email:email:index",
            "priority_class:enum(low|normal|high|urgent):index",
            "requested_quantity_of_items_in_each_unit:int:min=1:max=100000",
            "unit_price_before_any_discount_and_taxes:decimal:12,4:optional:min=0.5",
            "expected_delivery_date_at_the_warehouse:date:optional",
            "confirmed:bool:default=false:index",
            "po_id:fk(orders):optional",
            "prod_id:fk(products)",
            "manager:fk(users)",
            "free_text_notes_for_the_warehouse_team_x:text:optional:max=5000",
            "supplier_code:str:unique:max=64",
            "external_tracking_uuid_for_the_shipment:uuid:optional",
            "shipped_at_timestamp_reported_by_carrier:datetime:optional",
            "a_default_that_is_rather_long_for_a_line:str:max=200"
            ':default=Say "hello", it\'s a long default',
        ],
        project=project,
        singular="replenishment_entry",
        owned=True,
        force=True,
    )
    add_resource(
        "tags",
        ["label:str:unique:max=40", "note:text"],
        project=project,
        public_read=True,
        force=True,
    )
    for check in (["check", "."], ["format", "--check", "--diff", "."]):
        completed = subprocess.run(
            [sys.executable, "-m", "ruff", *check],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
