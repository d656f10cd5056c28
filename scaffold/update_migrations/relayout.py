"""The update step of a release that moved modules of the generated package.

0.2.0 split ``core/`` into ``infra/``, ``security/``, ``api/`` and ``errors``
(``layout_0_2_0.py`` holds the tables). Copier alone would drop the user's
edits to the moved modules and leave the user's own modules importing paths
that are gone, so copier.yml runs this through ``run.py`` on both sides of the
update, with the name of the release's layout module:

    _migrations:
      - version: v0.2.0
        when: "{{ _stage == 'before' }}"
        command:
          - "{{ _copier_python }}"
          - "{{ _copier_conf.src_path }}/scaffold/update_migrations/run.py"
          - relayout
          - layout_0_2_0
          - before
          - "{{ _copier_conf.answers_file }}"
          - "{{ _copier_conf.conflict }}"
      - the same with ``_stage == 'after'`` and ``after``

``before`` keeps the user's edited moved modules aside (``moved_files``);
``after`` merges them into their new paths, rewrites the imports of every
module of the project and prints what it did. Both are idempotent. Needs the
standard library, PyYAML and Copier, which the Python running Copier has.
"""

import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .async_dependencies import asyncify_service_factories
from .git_plumbing import MigrationError
from .kept_packages import keep_packages_with_user_modules
from .layouts import Layout, load_layout
from .moved_files import SOURCE_ROOT, Move, capture, carry
from .old_render import render_previous_version
from .project_imports import rewrite_project_imports
from .three_way import ConflictStyle

USAGE = "usage: run.py relayout LAYOUT before|after ANSWERS_FILE [inline|rej]"
STAGES = ("before", "after")
STYLES = (["inline"], ["rej"])
MARKERS = "<<<<<<< before updating and >>>>>>> after updating"


def main(argv: list[str]) -> int:
    """Run one stage in the project (the working directory); 0 done, 1 failed, 2 usage."""
    if len(argv) not in (3, 4) or argv[1] not in STAGES or argv[3:] not in ([], *STYLES):
        print(USAGE, file=sys.stderr)
        return 2
    layout_name, stage, answers_file = argv[:3]
    style: ConflictStyle = "rej" if argv[3:] == ["rej"] else "inline"
    project = Path.cwd()
    try:
        layout = load_layout(layout_name)
        answers = _answers(project / answers_file)
        if stage == "before":
            print(_before(project, layout, answers, answers_file))
        else:
            print(_after(project, layout, _package_name(answers, answers_file), style))
    except MigrationError as error:
        print(f"Moving the project's modules to their new homes failed: {error}", file=sys.stderr)
        return 1
    return 0


def _answers(answers_file: Path) -> dict[str, Any]:
    try:
        answers = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MigrationError(f"Cannot read the answers in {answers_file}: {error}") from error
    if not isinstance(answers, dict):
        raise MigrationError(f"{answers_file} holds no answers.")
    return answers


def _package_name(answers: dict[str, Any], answers_file: str) -> str:
    package = answers.get("package_name")
    if not isinstance(package, str):
        raise MigrationError(f"{answers_file} records no package_name answer.")
    return package


def _before(project: Path, layout: Layout, answers: dict[str, Any], answers_file: str) -> str:
    """Render the project's current template version and keep the user's edited moves aside."""
    package = _package_name(answers, answers_file)
    with tempfile.TemporaryDirectory(prefix="scaffold-previous-") as scratch:
        try:
            previous = render_previous_version(answers, answers_file, Path(scratch) / "previous")
        except Exception as error:  # whatever stops Copier, the merge has no base without it
            raise MigrationError(
                f"Could not render the project's template version {answers.get('_commit')} "
                f"from {answers.get('_src_path')} to tell your edits from it: {error}"
            ) from error
        edited = len(capture(project, package, layout, previous).edited)
    if not edited:
        return "No moved module has edits of yours to carry over."
    return f"Kept your edits to {edited} moved modules aside, to merge after the update."


def _after(project: Path, layout: Layout, package: str, style: ConflictStyle) -> str:
    """Merge the kept modules, keep packages that still hold the user's, rewrite imports."""
    package_dir = f"{SOURCE_ROOT}/{package}"
    carried = carry(project, layout, style)
    kept = keep_packages_with_user_modules(project, package_dir)
    rewritten = rewrite_project_imports(project, package_dir, layout.moves(package))
    asyncified = asyncify_service_factories(project, package_dir)
    where = "beside each in FILE.rej" if style == "rej" else f"between {MARKERS}"
    parts = [
        _moves("Your edits, carried to the module's new home:", carried.merged),
        _moves(f"Your edits conflict with the template's, left {where}:", carried.conflicted),
        _moves("Deleted by you, so deleted at the new home too:", carried.kept_deleted),
        _moves(
            "Not in this version with your answers, so removed (yours: git show HEAD:PATH):",
            carried.dropped,
        ),
        _files("Kept, as modules of yours are still beside them (move those):", kept),
        _files(
            f"Imports pointed at the moved modules in {len(rewritten.modules)} files:",
            rewritten.modules,
        ),
        _files(
            "Comments among their imports left these out of order: ruff check --select I --fix",
            rewritten.unsorted,
        ),
        _files("Service factories made `async def` (convention DEPS-ASYNC) in:", asyncified),
    ]
    report = "".join(parts).rstrip()
    return report or "No module of yours needed moving or rewriting."


def _moves(title: str, moves: list[Move]) -> str:
    return _files(title, [f"{move.old} -> {move.new}" for move in moves])


def _files(title: str, names: list[str]) -> str:
    return f"{title}\n" + "".join(f"  {name}\n" for name in names) if names else ""
