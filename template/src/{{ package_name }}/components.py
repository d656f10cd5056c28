"""The app-wide components, built in one place: one typed object per running app.

`create_app()` builds them with `build_components(settings)` and keeps them
as `app.state.components`, the app's only state attribute; the lifespan
closes them on shutdown. Routes take `components: Components` to build their
services. The request dependencies of the lower packages (`DbSession`,
`Tokens`, `IDEMPOTENT`, `rate_limit`) read their piece from the same object:
they sit below this module and cannot import it, so each is typed by its
return annotation instead.

To change a part for a whole app (a test double), build it here, or swap it
with `dataclasses.replace(components, password_hasher=...)`. Mail is sent only by jobs,
so the mailer belongs to them: `components.jobs.executor.mailer`.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from .api.idempotency.keys import IdempotencyStore
from .api.rate_limits.limiter import RateLimiter
from .infra.cache import Cache
from .infra.database import Database
from .infra.encryption.columns import install_data_keys
from .infra.settings import Settings
from .infra.stores import Backends, create_backends
from .jobs import JobRuntime
from .mail.delivery import build_mailer
from .models import Base
from .security.attempt_limits import AttemptLimits
from .security.passwords import PasswordHasher
from .security.tokens import TokenService
from .services import load_all_jobs


@dataclass(frozen=True, slots=True)
class AppComponents:
    """Everything requests share for the life of one app."""

    settings: Settings
    database: Database
    stores: Backends
    password_hasher: PasswordHasher
    token_service: TokenService
    attempt_limits: AttemptLimits
    rate_limiter: RateLimiter
    idempotency: IdempotencyStore
    jobs: JobRuntime

    @property
    def cache(self) -> Cache:
        """The read cache (one of the shared stores)."""
        return self.stores.cache

    async def close(self) -> None:
        """Stop the jobs, release the database pool and the stores' connections (on shutdown)."""
        await self.jobs.stop()
        await self.database.dispose()
        await self.stores.close()


def build_components(settings: Settings) -> AppComponents:
    """Build every component from `settings`; nothing connects until first use.

    Also installs the data keys of the encrypted columns (refusing to build an
    app that stores encrypted values without keys).
    """
    security = settings.security
    install_data_keys([key.get_secret_value() for key in security.data_keys], Base.metadata)
    stores = create_backends(settings)
    # Lockouts count in the same storage as the request budgets: with Redis,
    # every process sees them.
    attempts = stores.limits_storage
    database = Database(settings.database)
    load_all_jobs()
    return AppComponents(
        settings=settings,
        database=database,
        stores=stores,
        password_hasher=PasswordHasher(security),
        token_service=TokenService(security),
        attempt_limits=AttemptLimits.build(attempts, security),
        rate_limiter=RateLimiter(attempts),
        idempotency=IdempotencyStore(stores.idempotency_records, settings.idempotency),
        jobs=JobRuntime(settings, database, build_mailer(settings.mail)),
    )


async def get_components(request: Request) -> AppComponents:
    """Return the running app's components."""
    components: AppComponents = request.app.state.components
    return components


Components = Annotated[AppComponents, Depends(get_components)]
