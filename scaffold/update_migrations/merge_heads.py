"""After an update: join the template's new migrations and the project's own into one head.

A release that adds a migration, or an option turned on later (``scaffold
update --data webhooks=true``), chains the template's revision to the
template's previous head. A project that added revisions of its own since (a
resource) then has two heads, and Alembic refuses ``upgrade head``. This step
(copier.yml runs it after every update, by ``scaffold update`` or plain Copier)
writes an empty merge revision, as ``alembic merge heads`` would, so
``migrate`` and the next ``scaffold add resource`` see one head again. With one
head it does nothing, so it is safe to run twice; while a revision file holds
conflict markers it leaves the history to the user.

usage: run.py merge_heads ANSWERS_FILE   (in the project directory)
"""

import ast
import sys
from pathlib import Path

import yaml

USAGE = "usage: run.py merge_heads ANSWERS_FILE"
#: Alembic keeps revision ids in a VARCHAR(32).
MAX_REVISION_LENGTH = 32
MERGE_REVISION = '''\
"""Join the template's migrations and the project's own into one history.

Revision ID: {revision}
Revises: {revises}
"""

from collections.abc import Sequence

revision: str = "{revision}"
down_revision: str | Sequence[str] | None = (
{heads}
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to apply: this revision only joins two histories."""


def downgrade() -> None:
    """Nothing to undo."""
'''


def main(argv: list[str]) -> int:
    """Merge the heads of the project's migrations, if there are several; 0 done, 2 usage."""
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    answers = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
    versions = Path("src") / str(answers["package_name"]) / "migrations" / "versions"
    try:
        merge = join_heads(versions)
    except SyntaxError as error:
        print(f"Migration heads not merged: {error.filename} does not parse.", file=sys.stderr)
        return 0
    if merge is not None:
        path, heads = merge
        print(f"Merged the migration heads {', '.join(heads)} in {path}.")
    return 0


def join_heads(versions: Path) -> tuple[Path, tuple[str, ...]] | None:
    """Write a merge revision in ``versions`` if it has several heads; return it and them.

    ``scaffold new`` calls it too: each optional feature's revision follows the
    jobs revision (so any can be turned on later without rewriting a revision a
    database already ran), and a new project with two of them on starts with
    two heads.

    Raises:
        SyntaxError: A revision file does not parse (conflict markers, say).
    """
    revisions = read_revisions(versions)
    followed = {down for downs in revisions.values() for down in downs}
    heads = tuple(sorted(revision for revision in revisions if revision not in followed))
    if len(heads) < 2:
        return None
    number = len(revisions) + 1
    revision = f"{number:04d}_merge"[:MAX_REVISION_LENGTH]
    # Named like its neighbours (date_number_slug), dated like the newest of them,
    # so two runs of the same update write the same file.
    dated = sorted(path.name[:8] for path in versions.glob("*.py") if path.name[:8].isdigit())
    path = versions / f"{dated[-1] if dated else '00000000'}_{revision}.py"
    path.write_text(
        MERGE_REVISION.format(
            revision=revision,
            revises=", ".join(heads),
            heads="\n".join(f'    "{head}",' for head in heads),
        ),
        encoding="utf-8",
    )
    return path, heads


def read_revisions(versions: Path) -> dict[str, tuple[str, ...]]:
    """Each revision in `versions` and the revisions it follows, read without importing."""
    revisions: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions.glob("*.py")):
        values: dict[str, object] = {}
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in {"revision", "down_revision"}:
                values[target.id] = ast.literal_eval(value)
        revision, down = values.get("revision"), values.get("down_revision")
        if isinstance(revision, str):
            downs = (
                [down] if isinstance(down, str) else down if isinstance(down, list | tuple) else []
            )
            revisions[revision] = tuple(str(item) for item in downs)
    return revisions
