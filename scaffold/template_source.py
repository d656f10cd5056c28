"""Find the Copier template to render and the questions it asks."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from scaffold.errors import ScaffoldError

#: A source checkout keeps ``copier.yml`` next to the ``scaffold`` package.
CHECKOUT_TEMPLATE = Path(__file__).resolve().parent.parent
#: A wheel carries the template inside the package (see pyproject.toml).
BUNDLED_TEMPLATE = Path(__file__).resolve().parent / "_template"

CONFIG_NAMES = ("copier.yml", "copier.yaml")


@dataclass(frozen=True)
class TemplateSource:
    """A local Copier template: its absolute path and its question names.

    The path is absolute because Copier records it as ``_src_path`` in the
    generated project, and a relative one breaks ``copier update`` later.
    """

    path: Path
    question_names: tuple[str, ...]

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
        raise ScaffoldError(f"Template not found: {path} is not a directory.")
    config = _config_file(path)
    if config is None:
        raise ScaffoldError(f"Not a Copier template: {path} has no copier.yml (or copier.yaml).")
    return TemplateSource(path=path, question_names=_question_names(config))


def _config_file(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def _question_names(config: Path) -> tuple[str, ...]:
    """Return the questions in ``config``: top-level keys not starting with ``_``.

    Copier merges multiple YAML documents in one file, so this reads them all.
    Copier itself accepts unknown answers silently; scaffold checks them
    against these names so a typo in ``--data`` is not lost without a word.
    """
    try:
        documents = list(yaml.safe_load_all(config.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as error:
        raise ScaffoldError(f"Cannot read {config}: {error}") from error
    names: dict[str, None] = {}
    for document in documents:
        if isinstance(document, dict):
            names.update(
                dict.fromkeys(
                    key for key in document if isinstance(key, str) and not key.startswith("_")
                )
            )
    return tuple(names)
