"""A generated project with a resource, migrated and served by uvicorn, for tests from outside.

The default (SQLite) project, with an owned ``products`` resource added as a
user would (any signed-in user may create them), on a database file of its
own, served with the project's own ``serve`` command from the virtualenv all
generated checks share.
"""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.harness import RenderedProject, Server, project_environment, run_migrations, serve
from scaffold import add_resource

#: The resource the served app has, and its fields.
RESOURCE = "products"
FIELDS = ["name:str:max=120:index", "price:decimal:10,2:min=0"]


@contextmanager
def served_app(source: Path, python: Path, workdir: Path) -> Iterator[Server]:
    """Copy ``source`` into ``workdir``, add the resource, migrate, and serve it."""
    path = workdir / source.name
    shutil.copytree(source, path, symlinks=True)
    add_resource(RESOURCE, FIELDS, project=path, owned=True)
    project = RenderedProject(
        path=path,
        package_name=path.name.replace("-", "_"),
        answers={},
        includes_uncommitted_changes=False,
    )
    env = project_environment(
        project, {"DATABASE__URL": f"sqlite+aiosqlite:///{workdir / 'app.db'}"}
    )
    run_migrations(python, project, env)
    with serve(
        python, project, env=env, log_path=workdir / "server.log", own_serve_command=True
    ) as server:
        yield server
