"""Pure ASGI middleware, one class a file; `stack.py` decides their order."""
