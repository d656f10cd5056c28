"""Generate FastAPI backends from the backend-scaffold Copier template.

The command line (``scaffold new``) is a thin layer over :func:`new`, so
everything it does can be scripted and tested in-process.
"""

from scaffold._version import __version__
from scaffold.errors import ScaffoldError
from scaffold.new import new

__all__ = ["ScaffoldError", "__version__", "new"]
