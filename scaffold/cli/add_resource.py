"""``scaffold add resource``: add a CRUD resource, then say how to try it."""

import argparse
import shlex
from pathlib import Path

from scaffold.cli.command import Command
from scaffold.cli.options import add_project_option
from scaffold.kit.install import venv_python
from scaffold.kit.process import display_command
from scaffold.resource.add import API_PREFIX, AddedResource, add_resource

DESCRIPTION = """\
Add a CRUD resource to a project made by `scaffold new`: the ORM model, request
and response schemas, a service, a router (list, read, create, replace with PUT,
update with PATCH, delete), an Alembic migration after the current head, tests
of every endpoint, and the spec in .scaffold/resources/NAME.yml. Run it in the
project (or pass --project); nothing is written unless every check passes.
"""

EPILOG = """\
fields are name:type[:modifier...]
  types: str text int decimal[:P,S] (default 10,2) bool date datetime uuid email
         'enum(a|b|c)' 'fk(<resource>)'   (quote these two: the shell
         reads parentheses; fk takes users or an added resource)
         file   (an uploaded file's id, the owner's own: --owned resources
         of projects with uploads)
  modifiers: unique index optional encrypted max=N min=N default=V
         max/min bound the length of str (default max 255) and text, and the
         value of int and decimal; indexed fields can be filtered on, and the
         indexed required ones sorted by; encrypted (str and text) stores the
         value under SECURITY__DATA_KEYS, never filtered nor sorted on

examples:
  scaffold add resource products name:str:max=120:index description:text:optional \\
      price:decimal:10,2:min=0 inventory:int:min=0:default=0
      admins write products (products:write), signed-in users read them
  scaffold add resource customers name:str:index tax_id:str:max=20:encrypted
      the database holds tax ids only as ciphertext; the API reads them back
  scaffold add resource orders 'product_id:fk(products)' quantity:int:min=1 --owned
      each order belongs to the user who created it; others get 404
  scaffold add resource articles title:str:max=200 'status:enum(draft|live):index' \\
      --public-read --dry-run
      list the files it would write for a publicly readable resource; write none
"""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        metavar="NAME",
        help="plural snake_case name: the table, the URL (order_items: /api/v1/order-items) "
        "and the write permission (order_items:write)",
    )
    parser.add_argument(
        "fields", metavar="FIELD", nargs="+", help="a field as name:type[:modifier...]"
    )
    add_project_option(parser)
    parser.add_argument(
        "--singular",
        metavar="WORD",
        help="singular of NAME for the class and module names, when the guess is wrong "
        "(default: NAME without its plural ending, e.g. categories -> category)",
    )
    parser.add_argument(
        "--owned",
        action="store_true",
        help="each row belongs to the user who created it; others get 404",
    )
    parser.add_argument(
        "--public-read",
        action="store_true",
        help="the GET endpoints need no authentication",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list the files it would write; write nothing"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="go ahead although the project has uncommitted changes",
    )


def _run(args: argparse.Namespace) -> int:
    added = add_resource(
        args.name,
        args.fields,
        project=args.project,
        singular=args.singular,
        owned=args.owned,
        public_read=args.public_read,
        dry_run=args.dry_run,
        force=args.force,
    )
    print(report(args.project, added))
    return 0


def report(typed_project: str, added: AddedResource) -> str:
    """List the files, then what to run to use the resource."""
    spec, project = added.spec, added.project
    if added.written:
        lines = [f"Added resource {spec.name} to {project.path}:"]
    else:
        lines = [f"Would add resource {spec.name} to {project.path} (dry run, nothing written):"]
    lines += [f"  {path}" for path in added.files]
    if not added.written:
        return "\n".join(lines)
    python = display_command([str(venv_python(Path()))])
    package = added.package
    lines += ["", "Next steps:"]
    if Path(typed_project).resolve() != Path.cwd():
        lines.append(f"  cd {shlex.quote(typed_project)}")
    lines += [
        f"  {python} -m {package} migrate",
        f"  {python} -m pytest tests/test_{spec.name}.py",
        f"  {python} -m {package} serve    # then try {API_PREFIX}{spec.path} in "
        "http://127.0.0.1:8000/docs",
    ]
    if not spec.owned:
        lines += [
            "",
            f"Writes need the {spec.write_permission} permission, which admins have:",
            f"  {python} -m {package} create-admin --email you@example.com",
        ]
    return "\n".join(lines)


_RESOURCE = Command(
    name="resource",
    help="a CRUD resource: model, schemas, service, routes, migration, tests",
    description=DESCRIPTION,
    epilog=EPILOG,
    arguments=_arguments,
    run=_run,
)

COMMAND = Command(
    name="add",
    help="add a resource to a generated project",
    description="Add generated code to a project made by `scaffold new`.",
    epilog="example:\n  scaffold add resource --help",
    subcommands=(_RESOURCE,),
)
