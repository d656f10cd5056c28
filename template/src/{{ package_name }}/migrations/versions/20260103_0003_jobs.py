"""The job outbox and the dead letters of jobs that failed every attempt.

Revision ID: 0003_jobs
Revises: 0002_users_and_sessions
Create Date: 2026-01-03 00:00:00+00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003_jobs"
down_revision: str | None = "0002_users_and_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def timestamps() -> list[sa.Column[Any]]:
    """The `created_at` / `updated_at` pair of `TimestampMixin`."""
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "job_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_job_outbox_idempotency_key")),
    )
    op.create_index(op.f("ix_job_outbox_available_at"), "job_outbox", ["available_at"])
    op.create_index(op.f("ix_job_outbox_completed_at"), "job_outbox", ["completed_at"])
    op.create_table(
        "job_dead_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_dead_letters")),
        sa.UniqueConstraint("job_id", name=op.f("uq_job_dead_letters_job_id")),
    )


def downgrade() -> None:
    op.drop_table("job_dead_letters")
    op.drop_index(op.f("ix_job_outbox_completed_at"), table_name="job_outbox")
    op.drop_index(op.f("ix_job_outbox_available_at"), table_name="job_outbox")
    op.drop_table("job_outbox")
