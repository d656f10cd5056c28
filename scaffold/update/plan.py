"""Where a project's updates come from, and which template version they go to.

A project generated from scaffold's versions repository updates by default to
the version this installation of scaffold ships (recorded on the spot, so the
two always match). A project generated from another template directory
updates to that template's newest release tag, as ``copier update`` would.
"""

from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from scaffold.errors import ScaffoldError
from scaffold.kit.git import has_revision, tags
from scaffold.project.generated import GeneratedProject
from scaffold.template.repository import record_installed_template, versions_repository
from scaffold.template.source import question_names_at
from scaffold.template.versions import newest_release, parse_version


@dataclass(frozen=True)
class UpdatePlan:
    """A template repository, the version a project is at and the one to go to."""

    repository: Path
    current: str
    target: str
    #: The questions the target version asks, to check ``--data`` keys against.
    question_names: tuple[str, ...]


def plan_update(project: GeneratedProject, to: str | None) -> UpdatePlan:
    """Find the project's template and the versions to update between.

    Raises:
        ScaffoldError: The template is missing or unversioned, or either
            version is not in it.
    """
    # Recording first also creates the versions repository on a machine where
    # scaffold never ran, for a project generated elsewhere.
    ours = project.template_path.resolve() == versions_repository()
    shipped = record_installed_template().tag if ours else None
    repository = _template_repository(project)
    default_target = shipped or newest_release(tags(repository))
    target = to or default_target
    if target is None:
        raise ScaffoldError(
            f"The template {repository} has no release tags (like v1.2.0) to update to; "
            "name a git ref with --to REF."
        )
    question_names = question_names_at(repository, target)
    if not has_revision(repository, project.version):
        installed = parse_version(shipped) if shipped is not None else None
        raise ScaffoldError(_missing_version_message(project, repository, installed))
    return UpdatePlan(
        repository=repository,
        current=project.version,
        target=target,
        question_names=question_names,
    )


def _template_repository(project: GeneratedProject) -> Path:
    path = project.template_path
    if not path.is_dir():
        raise ScaffoldError(
            f"The template this project was generated from, {project.template_url}, is not a "
            "directory on this machine. scaffold updates from local templates only; for a "
            "remote one run `copier update --trust` yourself."
        )
    path = path.resolve()
    if not (path / ".git").exists():
        raise ScaffoldError(
            f"The template {path} is not a git repository, so it has no versions to update "
            "between; Copier needs its history and tags. Make it one, with a tag for the "
            "version the project came from and one for each later version (git tag v1.0.0)."
        )
    return path


def _missing_version_message(
    project: GeneratedProject, repository: Path, shipped: Version | None
) -> str:
    """Say why the version is missing and what to do; ``shipped``: this scaffold's version."""
    message = (
        f"The project's template version {project.version} is not in {repository}; "
        "Copier needs it to tell your changes from the template's."
    )
    version = parse_version(project.version)
    if shipped is None:
        message += (
            f" Fetch its tags into that repository (git -C {repository} fetch --tags), or "
            "set `_commit` in .copier-answers.yml to the tag of the version the project "
            "came from."
        )
    elif version is not None and version > shipped:
        message += (
            f" It is newer than this scaffold's ({shipped}), which ships every release up to "
            "its own: upgrade backend-scaffold (pip install --upgrade backend-scaffold), then "
            "update again."
        )
    elif version is not None:
        message += (
            f" scaffold records each version the first time it runs on a machine, and "
            f"{version} never ran on this one: run it once, for example "
            f"`uvx --from backend-scaffold=={version} scaffold check-update` in the project, "
            "then update again."
        )
    return message
