"""``scaffold new``: generate a project, then say what to type next."""

import argparse
import shlex
from pathlib import Path

from scaffold._version import __version__
from scaffold.cli.command import Command
from scaffold.cli.options import add_data_option, add_defaults_option, print_step
from scaffold.errors import ScaffoldError
from scaffold.kit.install import find_uv, install_commands, migrate_command, venv_python
from scaffold.kit.process import display_command
from scaffold.new import NewProject, new
from scaffold.template.source import default_template, locate_template

DESCRIPTION = """\
Render the template into DEST, create DEST/.venv with the project and its dev
tools (with uv when available), run the database migrations, and make DEST a
git repository with a first commit. If any step fails, everything the command
created is removed again.
"""

EPILOG = """\
examples:
  scaffold new my-api --defaults
      project "My Api", distribution my-api, package my_api, SQLite
  scaffold new my-api --defaults --data database=postgresql \\
      --data author_email=dev@example.com
      PostgreSQL project; migrations need the server running (see --no-install)
  scaffold new my-api --defaults --data redis=true
      counters, lockouts, cache and idempotency records shared through Redis
  scaffold new my-api
      ask every question in the terminal
  scaffold new my-api --defaults --no-install --vcs-ref v0.1.0
      render template version v0.1.0; set up .venv later yourself
"""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "destination",
        metavar="DEST",
        help="directory to create (an existing empty one is fine); its name is the "
        'default project name: my-api gives "My Api", distribution my-api',
    )
    add_defaults_option(
        parser,
        help_text="use the default answer for every question not set with --data instead of "
        "prompting (required when stdin is not a terminal)",
    )
    add_data_option(
        parser, help_text=f"answer a template question; repeat for several. {_question_list()}"
    )
    parser.add_argument(
        "--template",
        metavar="SRC",
        help="local Copier template directory to render as it is (default: the template "
        f"this scaffold ships, {default_template()}, recorded as version {__version__} "
        "in the versions repository so the project can be updated later)",
    )
    parser.add_argument(
        "--vcs-ref",
        metavar="REF",
        help=f"template version (git tag, or branch or commit) to render (default: "
        f"v{__version__}; with --template: its working tree, uncommitted changes included)",
    )
    parser.add_argument(
        "--no-install",
        dest="install",
        action="store_false",
        help="only render and commit: skip creating .venv and running migrations "
        "(e.g. when the database server is not running yet)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="allow a non-empty DEST: files the template writes replace existing ones "
        "(and are restored if a later step fails)",
    )


def _run(args: argparse.Namespace) -> int:
    project = new(
        args.destination,
        data=dict(args.data),
        defaults=args.defaults,
        template=args.template,
        vcs_ref=args.vcs_ref,
        install=args.install,
        force=args.force,
        on_step=print_step,
    )
    print(next_steps(args.destination, project))
    return 0


def _question_list() -> str:
    """Name the template's questions for ``--help``, read from the template itself."""
    try:
        questions = locate_template().question_names
    except ScaffoldError:
        return ""
    return f"Keys: {', '.join(questions)}."


def next_steps(typed_destination: str, project: NewProject) -> str:
    """Say what to type next, relative to where the user is."""
    name = project.answers.get("project_name", project.path.name)
    package = project.package_name
    python = display_command([str(venv_python(Path()))])
    lines = [f"\nCreated {name} in {project.path}", "", "Next steps:"]
    lines.append(f"  cd {shlex.quote(typed_destination)}")
    if not project.installed:
        lines += [
            f"  {display_command(command)}" for command in install_commands(Path(), find_uv())
        ]
        lines.append(f"  {display_command(migrate_command(Path(), package))}")
    lines += [
        f"  {python} -m {package} serve    # the API on http://127.0.0.1:8000",
        f"  {python} -m pytest",
        "  then open http://127.0.0.1:8000/docs for the interactive API docs",
    ]
    if not project.committed:
        lines.append(
            "\nDEST is inside an existing git repository: the files are left for you to commit."
        )
    return "\n".join(lines)


COMMAND = Command(
    name="new",
    help="generate a new project",
    description=DESCRIPTION,
    epilog=EPILOG,
    arguments=_arguments,
    run=_run,
)
