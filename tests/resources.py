"""A resource added to a generated project by hand, as a user (or `add resource`) would.

Stands in for ``scaffold add resource widget`` until that command exists: the
update tests need a project with a feature of the user's own, and the files
here are what a resource consists of (model, schema, service, route, migration,
test), written to pass the project's conventions, ruff and mypy.
"""

from pathlib import Path

from tests.helpers import write_files

MODEL = '''\
"""Widgets: things signed-in users keep a list of."""

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class Widget(TimestampMixin, Base):
    """A named widget."""

    __tablename__ = "widgets"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
'''

SCHEMA = '''\
"""Bodies of the widget endpoints."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class WidgetCreate(BaseModel):
    """A new widget."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)


class WidgetRead(BaseModel):
    """A widget as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime
'''

SERVICE = '''\
"""Widgets: create and list. Never commits."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import PageParams
from ..models.widget import Widget


class WidgetService:
    """Rules about widgets, independent of HTTP."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, name: str) -> Widget:
        """Add a widget."""
        widget = Widget(name=name)
        self.session.add(widget)
        await self.session.flush()
        return widget

    async def list_page(self, page: PageParams) -> tuple[list[Widget], int]:
        """Return one page of widgets, oldest first, and the total count."""
        total = await self.session.scalar(select(func.count()).select_from(Widget)) or 0
        widgets = await self.session.scalars(
            select(Widget)
            .order_by(Widget.created_at, Widget.id)
            .offset(page.offset)
            .limit(page.page_size)
        )
        return list(widgets), total
'''

ROUTE = '''\
"""Widgets, for any signed-in user."""

from typing import Annotated

from fastapi import APIRouter, Depends, status

from ..core.auth import CurrentUser
from ..core.database import DbSession
from ..core.envelope import Envelope, error_responses, ok
from ..core.idempotency import IDEMPOTENT
from ..core.pagination import Pagination, page_meta
from ..schemas.widget import WidgetCreate, WidgetRead
from ..services.widgets import WidgetService

router = APIRouter(prefix="/widgets", tags=["widgets"], responses=error_responses(401))


def get_widget_service(db: DbSession) -> WidgetService:
    """Build the request's widget service."""
    return WidgetService(db)


Widgets = Annotated[WidgetService, Depends(get_widget_service)]


@router.get("", summary="List widgets")
async def list_widgets(
    _user: CurrentUser, widgets: Widgets, page: Pagination
) -> Envelope[list[WidgetRead]]:
    """Every widget, oldest first, one page at a time."""
    rows, total = await widgets.list_page(page)
    return ok([WidgetRead.model_validate(row) for row in rows], meta=page_meta(page, total))


@router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Create a widget", dependencies=[IDEMPOTENT]
)
async def create_widget(
    body: WidgetCreate, _user: CurrentUser, widgets: Widgets
) -> Envelope[WidgetRead]:
    """Add a widget to the list."""
    return ok(WidgetRead.model_validate(await widgets.create(body.name)))
'''

MIGRATION = '''\
"""Widgets.

Revision ID: 0003_widgets
Revises: 0002_users_and_sessions
Create Date: 2026-03-01 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_widgets"
down_revision: str | None = "0002_users_and_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "widgets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_widgets")),
    )


def downgrade() -> None:
    op.drop_table("widgets")
'''

TEST = '''\
"""Widgets: signed-in users create them and page through them."""

from typing import Any

import pytest
from httpx import AsyncClient

from .helpers import bearer, signed_in


@pytest.fixture
async def alice(client: AsyncClient) -> dict[str, Any]:
    return await signed_in(client, "alice@example.com")


async def test_create_and_list_widgets(client: AsyncClient, alice: dict[str, Any]) -> None:
    headers = bearer(alice["access_token"])
    created = await client.post("/api/v1/widgets", headers=headers, json={"name": "Sprocket"})
    assert created.status_code == 201, created.text
    listed = await client.get("/api/v1/widgets", headers=headers)
    assert [widget["name"] for widget in listed.json()["data"]] == ["Sprocket"]
    assert listed.json()["meta"]["total"] == 1
'''


def add_widget_resource(project: Path, package: str) -> dict[str, str]:
    """Write the widget resource's files into ``project``; return them by path."""
    source = f"src/{package}"
    files = {
        f"{source}/models/widget.py": MODEL,
        f"{source}/schemas/widget.py": SCHEMA,
        f"{source}/services/widgets.py": SERVICE,
        f"{source}/routes/widgets.py": ROUTE,
        f"{source}/migrations/versions/20260301_0003_widgets.py": MIGRATION,
        "tests/test_widgets.py": TEST,
    }
    write_files(project, files)
    return files
