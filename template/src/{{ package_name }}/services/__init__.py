"""Business rules. Services raise `AppError`s, never commit, never know HTTP.

A service module also declares the background jobs of its feature (`@job`);
`load_all_jobs()` imports every module, so a worker knows every job by name.
"""

import importlib
import pkgutil


def load_all_jobs() -> None:
    """Import every service module, registering the jobs they define."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
