"""Baseline: the empty schema every later migration builds on.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-01-01 00:00:00+00:00
"""

from collections.abc import Sequence

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to create yet: features add their tables in later revisions."""


def downgrade() -> None:
    """Nothing to drop."""
