"""The middleware stack, in one place, outermost first.

Every layer is a plain ASGI class: Starlette's base-class and decorator
styles wrap each request in extra tasks and buffers and cost most of an app's
throughput (the conventions tests refuse them). Order matters:

1. `RequestIdMiddleware`: first, so everything below (logs, errors) has the id.
2. `AccessLogMiddleware`: times and logs every answer, refusals and 500s included.
3. `SecurityHeadersMiddleware`: outside everything that can answer, so every
   answer (CORS preflights, 413, 429, 500) carries the headers.
4. `CORSMiddleware` (Starlette's, pure ASGI; only when origins are configured):
   answers preflights, and adds CORS headers to the refusals below so browser
   code can read a 429.
5. `UnhandledErrorMiddleware`: turns any exception from below into the 500
   envelope, which still passes through the layers above.
6. `RateLimitMiddleware`: refuses over-budget clients before any work.
7. `BodySizeLimitMiddleware`: refuses oversized bodies before the app reads them.
8. `IdempotencyMiddleware`: innermost, so it stores exactly what the app
   answered; the layers above decorate replays like any other answer.
"""

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from ..api.docs import DOCS_PAGES
from ..api.idempotency.middleware import IdempotencyMiddleware
from ..api.rate_limits.limiter import parse_limits
from ..api.rate_limits.middleware import RateLimitMiddleware
from ..components import AppComponents
from .access_log import AccessLogMiddleware
from .body_size_limit import BodySizeLimitMiddleware
from .request_id import RequestIdMiddleware
from .security_headers import SecurityHeadersMiddleware
from .unhandled_errors import UnhandledErrorMiddleware


def middleware_stack(components: AppComponents) -> list[Middleware]:
    """Return the stack its settings describe, outermost first."""
    settings = components.settings
    http, cors = settings.http, settings.cors
    stack = [
        Middleware(RequestIdMiddleware),
        Middleware(AccessLogMiddleware),
        Middleware(
            SecurityHeadersMiddleware,
            docs_paths=DOCS_PAGES,
            hsts_max_age_seconds=http.hsts_max_age_seconds if http.served_over_https else None,
        ),
    ]
    if cors.allow_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=cors.allow_origins,
                allow_credentials=cors.allow_credentials,
                allow_methods=cors.allow_methods,
                allow_headers=cors.allow_headers,
                expose_headers=cors.expose_headers,
                max_age=cors.max_age_seconds,
            )
        )
    stack += [
        Middleware(UnhandledErrorMiddleware),
        Middleware(
            RateLimitMiddleware,
            limiter=components.rate_limiter,
            budgets=parse_limits(settings.rate_limits.per_client),
        ),
        Middleware(BodySizeLimitMiddleware, max_bytes=http.max_body_bytes),
        Middleware(IdempotencyMiddleware),
    ]
    return stack


def install_middleware(app: FastAPI, components: AppComponents) -> None:
    """Add the stack to the app in the documented order."""
    # Starlette wraps in reverse order of `add_middleware` calls.
    for middleware in reversed(middleware_stack(components)):
        app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
