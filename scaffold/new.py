"""``scaffold new``: generate a project, ready to run, or leave nothing behind."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scaffold._version import __version__
from scaffold.errors import ScaffoldError
from scaffold.kit.destination import placement
from scaffold.kit.git import init_repository, is_inside_work_tree
from scaffold.kit.install import find_uv, install_dependencies, lock_dependencies, run_migrations
from scaffold.kit.progress import Progress, StepCallback
from scaffold.template.answers import check_known_keys, project_name_from, require_terminal_unless
from scaffold.template.render import render
from scaffold.template.repository import record_installed_template, recorded_url
from scaffold.template.source import TemplateSource, locate_template, question_names_at
from scaffold.update_migrations.merge_heads import join_heads

RENDER = "Rendering template"
INSTALL = "Installing dependencies into .venv"
LOCK = "Locking dependencies (uv.lock)"
MIGRATE = "Running database migrations"
COMMIT = "Creating git repository"


@dataclass(frozen=True)
class NewProject:
    """What :func:`new` produced, for printing next steps or scripting further."""

    path: Path
    answers: Mapping[str, Any]
    #: ``.venv`` exists with the project installed and migrations applied.
    installed: bool
    #: A repository was created; False when the project landed inside one.
    committed: bool

    @property
    def package_name(self) -> str:
        """The generated import package, e.g. for ``python -m <package> serve``."""
        return str(self.answers["package_name"])


def new(
    destination: str | Path,
    *,
    data: Mapping[str, Any] | None = None,
    defaults: bool = False,
    template: str | Path | None = None,
    vcs_ref: str | None = None,
    install: bool = True,
    force: bool = False,
    on_step: StepCallback | None = None,
) -> NewProject:
    """Generate a project in ``destination`` from the backend-scaffold template.

    Steps: render the template, then create ``.venv`` and run the migrations
    (or, when ``install`` is false, only lock the dependencies), then make the
    project a git repository with a first commit (last, so the commit includes
    ``uv.lock``, which the project's image, CI and nox sessions install from).
    Without uv (no binary for the platform) pip installs and nothing is locked.

    Args:
        destination: Directory to create (or an empty one to fill).
        data: Answers to template questions; unknown keys are refused.
        defaults: Use defaults for unanswered questions instead of prompting.
            Without it, stdin must be a terminal.
        template: A local Copier template directory, rendered as it is; default:
            the template this installation ships (or the checkout it runs
            from), recorded first as this version in the versions repository.
        vcs_ref: Git ref of the template to render; default: the recorded
            version's tag, or ``template``'s working tree.
        install: Create ``.venv`` and run migrations.
        force: Allow a non-empty destination; files the render replaces are
            restored if a later step fails.
        on_step: Progress callback.

    Raises:
        ScaffoldError: Bad input or a failed step; nothing is left behind.
    """
    if template is None:
        source, ref = _recorded(locate_template())
    else:
        source, ref = locate_template(template), "HEAD"
    if vcs_ref is not None:
        if not source.versioned:
            raise ScaffoldError(
                f"--vcs-ref needs a template that is a git repository; {source.path} is not "
                "one. Leave out --vcs-ref to render the directory as it is, or make it a "
                "repository with a tag per version (git init, commit, git tag v1.0.0)."
            )
        ref = vcs_ref
        source = replace(source, question_names=question_names_at(source.path, ref))
    answers = dict(data or {})
    check_known_keys(answers, source.question_names)
    require_terminal_unless(
        defaults, instead="pass --defaults, and set answers with --data KEY=VALUE"
    )
    target = Path(destination).expanduser().resolve()
    user_defaults: dict[str, Any] = {}
    derived_name = project_name_from(target)
    if "project_name" in source.question_names and derived_name is not None:
        user_defaults["project_name"] = derived_name
    commit = not is_inside_work_tree(target)
    # `uv sync` locks as it installs; without the install, uv locks alone.
    locker = None if install else find_uv()
    progress = Progress(
        [
            RENDER,
            *([INSTALL, MIGRATE] if install else []),
            *([LOCK] if locker is not None else []),
            *([COMMIT] if commit else []),
        ],
        on_step,
    )

    with placement(target, force=force) as claim:
        progress.start(RENDER)
        final_answers = render(
            source,
            claim.render_path,
            data=answers,
            user_defaults=user_defaults,
            defaults=defaults,
            vcs_ref=ref,
        )
        _join_option_revisions(claim.render_path, final_answers)
        claim.place()
        result = NewProject(path=target, answers=final_answers, installed=install, committed=commit)
        if install:
            progress.start(INSTALL)
            install_dependencies(target)
            progress.start(MIGRATE)
            run_migrations(target, result.package_name)
        if locker is not None:
            progress.start(LOCK)
            lock_dependencies(target, locker)
        if commit:
            progress.start(COMMIT)
            init_repository(
                target,
                message=f"Generate project with backend-scaffold {__version__}",
                author_name=_optional_str(final_answers.get("author_name")),
                author_email=_optional_str(final_answers.get("author_email")),
            )
    return result


def _recorded(installed: TemplateSource) -> tuple[TemplateSource, str]:
    """Record the installed template as this version; render it from the record.

    The project then names the versions repository as its template and the
    version's tag as its commit, which later updates need (see
    :mod:`scaffold.template.repository`).
    """
    release = record_installed_template()
    recorded = replace(
        installed, path=release.repository, recorded_as=recorded_url(release.repository)
    )
    return recorded, release.tag


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _join_option_revisions(project: Path, answers: Mapping[str, Any]) -> None:
    """Start the project with one migration head when several optional features are on.

    Each optional feature's revision follows the jobs revision, so that turning
    one on later never rewrites a revision a database already ran; a new project
    with two or more of them gets the merge revision an update would write.
    """
    versions = project / "src" / str(answers.get("package_name", "")) / "migrations" / "versions"
    if versions.is_dir():
        join_heads(versions)
