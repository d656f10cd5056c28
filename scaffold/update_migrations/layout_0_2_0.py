"""Where 0.2.0 moved the generated package's modules: the one record of the new layout.

0.2.0 split ``core/`` by what it holds (``infra/``, ``security/``, ``api/`` and
the ``errors`` module), gathered idempotency, rate limiting and mail into one
package each, and moved the attempt limiter out of ``services/``. The update
migration reads these tables to move a project's edited copies and to point
the project's own imports at the new modules. Paths are inside the project's
import package; a package on the right is a concept package whose
``__init__`` hands on the public names of the module it replaces.
"""

#: Old module -> new module, dotted, inside the project's import package.
MODULE_MOVES: dict[str, str] = {
    "core.config": "infra.settings",
    "core.database": "infra.database",
    "core.migrations": "infra.migration_runner",
    "core.logs": "infra.logs",
    "core.clock": "infra.clock",
    "core.request_context": "infra.request_context",
    "core.backends": "infra.stores",
    "core.cache": "infra.cache",
    "core.memory_storage": "infra.memory_storage",
    "core.errors": "errors",
    "core.tokens": "security.tokens",
    "core.passwords": "security.passwords",
    "core.password_policy": "security.password_policy",
    "core.rbac": "security.rbac",
    "core.auth": "security.current_user",
    "services.attempt_limiter": "security.attempt_limits",
    "core.envelope": "api.envelope",
    "core.exception_handlers": "api.error_handlers",
    "core.pagination": "api.pagination",
    "core.cursor": "api.cursor",
    "core.etag": "api.etag",
    "core.partial_update": "api.partial_update",
    "core.input_types": "api.input_types",
    "core.records": "api.records",
    "core.idempotency": "api.idempotency",
    "middleware.idempotency": "api.idempotency.middleware",
    "core.rate_limits": "api.rate_limits",
    "middleware.rate_limit": "api.rate_limits.middleware",
    "services.mail": "mail",
}

#: (old module, name) -> new module, for names that left the module they were in.
NAME_MOVES: dict[tuple[str, str], str] = {
    ("services.auth", "LoginLimiters"): "security.attempt_limits",
    ("core.exception_handlers", "replay_stored_response"): "api.idempotency.replay",
}

#: Old file -> new file, relative to the import package, for every file that moved.
FILE_MOVES: dict[str, str] = {
    "core/config.py": "infra/settings.py",
    "core/database.py": "infra/database.py",
    "core/migrations.py": "infra/migration_runner.py",
    "core/logs.py": "infra/logs.py",
    "core/clock.py": "infra/clock.py",
    "core/request_context.py": "infra/request_context.py",
    "core/backends.py": "infra/stores.py",
    "core/cache.py": "infra/cache.py",
    "core/memory_storage.py": "infra/memory_storage.py",
    "core/errors.py": "errors.py",
    "core/tokens.py": "security/tokens.py",
    "core/passwords.py": "security/passwords.py",
    "core/password_policy.py": "security/password_policy.py",
    "core/rbac.py": "security/rbac.py",
    "core/auth.py": "security/current_user.py",
    "services/attempt_limiter.py": "security/attempt_limits.py",
    "core/envelope.py": "api/envelope.py",
    "core/exception_handlers.py": "api/error_handlers.py",
    "core/pagination.py": "api/pagination.py",
    "core/cursor.py": "api/cursor.py",
    "core/etag.py": "api/etag.py",
    "core/partial_update.py": "api/partial_update.py",
    "core/input_types.py": "api/input_types.py",
    "core/records.py": "api/records.py",
    "core/idempotency.py": "api/idempotency/keys.py",
    "middleware/idempotency.py": "api/idempotency/middleware.py",
    "core/rate_limits.py": "api/rate_limits/limiter.py",
    "middleware/rate_limit.py": "api/rate_limits/middleware.py",
    "services/mail.py": "mail/mailer.py",
}
