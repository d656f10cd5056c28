"""Pagination for collection endpoints: capped pages, with paging facts in `meta`.

A resource's collection GET takes a `ListQuery` subclass (`?cursor=&page_size=
&sort=` plus the resource's filters) and its service calls `fetch_page()`, so
nobody can ask for a million rows at once. Two ways to move through a list:

- Cursors (keyset pagination), the default: each page continues strictly
  after the last row sent, in a stable order (the sort key, then the id).
  Page 1,000 costs what page 1 costs, and rows added meanwhile neither repeat
  nor go missing.
- `?page=N`, for clients that jump to page N. The database still walks past
  every skipped row, so deep pages get slower.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator
from sqlalchemy import ColumnElement, func, inspect, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import ValidationError
from .cursor import Cursor, encode_cursor, from_json

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Offset pages beyond this are refused: the database would scan every skipped row.
MAX_PAGE = 100_000

ModelT = TypeVar("ModelT")


class ListQuery(BaseModel):
    """The query string of a resource's collection GET; route it with `Annotated[..., Query()]`.

    A resource subclasses it to narrow `sort` to its allowlist (a `Literal` of
    column names, each also with a `-` for descending) and to add one optional
    field per filter, named after the column it matches. Unknown parameters
    are refused (422), so a misspelt filter never silently returns everything.
    """

    model_config = ConfigDict(extra="forbid")

    cursor: Cursor = None
    page: int | None = Field(
        default=None,
        ge=1,
        le=MAX_PAGE,
        description="Jump to this page (offset pagination) instead of following cursors.",
    )
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, {MAX_PAGE_SIZE} at most.",
    )
    sort: str = "created_at"
    with_total: bool = Field(
        default=False, description="Also count every matching row into `meta.total`."
    )

    @model_validator(mode="after")
    def _cursor_fits_the_query(self) -> Self:
        if self.cursor is None:
            return self
        if self.page is not None:
            msg = "pass either cursor or page, not both"
            raise ValueError(msg)
        if self.cursor.sort != self.sort:
            msg = f"the cursor belongs to sort={self.cursor.sort}; keep it or start again"
            raise ValueError(msg)
        return self

    @property
    def sort_key(self) -> str:
        """The column to sort by."""
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        """Whether the order is descending (`-` prefix)."""
        return self.sort.startswith("-")

    def filters(self) -> dict[str, Any]:
        """Return the filters given: column name to the value it must equal."""
        own = ListQuery.model_fields
        return {
            name: value
            for name, value in self
            if name not in own and name != "sort" and value is not None
        }


@dataclass(frozen=True, slots=True)
class Page(Generic[ModelT]):
    """One page of rows and the `meta` block describing it."""

    items: list[ModelT]
    meta: dict[str, JsonValue]


async def fetch_page(
    session: AsyncSession,
    model: type[ModelT],
    query: ListQuery,
    *,
    where: Sequence[ColumnElement[bool]] = (),
) -> Page[ModelT]:
    """Return the page of `model` rows that `query` asks for.

    Rows match `where` and the query's filters, ordered by the sort column and
    then the primary key, so the order is total and pages never overlap.
    """
    mapper = inspect(model)
    sort_column = mapper.columns[query.sort_key]
    (id_column,) = mapper.primary_key
    id_key = mapper.get_property_by_column(id_column).key
    statement = select(model).filter_by(**query.filters()).where(*where)
    total = None
    if query.with_total:
        total = await session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    if query.descending:
        statement = statement.order_by(sort_column.desc(), id_column.desc())
    else:
        statement = statement.order_by(sort_column, id_column)
    if query.page is not None:
        statement = statement.offset((query.page - 1) * query.page_size)
    elif query.cursor is not None:
        key = tuple_(sort_column, id_column)
        after = tuple_(*_cursor_values(query, [sort_column, id_column]))
        statement = statement.where(key < after if query.descending else key > after)
    # One row more than asked for tells whether another page follows.
    rows = list(await session.scalars(statement.limit(query.page_size + 1)))
    items, has_more = rows[: query.page_size], len(rows) > query.page_size
    meta: dict[str, JsonValue] = {"page_size": query.page_size, "has_more": has_more}
    if query.page is not None:
        meta["page"] = query.page
    else:
        last = items[-1] if has_more else None
        meta["next_cursor"] = (
            None
            if last is None
            else encode_cursor(query.sort, getattr(last, query.sort_key), getattr(last, id_key))
        )
    if total is not None:
        meta["total"] = total
        if query.page is not None:
            meta["pages"] = math.ceil(total / query.page_size)
    return Page(items=items, meta=meta)


def _cursor_values(query: ListQuery, columns: list[Any]) -> list[object]:
    """Read the cursor's (sort key, id) as the columns' Python types; 422 if they are not."""
    assert query.cursor is not None  # noqa: S101 - only called with a cursor
    values = []
    for value, column in zip(query.cursor.after, columns, strict=True):
        storage = getattr(column.type, "impl", column.type)  # through TypeDecorators
        try:
            values.append(from_json(value, storage.python_type))
        except ValueError as exc:
            raise ValidationError(
                details=[
                    {
                        "field": "query.cursor",
                        "message": f"Not a cursor of this list ({exc}); start again without one.",
                        "type": "cursor_invalid",
                    }
                ],
            ) from exc
    return values
