"""Generate FastAPI backends from the backend-scaffold Copier template, grow and update them.

The command line (``scaffold new``, ``add resource``, ``update``,
``check-update``, ``doctor``) is a thin layer over :func:`new`,
:func:`add_resource`, :func:`update`, :func:`check_update` and :func:`doctor`,
so everything it does can be scripted and tested in-process.
"""

from scaffold._version import __version__
from scaffold.doctor.report import doctor
from scaffold.errors import ScaffoldError
from scaffold.new import new
from scaffold.resource.add import add_resource
from scaffold.update.apply import update
from scaffold.update.check import check_update

__all__ = [
    "ScaffoldError",
    "__version__",
    "add_resource",
    "check_update",
    "doctor",
    "new",
    "update",
]
