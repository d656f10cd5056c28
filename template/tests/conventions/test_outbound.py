"""OUTBOUND-CLIENT: calls to other services go through the one resilient client."""

import ast
from pathlib import Path

from .introspection import PACKAGE, fail

# The package that owns outbound HTTP: the only one that may talk to an HTTP library.
OUTBOUND = PACKAGE / "outbound"
HTTP_CLIENT_LIBRARIES = {"httpx", "requests", "aiohttp", "urllib3", "urllib.request", "http.client"}


def imported_modules(source: Path) -> set[str]:
    """Every module `source` imports, by its full dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def http_libraries_in(source: Path) -> set[str]:
    """The HTTP client libraries `source` imports (a submodule counts as its library)."""
    return {
        library
        for module in imported_modules(source)
        for library in HTTP_CLIENT_LIBRARIES
        if module == library or module.startswith(f"{library}.")
    }


def test_only_the_outbound_package_talks_http() -> None:
    offenders = [
        f"{source.relative_to(PACKAGE)} ({', '.join(sorted(libraries))})"
        for source in sorted(PACKAGE.rglob("*.py"))
        if OUTBOUND not in source.parents and (libraries := http_libraries_in(source))
    ]
    assert not offenders, fail(
        "OUTBOUND-CLIENT",
        f"HTTP client imported outside outbound/ in {', '.join(offenders)}; "
        "call other services through components.http_client (timeouts, retries, breaker)",
    )
