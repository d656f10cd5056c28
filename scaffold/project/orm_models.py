"""A project's ORM models, read from their sources without importing them.

``scaffold add resource`` needs the tables a new resource may point at and
must not clash with; ``ast`` reads them safely, without the project's
dependencies and without running its code.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError


@dataclass(frozen=True)
class Model:
    """An ORM model of the project: its class, the module it lives in and its table."""

    class_name: str
    module: str
    table: str


def models_in(path: Path) -> list[Model]:
    """Classes with a literal ``__tablename__`` in one module's source."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError) as error:
        raise ScaffoldError(f"Cannot read the model module {path}: {error}") from error
    return [
        Model(node.name, path.stem, statement.value.value)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.Assign | ast.AnnAssign)
        and "__tablename__" in _target_names(statement)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    ]


def _target_names(statement: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return {target.id for target in targets if isinstance(target, ast.Name)}
