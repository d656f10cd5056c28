"""Sign-in sessions: one per login, shared by the refresh-token family it starts."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class AuthSession(TimestampMixin, Base):
    """A login's lifetime. Revoking it ends its access and refresh tokens at once.

    Access tokens carry the session id (`sid`), and every authenticated request
    checks the session is still open: that is what makes logout, logout-all,
    refresh-token reuse detection and deactivation take effect immediately.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
