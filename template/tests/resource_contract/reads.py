"""The contract's reads: one row, lists (cursors, pages, sorting, filters) and ETags."""

from typing import Any

import pytest
from httpx import AsyncClient

from ..helpers import Account, collect_pages
from .base import ContractBase, applies_if, subset
from .case import Refs

#: An id no row has.
MISSING_ID = "00000000-0000-4000-8000-000000000000"


class ReadContract(ContractBase):
    """Reading what was written, one row or a page at a time."""

    async def test_create_then_read(self, client: AsyncClient, writer: Account, refs: Refs) -> None:
        created = await self.create(client, writer, refs, 1)
        assert subset(created, self.case.payload(1, refs)) == self.case.payload(1, refs)
        response = await client.get(self.item_url(created), headers=writer.headers)
        assert response.status_code == 200, response.text
        assert response.json()["data"] == created

    @applies_if(lambda case: case.owned)
    async def test_a_new_row_belongs_to_its_creator(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        assert (await self.create(client, writer, refs, 1))["owner_id"] == writer.id

    async def test_a_missing_row_is_404(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        url = f"{self.case.url}/{MISSING_ID}"
        for method in ("GET", "PUT", "PATCH", "DELETE"):
            body = self.case.payload(1, refs) if method in {"PUT", "PATCH"} else None
            response = await client.request(method, url, json=body, headers=writer.headers)
            assert response.status_code == 404, f"{method}: {response.text}"
            assert response.json()["error"]["code"] == "NOT_FOUND"

    @pytest.mark.convention("HTTP-ETAG")
    async def test_a_current_etag_gets_304(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        url = self.item_url(await self.create(client, writer, refs, 1))
        first = await client.get(url, headers=writer.headers)
        etag = first.headers["ETag"]
        assert etag.startswith('W/"'), etag
        unchanged = await client.get(url, headers={**writer.headers, "If-None-Match": etag})
        assert unchanged.status_code == 304, unchanged.text
        assert unchanged.content == b""
        assert unchanged.headers["ETag"] == etag
        stale = await client.get(url, headers={**writer.headers, "If-None-Match": 'W/"stale"'})
        assert stale.status_code == 200, stale.text
        assert stale.json()["data"] == first.json()["data"]
        # The tag follows the data: it changes exactly when the replaced row reads differently.
        replaced = await client.put(url, json=self.case.payload(2, refs), headers=writer.headers)
        assert replaced.status_code == 200, replaced.text
        after = await client.get(url, headers=writer.headers)
        assert (after.headers["ETag"] == etag) is (after.json()["data"] == first.json()["data"])

    async def test_cursor_pages_list_every_row_once(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        ids = [row["id"] for row in await self.create_rows(client, writer, refs, 3)]
        items = await collect_pages(client, self.case.url, writer.headers, page_size=2)
        assert sorted(item["id"] for item in items) == sorted(ids)

    async def test_offset_pages_with_a_total(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        await self.create_rows(client, writer, refs, 3)
        params = {"page": 2, "page_size": 2, "with_total": True}
        response = await client.get(self.case.url, params=params, headers=writer.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["data"]) == 1
        meta = {"page": 2, "page_size": 2, "has_more": False, "total": 3, "pages": 2}
        assert body["meta"] == meta

    async def test_sorting_both_ways(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        await self.create_rows(client, writer, refs, 3)
        url, headers = self.case.url, writer.headers
        for key in self.case.sort_keys:
            ascending = await collect_pages(client, url, headers, sort=key, page_size=1)
            descending = await collect_pages(client, url, headers, sort=f"-{key}", page_size=1)
            assert len(ascending) == 3, key
            reversed_ids = [item["id"] for item in reversed(ascending)]
            assert [item["id"] for item in descending] == reversed_ids, key

    @applies_if(lambda case: bool(case.filters))
    async def test_filtering(self, client: AsyncClient, writer: Account, refs: Refs) -> None:
        rows = await self.create_rows(client, writer, refs, 3)
        for field in self.case.filters:
            wanted = rows[1][field]
            response = await client.get(
                self.case.url, params={field: wanted}, headers=writer.headers
            )
            assert response.status_code == 200, f"{field}: {response.text}"
            found = response.json()["data"]
            assert rows[1]["id"] in [item["id"] for item in found], field
            assert all(item[field] == wanted for item in found), field

    async def test_invalid_list_queries_are_422(self, client: AsyncClient, writer: Account) -> None:
        invalid: list[dict[str, Any]] = [
            {"cursor": "not-a-cursor"},
            {"sort": "no_such_field"},
            {"page_size": 0},
            {"page_size": 101},
            {"page": 0},
            {"no_such_filter": "x"},
        ]
        for params in invalid:
            response = await client.get(self.case.url, params=params, headers=writer.headers)
            assert response.status_code == 422, f"{params}: {response.text}"
            assert response.json()["error"]["code"] == "VALIDATION_ERROR"

    async def test_a_cursor_continues_only_its_own_sort(
        self, client: AsyncClient, writer: Account, refs: Refs
    ) -> None:
        await self.create_rows(client, writer, refs, 2)
        url = self.case.url
        first = await client.get(url, params={"page_size": 1}, headers=writer.headers)
        cursor = first.json()["meta"]["next_cursor"]
        assert cursor
        for params in ({"cursor": cursor, "sort": "-created_at"}, {"cursor": cursor, "page": 1}):
            response = await client.get(url, params=params, headers=writer.headers)
            assert response.status_code == 422, params
