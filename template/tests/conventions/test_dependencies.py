"""DEPS-ASYNC: request dependencies run on the event loop unless they say why they block.

FastAPI calls a plain `def` dependency (and a class used as one) in a worker
thread on every request; for a function that only reads a component or builds
a service, the thread hop costs more than the function.
"""

import inspect
from typing import Any

from fastapi import FastAPI
from fastapi.security import OAuth2PasswordRequestForm

from .introspection import dependency_calls, fail, label, operations

#: How a sync dependency says why it needs a thread, in its docstring.
BLOCKING_REASON = "Runs in a thread:"
#: Sync dependencies from libraries, which cannot carry that line, and why they may.
LIBRARY_SYNC_DEPENDENCIES: dict[Any, str] = {
    OAuth2PasswordRequestForm: "FastAPI's form of the OAuth2 password flow (/auth/token only)",
}


def runs_in_a_thread(call: Any) -> bool:
    """Whether FastAPI runs `call` in its thread pool rather than on the event loop."""
    call = inspect.unwrap(call)
    if inspect.isclass(call):
        return True
    for function in (call, getattr(call, "__call__", None)):  # noqa: B004 - instances too
        if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
            return False
    return True


def test_dependencies_are_async_unless_they_say_why_they_block(app: FastAPI) -> None:
    for method, route in operations(app):
        for call in dependency_calls(route.dependant):
            if not runs_in_a_thread(call) or call in LIBRARY_SYNC_DEPENDENCIES:
                continue
            name = getattr(call, "__qualname__", type(call).__qualname__)
            assert BLOCKING_REASON in (inspect.getdoc(call) or ""), fail(
                "DEPS-ASYNC",
                f"{label(method, route)} depends on {name}, which FastAPI runs in a worker "
                f"thread on every request; make it `async def`, or say why it blocks with "
                f"'{BLOCKING_REASON} <why>' in its docstring",
            )
