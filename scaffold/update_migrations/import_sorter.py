"""Put import statements back in the order ruff's isort rule (I001) wants, without ruff.

``import_rewriter`` changes the module an import names, so a statement can end
up out of place among its neighbours (``..core.auth`` sorted before
``..models.user``; ``..security.current_user`` sorts after it), and two
statements can come to name one module. A project that passed ``ruff check``
before an update must still pass it after, also when the update ran under plain
``copier update`` with no ruff at hand, so this re-sorts the way ruff's isort
does with its default settings (the generated projects' settings).

It sorts each run of import statements: consecutive lines of imports at one
indentation, comment lines attached to the statement below them. In a file
ruff has sorted, a run is one isort section (sections are separated by a blank
line), and a rewrite never moves a statement to another section (relative
stays relative, the package stays first-party), so sorting within runs is all
it takes. Within a run: ``import x`` statements, then ``from x import y``
ones; farther relative imports first; modules compared case-insensitively in
natural order; ``from`` imports of one module joined unless aliased
(``combine-as-imports`` is off). Statements move whole, as written; a run
holding a shape ruff would take apart (``import a, b``, two statements on one
line) is left alone, and so is a source that does not parse.

Standard library only: Copier runs it under its own Python.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .import_rewriter import from_import_line

_DIGITS = re.compile(r"(\d+)")

#: A sort key part; tuples of these compare as ruff compares its keys.
Key = tuple[object, ...]


@dataclass(frozen=True)
class SortedImports:
    """A source with its imports sorted, and what could not be."""

    text: str
    #: Runs left as they were, out of order, because comment lines sit among
    #: their statements; ``ruff check --select I --fix`` sorts them.
    left_unsorted: int


@dataclass(frozen=True)
class _Statement:
    """One import statement of a run, with the lines it occupies."""

    node: ast.Import | ast.ImportFrom
    #: First line (0-based) of the comments above it, or of the statement.
    first: int
    #: One past its last line.
    end: int

    @property
    def commented(self) -> bool:
        """Tell whether comment lines sit directly above the statement."""
        return self.first < self.node.lineno - 1


def sort_imports(source: str) -> SortedImports:
    """Return ``source`` with every run of imports in ruff's order; unchanged if it is."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return SortedImports(source, 0)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []
    left_unsorted = 0
    for body in _statement_lists(tree):
        for run in _runs(body, lines):
            replacement = _sorted_run(run, lines)
            if replacement is None:
                continue
            if any(statement.commented for statement in run):
                # ruff moves comments with their statement and sets a blank line
                # before each; matching that layout is left to ruff itself.
                left_unsorted += 1
                continue
            edits.append((run[0].first, run[-1].end, replacement))
    for first, end, replacement in sorted(edits, reverse=True):
        lines[first:end] = replacement
    return SortedImports("".join(lines), left_unsorted)


def _statement_lists(tree: ast.AST) -> Iterator[list[ast.stmt]]:
    """Yield every list of statements in ``tree``: the module's, each block's."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                yield value


def _runs(body: list[ast.stmt], lines: list[str]) -> Iterator[list[_Statement]]:
    """Yield each run of two or more imports in ``body`` with nothing but comments between.

    Comments above a run's first statement belong to it unless nothing but
    comments and blank lines come before them: those head the file or block,
    and ruff leaves them in place.
    """
    run: list[_Statement] = []
    previous: ast.stmt | None = None
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            first = node.lineno - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            if run and first != run[-1].end:
                yield from _long_enough(run)
                run = []
            if not run and not isinstance(previous, ast.Import | ast.ImportFrom):
                first = node.lineno - 1
            run.append(_Statement(node, first, node.end_lineno or node.lineno))
        else:
            yield from _long_enough(run)
            run = []
        previous = node
    yield from _long_enough(run)


def _long_enough(run: list[_Statement]) -> Iterator[list[_Statement]]:
    if len(run) > 1:
        yield run


def _sorted_run(run: list[_Statement], lines: list[str]) -> list[str] | None:
    """Return the run's lines in ruff's order, or None if they are (or cannot be) sorted."""
    if not all(_sortable(statement, lines) for statement in run):
        return None
    ordered = sorted(run, key=_statement_key)
    groups: list[list[_Statement]] = []
    for statement in ordered:
        if groups and _joinable(groups[-1][-1], statement, lines):
            groups[-1].append(statement)
        else:
            groups.append([statement])
    replacement: list[str] = []
    for group in groups:
        if len(group) == 1:
            replacement += lines[group[0].first : group[0].end]
        else:
            replacement.append(_joined(group, lines))
    original = lines[run[0].first : run[-1].end]
    return None if replacement == original else replacement


def _sortable(statement: _Statement, lines: list[str]) -> bool:
    """Tell whether the statement has its lines to itself and one module per statement."""
    node = statement.node
    if isinstance(node, ast.Import) and len(node.names) != 1:
        return False
    before = lines[node.lineno - 1][: node.col_offset]
    end_line = node.end_lineno or node.lineno
    after = lines[end_line - 1].encode()[node.end_col_offset or 0 :].decode().strip()
    return not before.strip() and (not after or after.startswith("#"))


def _statement_key(statement: _Statement) -> Key:
    node = statement.node
    if isinstance(node, ast.Import):
        alias = node.names[0]
        return (0, 0, *_optional_name(alias.name), (), _optional(alias.asname))
    first_member = min((_member_key(alias) for alias in node.names), default=())
    return (1, -node.level, *_optional_name(node.module), first_member, ())


def _member_key(alias: ast.alias) -> Key:
    """Order names as ruff does: constants, then classes, then the rest."""
    name = alias.name
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (name != "*", kind, _natural(name.lower()), _natural(name), _optional(alias.asname))


def _optional_name(name: str | None) -> tuple[Key, Key]:
    """Key a module name case-insensitively, then as written; no name sorts first."""
    if name is None:
        return (), ()
    return (1, _natural(name.lower())), (1, _natural(name))


def _optional(name: str | None) -> Key:
    return () if name is None else (1, _natural(name))


def _natural(text: str) -> Key:
    """Compare digit runs by value, as ruff's natural order does."""
    return tuple(int(part) if index % 2 else part for index, part in enumerate(_DIGITS.split(text)))


def _joinable(previous: _Statement, statement: _Statement, lines: list[str]) -> bool:
    """Tell whether two sorted neighbours are ``from`` imports ruff would write as one."""
    one, two = previous.node, statement.node
    return (
        isinstance(one, ast.ImportFrom)
        and isinstance(two, ast.ImportFrom)
        and (one.module, one.level) == (two.module, two.level)
        and not any(alias.asname for alias in (*one.names, *two.names))
        and not _has_comments(previous, lines)
        and not _has_comments(statement, lines)
    )


def _has_comments(statement: _Statement, lines: list[str]) -> bool:
    return any("#" in line for line in lines[statement.first : statement.end])


def _joined(group: list[_Statement], lines: list[str]) -> str:
    """Write one ``from`` import with the names of every statement in ``group``."""
    nodes = [statement.node for statement in group]
    aliases = {alias.name: alias for node in nodes for alias in node.names}
    names = [alias.name for alias in sorted(aliases.values(), key=_member_key)]
    first = group[0].node
    indent = lines[first.lineno - 1][: first.col_offset]
    module = "." * getattr(first, "level", 0) + (getattr(first, "module", None) or "")
    exploded = any(statement.end - statement.first > 1 for statement in group)
    return from_import_line(indent, module, names, exploded=exploded) + "\n"
