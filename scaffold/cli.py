"""The ``scaffold`` command: parse arguments, call the API, print the outcome.

Nothing here does work of its own; everything it runs is importable from
:mod:`scaffold` and usable from Python.
"""

import argparse
import shlex
import shutil
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn, TypeAlias

from scaffold._version import __version__
from scaffold.add_resource import API_PREFIX, AddedResource, add_resource
from scaffold.answers import parse_data
from scaffold.errors import ScaffoldError, UsageError, exit_code
from scaffold.install import find_uv, install_commands, migrate_command, venv_python
from scaffold.new import NewProject, new
from scaffold.template_source import default_template, locate_template

DESCRIPTION = """\
Generate a FastAPI backend from the backend-scaffold template: an async API
with SQLAlchemy, Alembic migrations, a test suite, ruff and mypy, ready to run.
"""

EPILOG = """\
examples:
  scaffold new ../my-api --defaults
  scaffold new --help        every option of `new`, with more examples
  scaffold add resource products name:str:max=120:index price:decimal:10,2:min=0
  scaffold add resource --help   field types, modifiers and options
"""

NEW_DESCRIPTION = """\
Render the template into DEST, create DEST/.venv with the project and its dev
tools (with uv when available), run the database migrations, and make DEST a
git repository with a first commit. If any step fails, everything the command
created is removed again.
"""

NEW_EPILOG = """\
examples:
  scaffold new my-api --defaults
      project "My Api", distribution my-api, package my_api, SQLite
  scaffold new my-api --defaults --data database=postgresql \\
      --data author_email=dev@example.com
      PostgreSQL project; migrations need the server running (see --no-install)
  scaffold new my-api
      ask every question in the terminal
  scaffold new my-api --defaults --no-install --vcs-ref v0.1.0
      render the template as tagged v0.1.0; set up .venv later yourself
"""


ADD_RESOURCE_DESCRIPTION = """\
Add a CRUD resource to a project made by `scaffold new`: the ORM model, request
and response schemas, a service, a router (list, read, create, replace with PUT,
update with PATCH, delete), an Alembic migration after the current head, tests
of every endpoint, and the spec in .scaffold/resources/NAME.yml. Run it in the
project (or pass --project); nothing is written unless every check passes.
"""

ADD_RESOURCE_EPILOG = """\
fields are name:type[:modifier...]
  types: str text int decimal[:P,S] (default 10,2) bool date datetime uuid email
         'enum(a|b|c)' 'fk(<resource>)'   (quote these two: the shell
         reads parentheses; fk takes users or an added resource)
  modifiers: unique index optional max=N min=N default=V
         max/min bound the length of str (default max 255) and text, and the
         value of int and decimal; indexed fields can be filtered on, and the
         indexed required ones sorted by

examples:
  scaffold add resource products name:str:max=120:index description:text:optional \\
      price:decimal:10,2:min=0 inventory:int:min=0:default=0
      admins write products (products:write), signed-in users read them
  scaffold add resource orders 'product_id:fk(products)' quantity:int:min=1 --owned
      each order belongs to the user who created it; others get 404
  scaffold add resource articles title:str:max=200 'status:enum(draft|live):index' \\
      --public-read --dry-run
      list the files it would write for a publicly readable resource; write none
"""


