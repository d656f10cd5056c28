"""The machinery every part of the contract shares: fixtures, rows, and which tests apply.

A test that does not apply to a resource (ownership, for rows everyone shares)
is removed from its class, so it neither runs nor shows as skipped; a test that
takes a field (`invalid`, `required_field`...) runs once for each field.
"""

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from ..helpers import Account, account_of, signed_in, signed_in_account
from .case import Refs, ResourceCase

TestT = TypeVar("TestT", bound=Callable[..., Any])
#: The attribute `applies_if` sets on a test function.
CONDITION = "contract_condition"


def applies_if(condition: Callable[[ResourceCase], bool]) -> Callable[[TestT], TestT]:
    """Keep the test only in the classes whose case meets `condition`."""

    def mark(test: TestT) -> TestT:
        setattr(test, CONDITION, condition)
        return test

    return mark


def subset(item: dict[str, Any], keys: dict[str, Any]) -> dict[str, Any]:
    """The fields of `item` that `keys` names."""
    return {key: item[key] for key in keys}


class ContractBase:
    """What the parts of the contract build on; `ResourceContract` puts them together."""

    case: ClassVar[ResourceCase]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Drop the tests that do not apply to the subclass's case."""
        super().__init_subclass__(**kwargs)
        case: ResourceCase | None = getattr(cls, "case", None)
        if case is None:
            return
        for name in [name for name in dir(cls) if name.startswith("test_")]:
            condition = getattr(getattr(cls, name), CONDITION, None)
            if condition is not None and not condition(case):
                setattr(cls, name, None)  # hides the inherited test from pytest

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Run a test that takes a field once per field of the case."""
        fields = {
            "required_field": self.case.required,
            "not_null_field": self.case.not_null,
            "unique_field": self.case.unique,
            "protected_field": list(self.case.protected_targets),
        }
        for name, values in fields.items():
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, values)
        if "invalid" in metafunc.fixturenames:
            invalid = self.case.invalid_values
            metafunc.parametrize("invalid", invalid, ids=[name for name, _ in invalid])

    @pytest.fixture
    async def writer(self, client: AsyncClient, db_session: AsyncSession) -> Account:
        """A user holding the role that writes these rows."""
        role = self.case.writer_role
        return await signed_in_account(client, db_session, "writer@example.com", role)

    @pytest.fixture
    async def other_writer(self, client: AsyncClient, db_session: AsyncSession) -> Account:
        """Another user who may write these rows, and created none of them."""
        role = self.case.writer_role
        return await signed_in_account(client, db_session, "other-writer@example.com", role)

    @pytest.fixture
    async def reader(self, client: AsyncClient) -> Account:
        """A signed-in user with no role but `user`."""
        return await account_of(client, await signed_in(client, "reader@example.com"))

    @pytest.fixture
    async def refs(self) -> Refs:
        """Ids of the rows the payload points at; a resource with `fk` fields overrides it."""
        return {}

    def item_url(self, row: dict[str, Any]) -> str:
        """The URL of one row."""
        return f"{self.case.url}/{row['id']}"

    async def create(
        self, client: AsyncClient, writer: Account, refs: Refs, number: int
    ) -> dict[str, Any]:
        """Create the row of `number` as `writer`; return it as the API answered."""
        body = self.case.payload(number, refs)
        response = await client.post(self.case.url, json=body, headers=writer.headers)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()["data"]
        return created

    async def create_rows(
        self, client: AsyncClient, writer: Account, refs: Refs, count: int
    ) -> list[dict[str, Any]]:
        """Create the rows numbered 1 to `count`."""
        return [await self.create(client, writer, refs, number) for number in range(1, count + 1)]
