"""Generate FastAPI backends from the backend-scaffold Copier template, and grow them.

The command line (``scaffold new``, ``scaffold add resource``) is a thin layer
over :func:`new` and :func:`add_resource`, so everything it does can be
scripted and tested in-process.
"""

from scaffold._version import __version__
from scaffold.add_resource import add_resource
from scaffold.errors import ScaffoldError
from scaffold.new import new

__all__ = ["ScaffoldError", "__version__", "add_resource", "new"]
