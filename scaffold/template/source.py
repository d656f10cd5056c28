"""Find the Copier template to render and the questions it asks."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from scaffold.errors import ScaffoldError
from scaffold.kit.git import git_executable, has_revision, tags

#: A source checkout keeps ``copier.yml`` next to the ``scaffold`` package.
CHECKOUT_TEMPLATE = Path(__file__).resolve().parents[2]
#: A wheel carries the template inside the package (see pyproject.toml).
BUNDLED_TEMPLATE = Path(__file__).resolve().parents[1] / "_template"

CONFIG_NAMES = ("copier.yml", "copier.yaml")
#: What a template version consists of, relative to the template root; the same
#: paths the wheel bundles (pyproject.toml's force-include, kept in step by a test)
#: and each shipped release's archive holds.
TEMPLATE_PATHS = ("copier.yml", "template", "agents", "scaffold/update_migrations")


@dataclass(frozen=True)
class TemplateSource:
    """A local Copier template: its absolute path and its question names.

    The path is absolute because Copier records it as ``_src_path`` in the
    generated project, and a relative one breaks ``copier update`` later.
    """

    path: Path
    question_names: tuple[str, ...]
    #: What Copier records as ``_src_path`` when that is not ``path`` itself.
    recorded_as: str | None = None

    @property
    def url(self) -> str:
        """The template as given to Copier, and recorded in the project."""
        return self.recorded_as or str(self.path)

    @property
    def versioned(self) -> bool:
        """Whether Copier sees git history here, which ``vcs_ref`` needs.

        Copier only treats a template as a repository at the repository's root.
        """
        return (self.path / ".git").exists()


def default_template() -> Path:
    """Return the template this installation of scaffold should render.

    The checkout wins over the bundled copy so that an editable install always
    renders the template being worked on, uncommitted changes included.
    """
    if _config_file(CHECKOUT_TEMPLATE) is not None:
        return CHECKOUT_TEMPLATE
    return BUNDLED_TEMPLATE


def locate_template(src: str | Path | None = None) -> TemplateSource:
    """Resolve ``src`` (default: :func:`default_template`) to a template.

    Raises:
        ScaffoldError: ``src`` is missing, or is not a Copier template.
    """
    path = (default_template() if src is None else Path(src)).expanduser().resolve()
    if not path.is_dir():
        raise ScaffoldError(
            f"Template not found: {path} is not a directory. Pass the template's directory "
            "with --template SRC, or leave the option out to use the one scaffold ships."
        )
    config = _config_file(path)
    if config is None:
        raise ScaffoldError(
            f"Not a Copier template: {path} has no copier.yml (or copier.yaml). Pass the "
            "directory that holds the template's copier.yml."
        )
    return TemplateSource(path=path, question_names=_question_names(config))


def question_names_at(repository: Path, ref: str) -> tuple[str, ...]:
    """Return the questions of the template in git ``repository`` as of ``ref``.

    Raises:
        ScaffoldError: ``ref`` is not in the repository, or has no copier.yml.
    """
    if not has_revision(repository, ref):
        known = ", ".join(sorted(tags(repository))) or "none"
        raise ScaffoldError(
            f"Unknown template version {ref!r}: not a tag, branch or commit of {repository} "
            f"(its tags: {known}). Name one of its tags, branches or commits instead."
        )
    for name in CONFIG_NAMES:
        shown = subprocess.run(
            [git_executable(), "show", f"{ref}:{name}"],
            cwd=repository,
            capture_output=True,
            text=True,
            check=False,
        )
        if shown.returncode == 0:
            return question_names_in(shown.stdout, origin=f"{name} at {ref}")
    raise ScaffoldError(
        f"{repository} at {ref} is not a Copier template: it has no copier.yml. Choose a "
        "version of the template that has one."
    )


def _config_file(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def _question_names(config: Path) -> tuple[str, ...]:
    try:
        text = config.read_text(encoding="utf-8")
    except OSError as error:
        raise ScaffoldError(f"Cannot read {config}: {error}") from error
    return question_names_in(text, origin=str(config))


def question_names_in(config_text: str, *, origin: str) -> tuple[str, ...]:
    """Return the questions in a ``copier.yml``: top-level keys not starting with ``_``.

    Copier merges multiple YAML documents in one file, so this reads them all.
    Copier itself accepts unknown answers silently; scaffold checks them
    against these names so a typo in ``--data`` is not lost without a word.
    ``origin`` names the file in the error about invalid YAML.
    """
    try:
        documents = list(yaml.safe_load_all(config_text))
    except yaml.YAMLError as error:
        raise ScaffoldError(
            f"Cannot read {origin}: it is not valid YAML ({error}). Fix the template's "
            "copier.yml, or choose another template or version."
        ) from error
    names: dict[str, None] = {}
    for document in documents:
        if isinstance(document, dict):
            names.update(
                dict.fromkeys(
                    key for key in document if isinstance(key, str) and not key.startswith("_")
                )
            )
    return tuple(names)
