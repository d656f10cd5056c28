"""The API's own conventions: envelope, error handlers, pagination, ETags, idempotency, limits."""
