"""The import sorter orders imports as ruff's isort does, so an update leaves ruff satisfied.

Crafted cases are checked against ruff itself (it is a test dependency); the
generated projects, which ruff has sorted, must come out unchanged, and back
in order after their import runs are reversed.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.update_migrations.import_sorter import sort_imports
from tests.helpers import COMMAND_TIMEOUT_SECONDS

RUFF = Path(sys.executable).parent / "ruff"
#: The generated project's isort settings: ruff's defaults, first party from src/.
RUFF_CONFIG = '[tool.ruff]\nline-length = 100\nsrc = ["src"]\n[tool.ruff.lint]\nselect = ["I"]\n'

CASES = {
    "relative, farther first": (
        "from ..security.rbac import grant\nfrom ..api.envelope import ok\nfrom . import x\n"
        "from .. import y\nfrom ...z import w\n\nvalue = 1\n"
    ),
    "one module joined": "from ..a import B\nfrom ..a import A, c\nfrom ..b import Q\n",
    "joined past the line length": (
        f"from ..{'a' * 34} import {'B' * 54}\nfrom ..{'a' * 34} import {'C' * 37}\n"
    ),
    "joined and kept exploded": "from ..a import (\n    B,\n)\nfrom ..a import A\n",
    "aliases stay apart": "from ..a import x as y\nfrom ..a import b\n",
    "plain imports first": "from app.a import b\nimport app.z\nimport app.b\n",
    "in a function": "def f():\n    from ..b import x\n    from ..a import y\n    return x, y\n",
    "under TYPE_CHECKING": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from ..b import x\n    from ..a import y\n"
    ),
    "case and natural order": (
        "from ..Beta import x\nfrom ..alpha import y\nfrom ..alpha_x import z\n"
        "from ..alpha.x import w\nfrom ..m10 import p\nfrom ..m9 import q\n"
    ),
    "the same import twice": "from ..a import x\nfrom ..a import x\n",
    "a comment heading the file stays": "# header\nimport b\nimport a\n\nvalue = 1\n",
    "trailing comments travel": "from ..b import x  # why b\nfrom ..a import y  # why a\n",
    "already sorted": "import os\n\nfrom ..a import y\nfrom ..b import x\n",
}

#: Runs ruff would lay out anew because comment lines sit among them: left as
#: they are, and counted, for the update to point at ruff.
LEFT_FOR_RUFF = {
    "a comment above a statement": "from ..b import x\n# about a\nfrom ..a import y\n",
    "a comment heading a section": "import os\n\n# ours\nfrom ..b import x\nfrom ..a import y\n",
}


def ruff_sorted(source: str, project: Path) -> str:
    """Return what ``ruff check --select I --fix`` makes of ``source`` in ``project``."""
    completed = subprocess.run(
        [str(RUFF), "check", "--fix", "--quiet", "--stdin-filename", "src/app/x/y.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def ruff_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory configured as the generated projects configure isort."""
    project = tmp_path_factory.mktemp("ruff")
    (project / "pyproject.toml").write_text(RUFF_CONFIG)
    return project


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_sorts_as_ruff_does(source: str, ruff_project: Path) -> None:
    result = sort_imports(source)

    assert result.text == ruff_sorted(source, ruff_project)
    assert result.left_unsorted == 0


@pytest.mark.parametrize("source", LEFT_FOR_RUFF.values(), ids=LEFT_FOR_RUFF.keys())
def test_leaves_runs_with_comments_among_them_to_ruff(source: str, ruff_project: Path) -> None:
    result = sort_imports(source)

    assert result.text == source
    assert result.left_unsorted == 1
    assert ruff_sorted(source, ruff_project) != source, "the case must need sorting"


def test_leaves_a_source_that_does_not_parse() -> None:
    source = "from ..b import x\nfrom ..a import y\n<<<<<<< before updating\n"

    assert sort_imports(source).text == source


def reversed_runs(source: str) -> str:
    """Reverse each run of consecutive one-line imports (no comments, no brackets)."""
    lines = source.splitlines(keepends=True)
    result: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        single = line.startswith(("import ", "from ")) and "(" not in line and "#" not in line
        if single:
            run.append(line)
            continue
        result += reversed(run)
        run = []
        result.append(line)
    return "".join(result)


def test_generated_modules_stay_as_ruff_sorted_them(generated_projects: dict[str, Path]) -> None:
    modules = [path for project in generated_projects.values() for path in project.rglob("*.py")]
    shuffled = 0
    for path in modules:
        source = path.read_text()
        assert sort_imports(source).text == source, f"{path} changed"
        reversed_source = reversed_runs(source)
        shuffled += reversed_source != source
        assert sort_imports(reversed_source).text == source, f"{path} not sorted back"
    assert shuffled > len(modules) / 2, "most modules have runs of imports to reverse"
