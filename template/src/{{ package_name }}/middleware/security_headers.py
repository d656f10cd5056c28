"""Security headers on every response, errors and refusals included.

- `X-Content-Type-Options: nosniff`: browsers never guess a JSON body is HTML.
- `Content-Security-Policy`: `default-src 'none'; frame-ancestors 'none'` for
  the API (JSON needs nothing, and no page may frame it). Only the docs pages
  (Swagger UI, ReDoc: `api/docs.py`) get a policy that lets them run scripts,
  all from the app's own origin (no inline script), with the inline styles,
  data: images and blob: workers the two UIs use; still unframeable. A page
  that brings a policy of its own keeps it (GraphiQL, when a project serves
  GraphQL and turns it on).
- `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY` for older browsers.
- `Cache-Control: no-store` whenever the request carried credentials (whatever
  the route said), and on any response that did not choose its own caching:
  token responses and personal data must not sit in shared caches.
- `Strict-Transport-Security` when the service is served over HTTPS.
"""

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
DOCS_POLICY = (
    "default-src 'none'; "
    "script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; "
    "img-src 'self' data:; "
    "connect-src 'self'; "
    "worker-src blob:; "
    "frame-ancestors 'none'"
)
Header = tuple[bytes, bytes]
NO_STORE: Header = (b"cache-control", b"no-store")
CSP = b"content-security-policy"


def _encoded(headers: dict[str, str]) -> list[Header]:
    return [(name.lower().encode("latin-1"), value.encode()) for name, value in headers.items()]


class SecurityHeadersMiddleware:
    """Add the security headers; the header lists are built once, at startup."""

    def __init__(
        self, app: ASGIApp, *, docs_paths: Iterable[str], hsts_max_age_seconds: int | None
    ) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)
        common = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        }
        if hsts_max_age_seconds is not None:
            common["Strict-Transport-Security"] = (
                f"max-age={hsts_max_age_seconds}; includeSubDomains"
            )
        self.api_headers = _encoded({**common, "Content-Security-Policy": API_POLICY})
        self.docs_headers = _encoded({**common, "Content-Security-Policy": DOCS_POLICY})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Decorate HTTP responses; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.docs_headers if scope["path"] in self.docs_paths else self.api_headers
        authenticated = has_header(scope["headers"], b"authorization")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Header] = list(message.get("headers", ()))
                present = {name for name, _ in headers}
                if authenticated:
                    headers = [header for header in headers if header[0] != b"cache-control"]
                    headers.append(NO_STORE)
                elif b"cache-control" not in present:
                    headers.append(NO_STORE)
                if CSP in present:  # the page chose its own policy
                    headers.extend(header for header in added if header[0] != CSP)
                else:
                    headers.extend(added)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def has_header(headers: Iterable[Header], wanted: bytes) -> bool:
    """Tell whether a raw (lower-case) header list holds `wanted`.

    Through a dict rather than a generator: this runs on every request.
    """
    return wanted in dict(headers)
