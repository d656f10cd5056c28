"""Dataloaders: a relation resolves with one query per batch of rows, never one per row.

A page of 50 orders each showing its product would otherwise look up 50
products one by one (the N+1 problem). A relation field instead asks
`info.context.loaders.get(key, service.get_many)` for the request's loader of
that relation and `load`s its id: every id asked for in the same turn of the
event loop goes to `get_many` at once. Loaders live for one request, so
nothing cached outlives the caller's permissions.
"""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

KeyT = TypeVar("KeyT", bound=Hashable)
RowT = TypeVar("RowT")

#: A service method loading many rows by id, in the ids' order (None where none is).
LoadMany = Callable[[list[KeyT]], Awaitable[Sequence[RowT | None]]]


class Loaders:
    """The request's dataloaders, one per relation (and owner, for owned rows)."""

    def __init__(self, session_lock: asyncio.Lock) -> None:
        self._session_lock = session_lock
        self._loaders: dict[Hashable, Any] = {}

    def get(self, key: Hashable, load_many: LoadMany[KeyT, RowT]) -> DataLoader[KeyT, RowT | None]:
        """Return the loader named `key`, made with `load_many` the first time it is asked for."""
        loader: DataLoader[KeyT, RowT | None] | None = self._loaders.get(key)
        if loader is None:

            async def load_batch(keys: list[KeyT]) -> Sequence[RowT | None]:
                # Two relations' batches may be due at once; the session runs one query at a time.
                async with self._session_lock:
                    return await load_many(keys)

            loader = DataLoader(load_fn=load_batch)
            self._loaders[key] = loader
        return loader
