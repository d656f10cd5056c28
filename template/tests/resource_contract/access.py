"""The contract's access rules: who may read, who may write, and whose rows one sees."""

import pytest
from httpx import AsyncClient

from ..helpers import Account
from .base import ContractBase, applies_if
from .case import Refs


class AccessContract(ContractBase):
    """Tokens, the writing role, and owners."""

    @pytest.mark.convention("AUTH-REQUIRED")
    async def test_requests_without_a_token_are_401(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        url = self.case.url
        item = self.item_url(await self.create(client, writer, refs, 1))
        reads = [] if self.case.public_read else [("GET", url), ("GET", item)]
        writes = [("POST", url), ("PUT", item), ("PATCH", item), ("DELETE", item)]
        for method, target in reads + writes:
            body = self.case.payload(1, refs) if method in {"POST", "PUT", "PATCH"} else None
            response = await client.request(method, target, json=body)
            assert response.status_code == 401, f"{method} {target}: {response.text}"

    @applies_if(lambda case: case.public_read)
    async def test_anyone_may_read(self, client: AsyncClient, writer: Account, refs: Refs) -> None:
        created = await self.create(client, writer, refs, 1)
        listed = await client.get(self.case.url)
        assert listed.status_code == 200, listed.text
        assert [item["id"] for item in listed.json()["data"]] == [created["id"]]
        read = await client.get(self.item_url(created))
        assert read.status_code == 200, read.text

    @applies_if(lambda case: not case.everyone_writes)
    @pytest.mark.convention("AUTHZ-ADMIN")
    async def test_only_writers_may_write(
        self, client: AsyncClient, writer: Account, reader: Account, refs: Refs
    ) -> None:
        url = self.case.url
        item = self.item_url(await self.create(client, writer, refs, 1))
        for method, target in [("POST", url), ("PUT", item), ("PATCH", item), ("DELETE", item)]:
            body = self.case.payload(1, refs) if method in {"POST", "PUT", "PATCH"} else None
            response = await client.request(method, target, json=body, headers=reader.headers)
            assert response.status_code == 403, f"{method} {target}: {response.text}"
        visible = 404 if self.case.owned else 200
        assert (await client.get(item, headers=reader.headers)).status_code == visible

    @applies_if(lambda case: case.owned)
    @pytest.mark.convention("AUTHZ-ADMIN")
    async def test_the_rows_of_others_do_not_exist_for_you(
        self, client: AsyncClient, writer: Account, other_writer: Account, refs: Refs
    ) -> None:
        item = self.item_url(await self.create(client, writer, refs, 1))
        listed = await client.get(self.case.url, headers=other_writer.headers)
        assert listed.json()["data"] == []
        for method in ("GET", "PUT", "PATCH", "DELETE"):
            body = self.case.payload(1, refs) if method in {"PUT", "PATCH"} else None
            response = await client.request(method, item, json=body, headers=other_writer.headers)
            assert response.status_code == 404, f"{method}: {response.text}"
        assert (await client.get(item, headers=writer.headers)).status_code == 200

    @applies_if(lambda case: case.own_references_only)
    async def test_the_rows_of_others_cannot_be_referenced(
        self, client: AsyncClient, other_writer: Account, refs: Refs
    ) -> None:
        body = self.case.payload(1, refs)
        response = await client.post(self.case.url, json=body, headers=other_writer.headers)
        assert response.status_code == 422, response.text
