"""``scaffold update``: bring a newer template version into a generated project.

Copier does the three-way merge: it renders the version the project was
generated from and the target version, and applies the project's own changes
on top of the difference. Around it, this module refuses what Copier would
mishandle or report poorly, and finds the conflicts Copier leaves behind
without failing (it exits 0 on them).
"""

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import copier
from copier.errors import CopierError

from scaffold.errors import ScaffoldError
from scaffold.kit.git import (
    FileChange,
    discard_changes,
    reject_files,
    run_git,
    unmerged_files,
    working_tree_changes,
)
from scaffold.kit.progress import Progress, StepCallback
from scaffold.project.generated import open_updatable_project, require_clean_repository
from scaffold.template.answers import check_known_keys, require_terminal_unless
from scaffold.template.render import with_answer_hint
from scaffold.update.lock import refresh_lock
from scaffold.update.plan import UpdatePlan, plan_update

#: How Copier leaves a change it cannot merge: conflict markers in the file
#: (``inline``), or the rejected part beside it in ``FILE.rej`` (``rej``).
ConflictStyle = Literal["inline", "rej"]

CLONE = "Copying the project to a scratch clone"


@dataclass(frozen=True)
class UpdateResult:
    """What an update changed, or would change with ``dry_run``."""

    project: Path
    from_version: str
    to_version: str
    #: Every file that differs from the last commit, paths relative to the project.
    changes: tuple[FileChange, ...]
    #: Files with conflicts to resolve by hand (see ``conflict_style``).
    conflicts: tuple[str, ...]
    conflict_style: ConflictStyle
    dry_run: bool
    #: Why ``uv.lock`` could not be brought in step with ``pyproject.toml``, if so.
    lock_problem: str | None = None


def update(
    project: str | Path = ".",
    *,
    to: str | None = None,
    data: Mapping[str, Any] | None = None,
    defaults: bool = False,
    conflict: ConflictStyle = "inline",
    dry_run: bool = False,
    on_step: StepCallback | None = None,
) -> UpdateResult:
    """Update ``project`` to a newer version of the template it was generated from.

    Files the user changed keep their changes, files the user deleted stay
    deleted, and files the user added are not touched. When ``pyproject.toml``
    changed, ``uv.lock`` is brought in step with it (``uv lock``, which needs
    the package index). The result is left uncommitted, for review; a result
    with ``conflicts`` or a ``lock_problem`` needs hand work first.

    Args:
        project: The project directory (a clean git work tree).
        to: Template version (git tag or other ref) to update to; default:
            the version this scaffold ships, or for a project generated from
            another template directory, that template's newest release tag.
        data: Answers to change, or to give questions new in the target version.
        defaults: Give new questions their default answer and keep earlier
            answers, instead of prompting. Without it, stdin must be a terminal.
        conflict: How to leave changes that cannot be merged.
        dry_run: Update a scratch clone instead, report, and change nothing.
        on_step: Progress callback.

    Raises:
        ScaffoldError: The project cannot be updated (not in git, uncommitted
            changes, no answers file, unknown versions), or the update failed;
            then the project is left as it was.
    """
    generated = open_updatable_project(project)
    require_clean_repository(generated.path)
    plan = plan_update(generated, to)
    answers = dict(data or {})
    check_known_keys(answers, plan.question_names)
    require_terminal_unless(
        defaults,
        instead="pass --defaults to keep the current answers and give new questions their defaults",
    )
    title = f"Updating from {plan.current} to {plan.target}"
    progress = Progress([*([CLONE] if dry_run else []), title], on_step)
    if not dry_run:
        progress.start(title)
        return _apply(generated.path, plan, answers, defaults=defaults, conflict=conflict)
    with tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        progress.start(CLONE)
        trial = _clone(generated.path, Path(scratch))
        progress.start(title)
        result = _apply(trial, plan, answers, defaults=defaults, conflict=conflict)
    return replace(result, project=generated.path, dry_run=True)


def _apply(
    project: Path,
    plan: UpdatePlan,
    answers: dict[str, Any],
    *,
    defaults: bool,
    conflict: ConflictStyle,
) -> UpdateResult:
    """Run Copier's update in ``project``; on any failure, restore the project.

    ``unsafe``: the template's migrations must run, and the template is a
    local directory the project was generated from (never a remote URL).
    Answers are re-read after the migrations (``skip_answered=False``), so a
    migration can carry an answer over to a renamed question.
    """
    rejects_before = reject_files(project)
    try:
        copier.run_update(
            project,
            data=answers,
            vcs_ref=plan.target,
            defaults=defaults,
            overwrite=True,
            conflict=conflict,
            quiet=True,
            unsafe=True,
            skip_answered=False,
        )
    except KeyboardInterrupt:  # Copier's interrupt at a question is a CopierError too
        discard_changes(project)
        raise KeyboardInterrupt from None
    except (CopierError, ValueError) as error:
        discard_changes(project)
        raise ScaffoldError(
            f"{with_answer_hint(str(error))} The project is back as it was committed."
        ) from error
    except BaseException:
        discard_changes(project)
        raise
    rejects = reject_files(project) - rejects_before
    conflicts = {*unmerged_files(project), *(name.removesuffix(".rej") for name in rejects)}
    changed = {change.path for change in working_tree_changes(project)}
    lock_problem = refresh_lock(project, changed=changed, conflicts=conflicts)
    changes = [change for change in working_tree_changes(project) if change.path not in rejects]
    return UpdateResult(
        project=project,
        from_version=plan.current,
        to_version=plan.target,
        changes=tuple(changes),
        conflicts=tuple(sorted(conflicts)),
        conflict_style=conflict,
        dry_run=False,
        lock_problem=lock_problem,
    )


def _clone(project: Path, scratch: Path) -> Path:
    """Clone the repository holding ``project``; return the project's path in the clone."""
    top = Path(run_git(project, "rev-parse", "--show-toplevel").strip())
    prefix = run_git(project, "rev-parse", "--show-prefix").strip()
    run_git(scratch, "clone", "--quiet", str(top), "repository")
    return scratch / "repository" / prefix
