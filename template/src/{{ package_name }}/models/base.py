"""The declarative base, the constraint naming convention and shared columns.

Named constraints make migrations reproducible (and droppable on SQLite, whose
batch mode recreates tables by constraint name). Timestamps are always
timezone-aware UTC, even on SQLite, which stores no offset of its own.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ..infra.clock import utc_now

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp column that only accepts aware datetimes and returns them in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - signature fixed by SQLAlchemy
    ) -> datetime | None:
        """Refuse naive datetimes: their meaning depends on the server's clock."""
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetime given to a UTC column; use datetime.now(UTC)"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - signature fixed by SQLAlchemy
    ) -> datetime | None:
        """SQLite hands back naive values; they were stored as UTC, so say so."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            msg = f"expected a datetime from the database, got {type(value).__name__}"
            raise TypeError(msg)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every table; its metadata drives Alembic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}  # noqa: RUF012 - SQLAlchemy's API


class TimestampMixin:
    """`created_at` and `updated_at`, set by the application in UTC."""

    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, onupdate=utc_now, server_default=func.now()
    )
