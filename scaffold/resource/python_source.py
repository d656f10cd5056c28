"""Lay out generated Python the way ``ruff format`` and ruff's isort would.

Generated files must pass the project's ``ruff format --check`` and ``ruff
check`` as written, whatever the lengths of the names in them, without
scaffold running ruff itself (its version and the project's may differ). The
few shapes generated code uses (calls, signatures, subscripts, import lists)
are laid out here by ruff's rules: one line when it fits, else the contents of
a bracket on one indented line, else one item a line with a trailing comma.
"""

import keyword
from collections.abc import Iterable, Sequence
from decimal import Decimal

LINE_LENGTH = 100
INDENT = "    "

#: Standard-library modules generated code imports (isort's first section).
STDLIB = frozenset(
    {"base64", "collections", "datetime", "decimal", "functools", "json", "typing", "uuid"}
)


def fit_source(source: str) -> str:
    """Split every over-long statement line of generated ``source`` as ruff format would.

    Lines inside triple-quoted strings and comments are left alone.
    """
    lines = []
    in_string = False
    for line in source.split("\n"):
        if not in_string and '"""' not in line and not line.lstrip().startswith("#"):
            line = fit(line)
        if line.count('"""') % 2:
            in_string = not in_string
        lines.append(line)
    return "\n".join(lines)


def fit(line: str) -> str:
    """Split one over-long statement at its brackets; ruff's layout, not its every nuance.

    One line when it fits. Otherwise the bracket to split is the parameter list
    of a ``def`` or ``class`` and, anywhere else, the last bracket with
    something inside; its contents go on one indented line if they fit there
    (except the items of a collection display), else one item a line, each
    split again as needed, with a trailing comma.
    """
    if len(line) <= LINE_LENGTH:
        return line
    code = line.lstrip()
    indent = line[: len(line) - len(code)]
    pairs = [pair for pair in _bracket_pairs(code) if pair[1] > pair[0] + 1]
    if not pairs:
        return line  # nothing to split at; ruff check reports it
    if code.startswith(("def ", "async def ", "class ")):
        opening, closing = min(pairs)
    else:
        opening, closing = max(pairs, key=lambda pair: pair[1])
    head, body, tail = code[: opening + 1], code[opening + 1 : closing], code[closing:]
    items = _top_level_items(body)
    # A list, tuple, set or dict display of several items always goes one item a
    # line; the contents of calls, subscripts and signatures may share one line.
    display = code[opening] == "{" or not (head[:-1][-1:].isidentifier() or head[-2:-1] in ")]")
    inner = indent + INDENT + body.strip()
    if len(inner) <= LINE_LENGTH and not (display and len(items) > 1):
        return "\n".join([indent + head, inner, indent + tail])
    items = [fit(f"{indent}{INDENT}{item},") for item in items]
    return "\n".join([indent + head, *items, indent + tail])


def _bracket_pairs(code: str) -> list[tuple[int, int]]:
    """Positions of matching brackets in one line of code, outside string literals."""
    pairs, stack = [], []
    index = 0
    while index < len(code):
        char = code[index]
        if char in "\"'":
            index = _string_end(code, index)
        elif char in "([{":
            stack.append(index)
        elif char in ")]}":
            pairs.append((stack.pop(), index))
        index += 1
    return pairs


def _string_end(code: str, start: int) -> int:
    """Index of the quote closing the string literal that opens at ``start``."""
    quote, index = code[start], start + 1
    while code[index] != quote:
        index += 2 if code[index] == "\\" else 1
    return index


def _top_level_items(body: str) -> list[str]:
    """Split a bracket's contents at the commas that separate its items."""
    items, depth, start, index = [], 0, 0, 0
    while index < len(body):
        char = body[index]
        if char in "\"'":
            index = _string_end(body, index)
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:index].strip())
            start = index + 1
        index += 1
    items.append(body[start:].strip())
    return [item for item in items if item]


def call(function: str, *arguments: str) -> str:
    """Write ``function(arguments...)`` on one line (:func:`fit` splits it if needed)."""
    return f"{function}({', '.join(arguments)})"


def python_string(text: str) -> str:
    """Return a string literal for printable ``text`` with the quotes ruff format prefers.

    Double quotes, unless the text holds more double quotes than single ones.
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def python_value(value: str | int | Decimal | bool) -> str:
    """Return the source of a field's default: a literal, or ``Decimal("1.5")``."""
    if isinstance(value, str):
        return python_string(value)
    if isinstance(value, Decimal):
        return f"Decimal({python_string(str(value))})"
    return repr(value)


def literal_type(values: Iterable[str]) -> str:
    """Return the ``Literal[...]`` type of some strings."""
    return f"Literal[{', '.join(python_string(value) for value in values)}]"


def is_identifier(name: str) -> bool:
    """Tell whether ``name`` can name a Python variable, attribute or module."""
    return name.isidentifier() and not keyword.iskeyword(name)


class Imports:
    """The import block of one generated module, grouped and sorted like ruff's isort.

    Sections: standard library, third party, first party (the project's
    package), then relative imports; in each, ``import x`` lines before ``from x
    import`` lines, modules alphabetical, names constants-classes-functions.
    """

    def __init__(self, first_party: str) -> None:
        self.first_party = first_party
        self._modules: set[str] = set()
        self._names: dict[str, set[str]] = {}

    def add(self, module: str, *names: str) -> None:
        """Import ``names`` from ``module``; no names means ``import module``."""
        if names:
            self._names.setdefault(module, set()).update(names)
        else:
            self._modules.add(module)

    def render(self) -> str:
        """Return the import block."""
        sections: list[list[str]] = [[], [], [], []]
        for module in sorted(self._modules, key=_module_key):
            sections[self._section(module)].append(f"import {module}")
        for module in sorted(self._names, key=_module_key):
            names = sorted(self._names[module], key=_member_key)
            sections[self._section(module)].append(_from_import(module, names))
        return "\n\n".join("\n".join(lines) for lines in sections if lines)

    def _section(self, module: str) -> int:
        top = module.split(" ")[0].split(".")[0]
        if module.startswith("."):
            return 3
        if top == self.first_party:
            return 2
        return 0 if top in STDLIB else 1


def _from_import(module: str, names: Sequence[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return "\n".join([f"from {module} import (", *(f"{INDENT}{name}," for name in names), ")"])


def _module_key(module: str) -> tuple[int, str]:
    # Relative imports: the furthest parent (most dots) first, as ruff orders them.
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip(".").lower())


def _member_key(name: str) -> tuple[int, str]:
    if len(name) > 1 and name.isupper():
        kind = 0  # CONSTANT
    elif name[:1].isupper():
        kind = 1  # Class
    else:
        kind = 2  # function or variable
    return (kind, name.lower())


def joined(blocks: Iterable[str], separator: str = "\n") -> str:
    """Join non-empty blocks of code."""
    return separator.join(block for block in blocks if block)
