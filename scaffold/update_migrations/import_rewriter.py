"""Point a module's imports at the modules that replaced the ones it names.

A template release that moves modules (0.2.0 split ``core/`` into ``infra/``,
``security/`` and ``api/``) must not break the code users wrote against the
old paths. This rewrites ``from X import names`` and ``import X`` statements,
relative or absolute, given where modules went (``module_moves``) and where
single names went (``name_moves``), and writes relative imports relative to
where the importing module lives now. Everything else in the source, Jinja
included, is left byte for byte, so it also works on template files.

Standard library only: Copier runs it under its own Python.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_FROM_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<module>\.+[\w.]*|[A-Za-z_{][\w.{} ]*?)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n]*)",
    re.MULTILINE,
)
_PLAIN_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)import[ \t]+(?P<module>[\w.{} ]+?)[ \t]*$", re.MULTILINE
)
_LINE_LENGTH = 100


@dataclass(frozen=True)
class Moves:
    """Where modules and names of one package went, as dotted paths inside the package.

    ``modules``: old module -> new module (a package's moves cover its submodules).
    ``names``: (old module, name) -> new module, for names that left their module.
    """

    package: str
    modules: Mapping[str, str]
    names: Mapping[tuple[str, str], str]

    def module_for(self, module: str) -> str:
        """Return where ``module`` (dotted, inside the package) lives now."""
        parts = module.split(".")
        for length in range(len(parts), 0, -1):
            prefix = ".".join(parts[:length])
            if prefix in self.modules:
                return ".".join([self.modules[prefix], *parts[length:]])
        return module

    def module_for_name(self, module: str, name: str) -> str:
        """Return the module to import ``name`` from, once ``module`` was moved."""
        return self.names.get((module, name)) or self.module_for(module)


def rewrite_source(
    source: str, importer: str | None, moves: Moves, *, was: str | None = None
) -> str:
    """Return ``source`` with its imports of moved modules pointed at their new homes.

    ``importer`` is the dotted path (inside the package) of the module whose
    source this is, or None for a module outside the package (a test), whose
    relative imports are its own; ``was`` is where that source was written,
    when it moved (default: the same place). Relative imports are resolved
    against ``was`` and written relative to ``importer``. Rewriting a
    rewritten source changes nothing.
    """
    here = importer or ""
    old_importer = was or here

    def replace_from(match: re.Match[str]) -> str:
        written = match["module"].strip()
        relative = written.startswith(".")
        if relative and importer is None:
            return match[0]
        absolute = _absolute(written, old_importer, moves.package)
        if absolute is None:
            return match[0]
        names = _names(match["names"])
        groups: dict[str, list[str]] = {}
        if names is None:  # a shape not to take apart (Jinja, comments): move it whole
            groups[moves.module_for(absolute)] = []
        for name in names or ():
            plain, _, alias = (part.strip() for part in name.partition(" as "))
            submodule = f"{absolute}.{plain}" if absolute else plain
            if submodule in moves.modules:  # `from package import module`
                parent, _, moved = moves.module_for(submodule).rpartition(".")
                groups.setdefault(parent, []).append(
                    moved if moved == (alias or plain) else f"{moved} as {alias or plain}"
                )
                continue
            groups.setdefault(moves.module_for_name(absolute, plain), []).append(name)
        same_place = not relative or _new_parent(here) == _new_parent(old_importer)
        if list(groups) == [absolute] and same_place:
            return match[0]
        if len(groups) == 1 and next(iter(groups.values())) == (names or []):
            # One new home for every name: change the module, keep the names as written.
            (target,) = groups
            spelled = _spelled(target, here, moves.package, relative)
            start, end = match.start("module") - match.start(), match.end("module") - match.start()
            statement = match[0][:start] + spelled + match[0][end:]
            if names is None or "\n" in statement or len(statement) <= _LINE_LENGTH:
                return statement
            return from_import_line(match["indent"], spelled, names)
        lines = [
            from_import_line(
                match["indent"], _spelled(target, here, moves.package, relative), group
            )
            for target, group in groups.items()
        ]
        return "\n".join(lines)

    def replace_plain(match: re.Match[str]) -> str:
        written, _, alias = match["module"].strip().partition(" as ")
        if not written.startswith(moves.package + "."):
            return match[0]
        inner = written[len(moves.package) + 1 :]
        moved = moves.module_for(inner)
        if moved == inner:
            return match[0]
        named = f" as {alias.strip()}" if alias else ""
        return f"{match['indent']}import {moves.package}.{moved}{named}"

    return _PLAIN_IMPORT.sub(replace_plain, _FROM_IMPORT.sub(replace_from, source))


def _new_parent(module: str) -> str:
    return module.rpartition(".")[0]


def _absolute(written: str, importer: str, package: str) -> str | None:
    """Return the dotted path inside ``package`` that an import names, or None if outside it."""
    if written.startswith("."):
        dots = len(written) - len(written.lstrip("."))
        base = importer.split(".")[:-1]  # the importer's own package
        if dots - 1 > len(base):
            return None
        base = base[: len(base) - (dots - 1)]
        rest = written[dots:]
        return ".".join([*base, *([rest] if rest else [])])
    if written == package:
        return ""
    if written.startswith(package + "."):
        return written[len(package) + 1 :]
    return None


def _spelled(target: str, importer: str, package: str, relative: bool) -> str:
    """Write ``target`` as an import from ``importer``: relative (dots) or absolute."""
    if not relative:
        return f"{package}.{target}" if target else package
    here = importer.split(".")[:-1]
    there = target.split(".") if target else []
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "." * (len(here) - common + 1) + ".".join(there[common:])


def _names(written: str) -> list[str] | None:
    """Split an import's name list; None for shapes left alone (star, continuation)."""
    text = written.strip()
    if text.startswith("("):
        text = text[1:-1]
    elif "#" in text or text.endswith("\\") or text == "*":
        return None
    if "{" in text or "#" in text:
        return None
    names: list[str] = []
    for line in text.splitlines():
        code = line.split("#")[0]
        names.extend(part.strip() for part in code.split(",") if part.strip())
    return names


def from_import_line(
    indent: str, module: str, names: Sequence[str], *, exploded: bool = False
) -> str:
    """Lay out one ``from`` import as ruff format would (import_sorter joins with it too).

    ``exploded``: one name a line even when they fit on one, as ruff keeps a
    statement that had a magic trailing comma.
    """
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= _LINE_LENGTH and not exploded:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent})"
