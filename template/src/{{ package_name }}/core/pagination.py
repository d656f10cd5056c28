"""Offset pagination for collection endpoints: `?page=&page_size=`, capped, with `meta`.

Every collection GET takes `Pagination` and returns `meta` from `page_meta()`,
so clients page through any list the same way and nobody can ask for a
million rows at once.
"""

import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from pydantic import JsonValue

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageParams:
    """Which slice of a collection the client asked for."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip before this page."""
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[int, Query(ge=1, description="Page number, from 1.")] = 1,
    page_size: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, {MAX_PAGE_SIZE} at most.")
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    """Read and bound the pagination query parameters."""
    return PageParams(page=page, page_size=page_size)


def page_meta(params: PageParams, total: int) -> dict[str, JsonValue]:
    """Build the `meta` block of a paginated response."""
    return {
        "page": params.page,
        "page_size": params.page_size,
        "total": total,
        "pages": math.ceil(total / params.page_size) if total else 0,
    }


Pagination = Annotated[PageParams, Depends(page_params)]
