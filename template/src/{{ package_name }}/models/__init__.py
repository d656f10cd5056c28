"""ORM models, one table a file; `load_all_models()` imports them all.

Discovery keeps one hand-edited list out of the code: a new model file is seen
by Alembic's autogenerate and by the drift test as soon as it exists.
"""

import importlib
import pkgutil

from .base import Base

__all__ = ["Base", "load_all_models"]


def load_all_models() -> None:
    """Import every module of this package so `Base.metadata` knows every table."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
