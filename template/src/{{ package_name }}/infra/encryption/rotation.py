"""Move stored encrypted values to the newest data key: the middle step of a key rotation.

Rotation is: put a new key first in `SECURITY__DATA_KEYS` (new writes use it,
old values still decrypt), run `python -m <package> reencrypt` (this module),
then drop the old key. Rows are read and rewritten in batches, one transaction
each, so a large table neither holds long locks nor starts over after a failure;
a rerun skips what is already under the newest key.

The app may write while this runs: each row is rewritten only if it still
holds what was read (compare and set), so a newer write is never overwritten;
it is under the newest key already.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, MetaData, Table, Text, and_, or_, select, update
from sqlalchemy import column as column_clause
from sqlalchemy import table as table_clause
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .columns import DataKeyring, EncryptedText, encrypted_columns

BATCH_SIZE = 500


@dataclass(frozen=True)
class TableReencryption:
    """What `reencrypt` did to one table."""

    table: str
    #: Rows rewritten under the newest key.
    rewritten: int
    #: Rows the app changed between the read and the rewrite (left as the app wrote them).
    changed_meanwhile: int


async def reencrypt(
    sessionmaker: async_sessionmaker[AsyncSession],
    metadata: MetaData,
    keyring: DataKeyring,
    batch_size: int = BATCH_SIZE,
) -> list[TableReencryption]:
    """Rewrite every encrypted value not under the newest key; one report per table."""
    by_table: dict[Table, list[str]] = defaultdict(list)
    for encrypted in encrypted_columns(metadata):
        by_table[encrypted.table].append(encrypted.name)
    return [
        await _reencrypt_table(sessionmaker, table, names, keyring, batch_size)
        for table, names in by_table.items()
    ]


async def _reencrypt_table(
    sessionmaker: async_sessionmaker[AsyncSession],
    table: Table,
    names: list[str],
    keyring: DataKeyring,
    batch_size: int,
) -> TableReencryption:
    """Walk the table in primary-key order (one column: every model has `id`), a batch a time.

    Walking by key rather than re-querying what is still outdated visits each
    row once, even one the app keeps rewriting under an old key meanwhile.
    """
    (key,) = table.primary_key.columns
    labels = {name: cast(EncryptedText, table.c[name].type).label for name in names}
    # The table as plain text columns: the stored ciphertext, not the decrypted values.
    raw = table_clause(
        table.name,
        column_clause(key.name, key.type),
        *(column_clause(name, Text()) for name in names),
        schema=table.schema,
    )
    current = keyring.current_prefix() + "%"
    outdated = or_(
        *(and_(raw.c[name].is_not(None), raw.c[name].not_like(current)) for name in names)
    )
    rewritten = changed = 0
    last: Any = None
    while True:
        query = select(raw).where(outdated).order_by(raw.c[key.name]).limit(batch_size)
        if last is not None:
            query = query.where(raw.c[key.name] > last)
        async with sessionmaker() as session:
            rows = (await session.execute(query)).mappings().all()
            for row in rows:
                stored = {name: row[name] for name in names if row[name] is not None}
                still: list[ColumnElement[bool]] = [raw.c[n] == v for n, v in stored.items()]
                result = await session.execute(
                    update(raw)
                    .where(raw.c[key.name] == row[key.name], *still)
                    .values({n: keyring.reencrypt(v, labels[n]) for n, v in stored.items()})
                )
                done = cast(CursorResult[Any], result).rowcount
                rewritten += done
                changed += 1 - done
            await session.commit()
        if len(rows) < batch_size:
            return TableReencryption(table.name, rewritten, changed)
        last = rows[-1][key.name]
