"""Read a project's Alembic revisions without running them, to chain a new one to the head.

Alembic's own ``ScriptDirectory`` imports every revision file, which needs the
project's dependencies (SQLAlchemy, Alembic) in scaffold's environment and
executes project code. The module-level ``revision`` and ``down_revision``
literals are all that is needed, and ``ast`` reads them safely.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError

#: Alembic stores the current revision in ``alembic_version.version_num VARCHAR(32)``.
MAX_REVISION_LENGTH = 32


@dataclass(frozen=True)
class Revision:
    """One revision file: its id and the revisions it follows (several after a merge)."""

    id: str
    down_revisions: tuple[str, ...]
    path: Path


def read_revisions(versions: Path) -> list[Revision]:
    """Return every revision in the ``versions`` directory.

    Raises:
        ScaffoldError: A revision file cannot be parsed or names its revisions
            with something other than literals.
    """
    revisions = []
    for path in sorted(versions.glob("*.py")):
        values = _module_literals(path, {"revision", "down_revision"})
        if "revision" not in values:
            continue  # __init__.py and helpers
        revision, down = values["revision"], values.get("down_revision")
        downs = [down] if isinstance(down, str) else down or []
        if (
            not isinstance(revision, str)
            or not isinstance(downs, list | tuple)
            or not all(isinstance(item, str) for item in downs)
        ):
            raise ScaffoldError(f"Cannot read the revision ids in {path}.")
        revisions.append(Revision(id=revision, down_revisions=tuple(downs), path=path))
    return revisions


def heads(revisions: list[Revision]) -> list[str]:
    """Return the revisions nothing follows, sorted."""
    followed = {down for revision in revisions for down in revision.down_revisions}
    return sorted(revision.id for revision in revisions if revision.id not in followed)


def current_head(revisions: list[Revision]) -> str | None:
    """Return the one revision nothing follows yet (None for an empty history).

    Raises:
        ScaffoldError: The history has several heads; a new revision would add
            one more, so they must be merged first.
    """
    open_heads = heads(revisions)
    if len(open_heads) > 1:
        raise ScaffoldError(
            f"The migrations have several heads ({', '.join(open_heads)}); merge them first "
            "(`alembic merge heads -m merge`), then add the resource."
        )
    return open_heads[0] if open_heads else None


def next_revision_id(revisions: list[Revision], slug: str) -> str:
    """Number the new revision after the existing ones, as the template's revisions are.

    ``0003_create_products``: unique, ordered by ``ls``, and short enough for
    the ``alembic_version`` column.
    """
    taken = {revision.id for revision in revisions}
    number = len(revisions) + 1
    while True:
        candidate = f"{number:04d}_{slug}"[:MAX_REVISION_LENGTH].rstrip("_")
        if candidate not in taken:
            return candidate
        number += 1


def _module_literals(path: Path, names: set[str]) -> dict[str, object]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError) as error:
        raise ScaffoldError(f"Cannot read the migration {path}: {error}") from error
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError as error:
                raise ScaffoldError(
                    f"Cannot read {target.id} in {path}: it is not a literal."
                ) from error
    return values
