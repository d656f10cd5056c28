"""``scaffold add resource`` on a real generated project (rendered once, copied per test)."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, add_resource
from tests.helpers import ORDER_FIELDS, PRODUCT_FIELDS, commit_all, git, snapshot


def test_the_example_writes_every_layer_and_touches_nothing_else(project: Path) -> None:
    added = add_resource("products", PRODUCT_FIELDS, project=project)
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
    assert added.files[4].name.endswith("_0004_create_products.py")
    status = git(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line[3:] for line in status) == sorted(str(path) for path in added.files)
    assert all(line.startswith("??") for line in status)  # new files only: discovery
    migration = (project / added.files[4]).read_text()
    assert 'revision: str = "0004_create_products"' in migration
    assert 'down_revision: str | None = "0003_jobs"' in migration
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
        "0004_create_products",
    )
    routes = (project / "src/my_api/routes/products.py").read_text()
    assert "grant(ADMIN_ROLE, PRODUCTS_WRITE)" in routes
    assert '"/{product_id}", summary="Replace a product"' in routes
    assert '"/{product_id}", summary="Update a product"' in routes


def test_a_resource_can_point_at_another_and_belong_to_its_creator(project: Path) -> None:
    first = add_resource("products", PRODUCT_FIELDS, project=project)
    commit_all(project)
    second = add_resource("orders", ORDER_FIELDS, project=project, owned=True)
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


def test_the_tests_give_the_contract_only_the_resources_data(project: Path) -> None:
    """The tests are the project's `tests/resource_contract/`; a module holds the case."""
    add_resource("products", PRODUCT_FIELDS, project=project)
    commit_all(project)
    add_resource("orders", ORDER_FIELDS, project=project, owned=True)
    commit_all(project)
    review_fields = ["order_id:fk(orders)", "author:fk(users)", "stars:int:min=1:max=5"]
    add_resource("reviews", review_fields, project=project, owned=True)
    tests = project / "tests"
    products, orders, reviews = (
        (tests / f"test_{name}.py").read_text() for name in ("products", "orders", "reviews")
    )
    assert all(len(text.splitlines()) <= 100 for text in (products, orders, reviews))
    assert "class TestProducts(ResourceContract):\n    case = PRODUCTS\n" in products
    assert 'sort_keys=["created_at", "name"],\n    filters=["name"],\n' in products
    assert 'required=["name", "price"],\n    not_null=["name", "price", "inventory"],\n' in products
    assert '("price", "-1"),\n        ("inventory", -1),\n    ],\n' in products
    assert "owned=True" not in products
    assert "def refs" not in products, "no fk field: the contract's empty refs do"
    assert "writer_role=USER_ROLE,\n    owned=True,\n" in orders
    assert 'protected_targets={"product_id": ProductService},\n)' in orders
    assert "own_references_only" not in orders, "products belong to nobody"
    assert "async def refs(self, db_session: AsyncSession) -> Refs:" in orders
    assert "own_references_only=True" in reviews, "orders are owned: only one's own"
    assert "protected_targets" not in reviews, "owned rows go with their owner"
    assert 'return {"order_id": str(order_row.id), "author": writer.id}' in reviews


def test_a_dry_run_lists_the_files_and_writes_none(project: Path) -> None:
    before = snapshot(project)
    planned = add_resource("products", PRODUCT_FIELDS, project=project, dry_run=True)
    assert not planned.written
    assert snapshot(project) == before
    assert add_resource("products", PRODUCT_FIELDS, project=project).files == planned.files


def test_uncommitted_changes_need_force(project: Path) -> None:
    (project / "README.md").write_text("edited\n")
    with pytest.raises(ScaffoldError, match=r"uncommitted changes \(M README.md\)"):
        add_resource("products", PRODUCT_FIELDS, project=project)
    assert add_resource("products", PRODUCT_FIELDS, project=project, force=True).written


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
        add_resource("products", PRODUCT_FIELDS, project=project)
    assert len(opened) == 4
    assert snapshot(project) == before
    assert not (project / ".scaffold/resources").exists()


def test_generated_code_passes_the_projects_ruff_whatever_the_names(project: Path) -> None:
    """The project's own ruff settings; ruff comes with this repository's test tools."""
    add_resource("products", PRODUCT_FIELDS, project=project)
    add_resource("orders", ORDER_FIELDS, project=project, owned=True, force=True)
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


def test_an_encrypted_field_is_ciphertext_in_a_text_column_and_its_tests_check_so(
    project: Path,
) -> None:
    added = add_resource(
        "clients", ["name:str:index", "tax_id:str:max=20:encrypted"], project=project
    )
    model = (project / "src/my_api/models/client.py").read_text()
    assert 'tax_id: Mapped[str] = mapped_column(EncryptedText("clients.tax_id"))' in model
    assert "from ..infra.encryption.columns import EncryptedText" in model
    migration = (project / added.files[4]).read_text()
    assert 'sa.Column("tax_id", sa.Text(), nullable=False)' in migration
    schemas = (project / "src/my_api/schemas/client.py").read_text()
    assert "tax_id: StoredText = Field(max_length=20)" in schemas, "the API bounds the value"
    tests = (project / "tests/test_clients.py").read_text()
    assert 'encrypted=["tax_id"],\n    table="clients",\n' in tests
    assert 'filters=["name"],' in tests, "never a filter on the encrypted field"
    spec = yaml.safe_load((project / ".scaffold/resources/clients.yml").read_text())
    assert spec["fields"][1] == "tax_id:str:encrypted:max=20"
