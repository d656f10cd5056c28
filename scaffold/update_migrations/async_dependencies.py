"""Make the service factories of a project's routes ``async def`` (0.2.0's DEPS-ASYNC).

FastAPI runs a plain ``def`` dependency in a worker thread on every request,
which costs more than building a service does; 0.2.0's conventions suite fails
a dependency that is not ``async def`` unless its docstring says why it blocks.
0.1.0's ``scaffold add resource`` wrote each resource's factory as a plain
``def get_<name>_service(...)`` whose body only returns a new service, so the
update turns exactly those into ``async def``. Any other plain dependency of
yours is left for the conventions suite to name: only you know whether it blocks.
"""

import ast
from pathlib import Path

MAX_LINE = 100


def asyncify_service_factories(project: Path, package_dir: str) -> list[str]:
    """Rewrite the factories in ``package_dir/routes/*.py``; return the files changed."""
    changed = []
    for path in sorted((project / package_dir / "routes").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rewritten = asyncify_source(source)
        if rewritten != source:
            path.write_text(rewritten, encoding="utf-8")
            changed.append(path.relative_to(project).as_posix())
    return changed


def asyncify_source(source: str) -> str:
    """Return ``source`` with its top-level service factories made ``async def``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.splitlines(keepends=True)
    for node in reversed(tree.body):
        if _is_service_factory(node) and lines[node.lineno - 1].startswith("def "):
            lines[node.lineno - 1] = _async_signature(lines[node.lineno - 1])
    return "".join(lines)


def _is_service_factory(node: ast.stmt) -> bool:
    """A plain ``def get_*_service`` whose body is a docstring at most, then ``return Call()``."""
    if not isinstance(node, ast.FunctionDef) or node.decorator_list:
        return False
    if not (node.name.startswith("get_") and node.name.endswith("_service")):
        return False
    *leading, last = node.body
    docstrings = all(
        isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        for statement in leading
    )
    return len(leading) <= 1 and docstrings and isinstance(last, ast.Return)


def _async_signature(line: str) -> str:
    """``def f(a: A, b: B) -> R:`` as ``async def``, one parameter a line if it grows too long."""
    made_async = f"async {line}"
    if len(made_async.rstrip("\n")) <= MAX_LINE:
        return made_async
    head, _, rest = made_async.partition("(")
    parameters, _, tail = rest.rpartition(")")
    if any(bracket in parameters for bracket in "([{") or not tail.rstrip().endswith(":"):
        return made_async  # not a signature this folds safely; `ruff format` will
    folded = "".join(f"    {parameter.strip()},\n" for parameter in parameters.split(","))
    return f"{head}(\n{folded}){tail}"
