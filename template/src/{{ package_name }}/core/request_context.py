"""Per-request values shared by middleware, handlers and logs.

Values live in the ASGI scope's `state` (what `request.state` reads), so pure
ASGI middleware and FastAPI handlers see the same thing without globals.
"""

from starlette.types import Scope

REQUEST_ID_KEY = "request_id"


def get_request_id(scope: Scope) -> str | None:
    """Return the id the request-id middleware gave this request, if any."""
    state = scope.get("state") or {}
    request_id = state.get(REQUEST_ID_KEY)
    return request_id if isinstance(request_id, str) else None


def set_request_id(scope: Scope, request_id: str) -> None:
    """Record the request's id for everything further down the stack."""
    scope.setdefault("state", {})[REQUEST_ID_KEY] = request_id
