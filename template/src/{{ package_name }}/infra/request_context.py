"""Per-request values shared by middleware, handlers and logs.

Values live in the ASGI scope's `state` (what `request.state` reads), so pure
ASGI middleware and FastAPI handlers see the same thing without globals. The
request id is also kept in a context variable while the request runs, so a
log line written anywhere during the request (a service, a library) carries it.
"""

from contextvars import ContextVar, Token

from starlette.types import Scope

REQUEST_ID_KEY = "request_id"
USER_ID_KEY = "user_id"
UNKNOWN_CLIENT = "unknown"

_current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def get_request_id(scope: Scope) -> str | None:
    """Return the id the request-id middleware gave this request, if any."""
    state = scope.get("state") or {}
    request_id = state.get(REQUEST_ID_KEY)
    return request_id if isinstance(request_id, str) else None


def set_request_id(scope: Scope, request_id: str) -> None:
    """Record the request's id for everything further down the stack."""
    scope.setdefault("state", {})[REQUEST_ID_KEY] = request_id


def get_user_id(scope: Scope) -> str | None:
    """Return the authenticated user's id once authentication has run, else None."""
    state = scope.get("state") or {}
    user_id = state.get(USER_ID_KEY)
    return user_id if isinstance(user_id, str) else None


def client_address(scope: Scope) -> str:
    """Return the caller's address as the server (and its trusted proxies) report it."""
    client = scope.get("client")
    return str(client[0]) if client else UNKNOWN_CLIENT


def current_request_id() -> str | None:
    """Return the id of the request this code runs for, if it runs for one."""
    return _current_request_id.get()


def bind_request_id(request_id: str) -> Token[str | None]:
    """Make `request_id` the current one; hand the token to `unbind_request_id` after."""
    return _current_request_id.set(request_id)


def unbind_request_id(token: Token[str | None]) -> None:
    """Restore the request id that was current before `bind_request_id`."""
    _current_request_id.reset(token)
