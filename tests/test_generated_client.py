"""A Python client generated from a project's OpenAPI document reads well and works.

openapi-python-client builds the client from the running app's document;
then a script uses it as a client developer would: sign up, sign in, read
yourself, create and list a resource, and read the error envelope of a call
without a token. The names it imports are the test: one function a module
named after the operation (``api.users.read_me``), one class a schema
(``ProductReadListEnvelope``). Slow: it serves the app and fetches the
generator and the client's dependencies with uv.
"""

import json
from pathlib import Path

import httpx
import pytest

from bench.harness import Server
from scaffold.kit.install import find_uv
from tests.helpers import run_ok

pytestmark = pytest.mark.slow

GENERATOR = "openapi-python-client>=0.29"
#: What the generated client imports.
CLIENT_DEPENDENCIES = ("httpx", "attrs", "python-dateutil")

CLIENT_SCRIPT = """\
import sys

from api_client import AuthenticatedClient, Client
from api_client.api.auth import login, register
from api_client.api.products import create_product, list_products
from api_client.api.users import read_me
from api_client.models import (
    ErrorEnvelope,
    LoginRequest,
    ProductCreate,
    ProductReadEnvelope,
    ProductReadListEnvelope,
    RegisterRequest,
    TokenPairEnvelope,
    UserReadEnvelope,
)

base_url = sys.argv[1]
email, password = "client@example.com", "correct horse battery staple 42"
anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

account = register.sync(client=anonymous, body=RegisterRequest(email=email, password=password))
assert isinstance(account, UserReadEnvelope), account
tokens = login.sync(client=anonymous, body=LoginRequest(email=email, password=password))
assert isinstance(tokens, TokenPairEnvelope), tokens

me = AuthenticatedClient(
    base_url=base_url, token=tokens.data.access_token, raise_on_unexpected_status=True
)
myself = read_me.sync(client=me)
assert isinstance(myself, UserReadEnvelope) and myself.data.email == email, myself
created = create_product.sync(client=me, body=ProductCreate(name="Teapot", price="12.50"))
assert isinstance(created, ProductReadEnvelope) and created.data.name == "Teapot", created
listed = list_products.sync(client=me)
assert isinstance(listed, ProductReadListEnvelope), listed
assert [product.name for product in listed.data] == ["Teapot"], listed

refused = read_me.sync_detailed(client=anonymous)
assert refused.status_code == 401, refused
assert isinstance(refused.parsed, ErrorEnvelope), refused.parsed
assert refused.parsed.error.code == "UNAUTHORIZED", refused.parsed
print("the generated client works")
"""


def test_a_generated_client_has_readable_names_and_works_against_the_app(
    served_products_app: Server, tmp_path: Path
) -> None:
    uv = find_uv()
    assert uv is not None, "the uv package ships a uv binary for this platform"
    document = httpx.get(f"{served_products_app.base_url}/openapi.json", timeout=10).json()
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    run_ok(
        [
            uv,
            "tool",
            "run",
            "--from",
            GENERATOR,
            "openapi-python-client",
            "generate",
            "--path",
            "openapi.json",
            "--output-path",
            "api_client",
            "--meta",
            "none",
        ],
        tmp_path,
    )
    (tmp_path / "use_client.py").write_text(CLIENT_SCRIPT)
    with_dependencies = [item for name in CLIENT_DEPENDENCIES for item in ("--with", name)]
    output = run_ok(
        [
            uv,
            "run",
            "--no-project",
            *with_dependencies,
            "python",
            "use_client.py",
            served_products_app.base_url,
        ],
        tmp_path,
    )
    assert "the generated client works" in output
