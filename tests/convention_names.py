"""Which conventions a generated project's tests name in their failure messages.

Read from the tests' source with ``ast``, without running them: a generated
test names a convention through ``fail("ID", ...)`` (tests/conventions/
introspection.py), through a helper that forwards an id to ``fail``, with
the literal text ``convention ID violated``, or with the mark
``@pytest.mark.convention("ID")``, whose failures the generated conftest
prefixes with ``convention ID violated:``.
"""

import ast
import re
from collections.abc import Mapping
from pathlib import Path

#: ``convention <ID> violated`` inside any string of a generated test.
VIOLATED = re.compile(r"convention ([A-Z][A-Z0-9-]*) violated")

Function = ast.FunctionDef | ast.AsyncFunctionDef


def module_functions(path: Path) -> dict[str, Function]:
    """A test module's top-level functions by name."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {node.name: node for node in tree.body if isinstance(node, Function)}


def named_conventions(
    function: Function,
    helpers: Mapping[str, set[str]],
    forwarders: Mapping[str, int],
) -> set[str]:
    """Convention ids a function's failure messages can name.

    Counted: ``fail("ID", ...)``; the text ``convention ID violated``; a call to
    a helper of the same module whose messages name ids; a literal passed to a
    helper that forwards one of its parameters to ``fail`` (at the position
    ``forwarders`` gives); and the function's ``@pytest.mark.convention("ID")``.
    """
    ids = set(marked_conventions(function))
    for node in ast.walk(function):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            ids.update(VIOLATED.findall(node.value))
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        called = node.func.id
        position = 0 if called == "fail" else forwarders.get(called)
        if position is not None and len(node.args) > position:
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                ids.add(argument.value)
        ids.update(helpers.get(called, set()))
    return ids


def marked_conventions(function: Function) -> list[str]:
    """The ids of the function's ``@pytest.mark.convention("ID")`` decorators."""
    return [
        decorator.args[0].value
        for decorator in function.decorator_list
        if isinstance(decorator, ast.Call)
        and ast.unparse(decorator.func) == "pytest.mark.convention"
        and decorator.args
        and isinstance(decorator.args[0], ast.Constant)
        and isinstance(decorator.args[0].value, str)
    ]


def forwarded_parameter(function: Function) -> int | None:
    """The position of the parameter a helper passes to ``fail`` as the id, if it does."""
    parameters = [argument.arg for argument in function.args.args]
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "fail"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in parameters
        ):
            return parameters.index(node.args[0].id)
    return None


def conventions_named_by_tests(project: Path) -> dict[str, set[str]]:
    """The ids each test function of ``project`` names, by pytest node id."""
    named: dict[str, set[str]] = {}
    for path in sorted((project / "tests").rglob("*.py")):
        functions = module_functions(path)
        forwarders = {
            name: position
            for name, function in functions.items()
            if (position := forwarded_parameter(function)) is not None
        }
        helpers = {
            name: named_conventions(function, {}, forwarders)
            for name, function in functions.items()
            if not name.startswith("test_")
        }
        for name, function in functions.items():
            if name.startswith("test_"):
                node = f"{path.relative_to(project)}::{name}"
                named[node] = named_conventions(function, helpers, forwarders)
    return named
