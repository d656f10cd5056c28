"""``scaffold add resource`` in a project that serves GraphQL writes its GraphQL layer too."""

import shutil
from pathlib import Path

import pytest

from scaffold import add_resource
from tests.helpers import ORDER_FIELDS, PRODUCT_FIELDS, commit_all


@pytest.fixture
def graphql_project(generated_projects: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of the rendered project whose answers turn GraphQL on."""
    copy = tmp_path / "my-api"
    shutil.copytree(generated_projects["postgresql-redis"], copy, symlinks=True)
    return copy


def test_the_type_and_the_root_fields_come_with_the_other_layers(graphql_project: Path) -> None:
    added = add_resource("products", PRODUCT_FIELDS, project=graphql_project)
    files = [str(path) for path in added.files]
    assert "src/my_api/graphql/types/product.py" in files
    assert "src/my_api/graphql/resolvers/products.py" in files
    resolvers = (graphql_project / "src/my_api/graphql/resolvers/products.py").read_text()
    assert "from ...routes.products import PRODUCTS_WRITE, get_product_service" in resolvers
    assert "permission_classes=[require(PRODUCTS_WRITE)]" in resolvers
    service = (graphql_project / "src/my_api/services/products.py").read_text()
    assert "async def get_many(self, ids: Sequence[uuid.UUID])" in service
    tests = (graphql_project / "tests/test_products.py").read_text()
    assert "class TestProducts(ResourceContract, GraphQLContract):" in tests
    assert 'GraphQLNames(plural="products", singular="product", type_name="Product")' in tests


def test_a_relation_loads_its_target_through_a_dataloader(graphql_project: Path) -> None:
    add_resource("products", PRODUCT_FIELDS, project=graphql_project)
    commit_all(graphql_project)
    add_resource("orders", ORDER_FIELDS, project=graphql_project, owned=True)
    order_type = (graphql_project / "src/my_api/graphql/types/order.py").read_text()
    assert "async def product(self, info: GraphQLInfo) -> ProductType | None:" in order_type
    assert 'info.context.loaders.get("products", service.get_many)' in order_type
    resolvers = (graphql_project / "src/my_api/graphql/resolvers/orders.py").read_text()
    assert "owner_id=(await current_user(info)).id" in resolvers
    tests = (graphql_project / "tests/test_orders.py").read_text()
    assert 'relations=["product"]' in tests


def test_a_rest_only_project_gets_no_graphql_files(project: Path) -> None:
    added = add_resource("products", PRODUCT_FIELDS, project=project)
    assert not any("graphql" in str(path) for path in added.files)
    assert "get_many" not in (project / "src/my_api/services/products.py").read_text()
