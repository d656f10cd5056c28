"""Paginated lists as GraphQL connections: the REST pages, with the same cursors and order.

A list field takes `first` (the page size, capped like REST's), `after` (the
`endCursor` of the previous page) and `sort` (the REST `sort` values), builds
the resource's `ListQuery` from them (`inputs.parse_input`) and calls the
service that REST calls.
So both APIs walk the same keyset order, and a cursor from one works in the other.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from ..api.pagination import Page

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.type
class PageInfo:
    """Where this page ends and whether another follows."""

    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Connection(Generic[NodeT]):
    """One page of a list, in the same order REST serves it."""

    nodes: list[NodeT]
    page_info: PageInfo


def connection(page: Page[RowT], node: Callable[[RowT], NodeT]) -> Connection[NodeT]:
    """Turn a service's page into a connection of GraphQL nodes."""
    next_cursor = page.meta.get("next_cursor")
    return Connection(
        nodes=[node(row) for row in page.items],
        page_info=PageInfo(
            has_next_page=bool(page.meta.get("has_more")),
            end_cursor=next_cursor if isinstance(next_cursor, str) else None,
        ),
    )