class _ArgumentParser(argparse.ArgumentParser):
    """Raise argparse's errors instead of exiting, so :func:`main` reports them."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}", usage=self.format_usage())


# A string: argparse's action class is generic only to type checkers.
Subcommands: TypeAlias = "argparse._SubParsersAction[_ArgumentParser]"
#: Adds one subcommand; it sets ``handler`` to the function that runs the
#: command and returns its exit code. :data:`COMMANDS` lists them all.
CommandAdder = Callable[[Subcommands], None]


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line; ``--help`` output is the user manual."""
    parser = _ArgumentParser(
        prog="scaffold",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_command in COMMANDS:
        add_command(commands)
    return parser


def _add_new(commands: Subcommands) -> None:
    new_parser = commands.add_parser(
        "new",
        help="generate a new project",
        description=NEW_DESCRIPTION,
        epilog=NEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new_parser.set_defaults(handler=_run_new)
    new_parser.add_argument(
        "destination",
        metavar="DEST",
        help="directory to create (an existing empty one is fine); its name is the "
        'default project name: my-api gives "My Api", distribution my-api',
    )
    new_parser.add_argument(
        "--defaults",
        action="store_true",
        help="use the default answer for every question not set with --data instead of "
        "prompting (required when stdin is not a terminal)",
    )
    new_parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"answer a template question; repeat for several. {_question_list()}",
    )
    new_parser.add_argument(
        "--template",
        metavar="SRC",
        help=f"local Copier template directory to render (default: {default_template()})",
    )
    new_parser.add_argument(
        "--vcs-ref",
        metavar="REF",
        help="git tag, branch or commit of the template to render (default: the "
        "template's working tree, uncommitted changes included)",
    )
    new_parser.add_argument(
        "--no-install",
        dest="install",
        action="store_false",
        help="only render and commit: skip creating .venv and running migrations "
        "(e.g. when the database server is not running yet)",
    )
    new_parser.add_argument(
        "--force",
        action="store_true",
        help="allow a non-empty DEST: files the template writes replace existing ones "
        "(and are restored if a later step fails)",
    )


def _run_new(args: argparse.Namespace) -> int:
    project = new(
        args.destination,
        data=parse_data(args.data),
        defaults=args.defaults,
        template=args.template,
        vcs_ref=args.vcs_ref,
        install=args.install,
        force=args.force,
        on_step=_print_step,
    )
    _print_next_steps(args.destination, project)
    return 0


def _add_add(commands: Subcommands) -> None:
    add_parser = commands.add_parser(
        "add",
        help="add a resource to a generated project",
        description="Add generated code to a project made by `scaffold new`.",
        epilog="example:\n  scaffold add resource --help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = add_parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    resource = kinds.add_parser(
        "resource",
        help="a CRUD resource: model, schemas, service, routes, migration, tests",
        description=ADD_RESOURCE_DESCRIPTION,
        epilog=ADD_RESOURCE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    resource.set_defaults(handler=_run_add_resource)
    resource.add_argument(
        "name",
        metavar="NAME",
        help="plural snake_case name: the table, the URL (order_items: /api/v1/order-items) "
        "and the write permission (order_items:write)",
    )
    resource.add_argument(
        "fields", metavar="FIELD", nargs="+", help="a field as name:type[:modifier...]"
    )
    resource.add_argument(
        "--project",
        metavar="DIR",
        default=".",
        help="the generated project (default: the current directory)",
    )
    resource.add_argument(
        "--singular",
        metavar="WORD",
        help="singular of NAME for the class and module names, when the guess is wrong "
        "(default: NAME without its plural ending, e.g. categories -> category)",
    )
    resource.add_argument(
        "--owned",
        action="store_true",
        help="each row belongs to the user who created it; others get 404",
    )
    resource.add_argument(
        "--public-read",
        action="store_true",
        help="the GET endpoints need no authentication",
    )
    resource.add_argument(
        "--dry-run", action="store_true", help="list the files it would write; write nothing"
    )
    resource.add_argument(
        "--force",
        action="store_true",
        help="go ahead although the project has uncommitted changes",
    )


def _run_add_resource(args: argparse.Namespace) -> int:
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
    _print_added(args.project, added)
    return 0


COMMANDS: tuple[CommandAdder, ...] = (_add_new, _add_add)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    try:
        args = build_parser().parse_args(argv)
        with warnings.catch_warnings(), _termination_as_interrupt():
            warnings.showwarning = _print_warning
            handler: Callable[[argparse.Namespace], int] = args.handler
            return handler(args)
    except UsageError as error:
        print(error.usage, end="", file=sys.stderr)
        print(error, file=sys.stderr)
        return exit_code(error)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt as interrupt:
        print("\nInterrupted; nothing was left behind.", file=sys.stderr)
        return exit_code(interrupt)


@contextmanager
def _termination_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM and SIGHUP (a killed job, a closed terminal) like Ctrl-C.

    Python would otherwise exit on them without unwinding, leaving the staging
    directory and a half-installed project behind.
    """
    signals = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, _raise_interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def _question_list() -> str:
    """Name the template's questions for ``--help``, read from the template itself."""
    try:
        questions = locate_template().question_names
    except ScaffoldError:
        return ""
    return f"Keys: {', '.join(questions)}."


def _print_warning(message: Warning | str, *_details: object, **_where: object) -> None:
    """Show a library's warning (e.g. Copier's "dirty template") as one plain line."""
    print(f"warning: {message}", file=sys.stderr)


def _print_step(number: int, total: int, title: str) -> None:
    print(f"[{number}/{total}] {title}...", file=sys.stderr, flush=True)


def _print_next_steps(typed_destination: str, project: NewProject) -> None:
    """Print what to type next, relative to where the user is."""
    name = project.answers.get("project_name", project.path.name)
    package = project.package_name
    python = _shell([str(venv_python(Path()))])
    lines = [f"\nCreated {name} in {project.path}", "", "Next steps:"]
    lines.append(f"  cd {shlex.quote(typed_destination)}")
    if not project.installed:
        lines += [f"  {_shell(command)}" for command in install_commands(Path(), find_uv())]
        lines.append(f"  {_shell(migrate_command(Path(), package))}")
    lines += [
        f"  {python} -m {package} serve    # the API on http://127.0.0.1:8000",
        f"  {python} -m pytest",
        "  then open http://127.0.0.1:8000/docs for the interactive API docs",
    ]
    if not project.committed:
        lines.append(
            "\nDEST is inside an existing git repository: the files are left for you to commit."
        )
    print("\n".join(lines))


def _shell(command: Sequence[str]) -> str:
    """Quote a command for copy-pasting, shortening a program found on PATH to its name."""
    argv = list(command)
    program = Path(argv[0]).name
    if Path(argv[0]).is_absolute() and shutil.which(program) == argv[0]:
        argv[0] = program
    return shlex.join(argv)


def _print_added(typed_project: str, added: AddedResource) -> None:
    """List the files, then what to run to use the resource."""
    spec, project = added.spec, added.project
    if added.written:
        lines = [f"Added resource {spec.name} to {project.root}:"]
    else:
        lines = [f"Would add resource {spec.name} to {project.root} (dry run, nothing written):"]
    lines += [f"  {path}" for path in added.files]
    if not added.written:
        print("\n".join(lines))
        return
    python = _shell([str(venv_python(Path()))])
    package = project.package
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
    print("\n".join(lines))
