"""The middleware stack, in one place, outermost first.

Order matters: the request id must exist before anything can fail or log, and
the unhandled-error guard must sit inside it so a 500 still carries that id.
"""

from fastapi import FastAPI

from .request_id import RequestIdMiddleware
from .unhandled_errors import UnhandledErrorMiddleware

# Outermost first. Starlette wraps in reverse order of `add_middleware` calls.
MIDDLEWARE_OUTERMOST_FIRST = (
    RequestIdMiddleware,
    UnhandledErrorMiddleware,
)


def install_middleware(app: FastAPI) -> None:
    """Add the stack to the app in the documented order."""
    for middleware_class in reversed(MIDDLEWARE_OUTERMOST_FIRST):
        app.add_middleware(middleware_class)
