"""Answer combinations the curated matrix leaves out still render lint-clean code.

The slow tests run every check on the named sets in ``VARIANTS`` only, a
minute each. The template's Jinja branches also meet in combinations no set
renders (SQLite with Redis: a conftest, a readiness test and settings of their
own); what such a branch usually gets wrong is an import left unused or
missing, or a blank line too many, which ruff finds in milliseconds.
"""

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest

from scaffold import new
from tests.catalogue import copier_questions, possible_answers
from tests.helpers import VARIANTS, run_ok

#: The questions the template's Python code branches on together (``github_actions``
#: only adds a workflow file, which ruff does not read; ``webhooks`` adds modules that
#: branch on neither, rendered on and off by the variants). Every variant turns
#: ``observability`` on, so its "off" branches are checked here only.
CODE_AXES = ("database", "redis", "broker", "observability", "graphql")


def as_data(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def left_out_combinations() -> list[dict[str, str]]:
    """Every combination of the code axes' answers that no variant renders."""
    questions = copier_questions()
    covered = [{axis: answers[axis] for axis in CODE_AXES} for answers in VARIANTS.values()]
    values = [[as_data(value) for value in possible_answers(questions[axis])] for axis in CODE_AXES]
    combinations = [
        dict(zip(CODE_AXES, picked, strict=True)) for picked in itertools.product(*values)
    ]
    return [answers for answers in combinations if answers not in covered]


@pytest.mark.parametrize(
    "answers",
    left_out_combinations(),
    ids=lambda answers: "-".join(f"{key}={value}" for key, value in answers.items()),
)
def test_left_out_combination_passes_ruff(answers: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "my-api"
    new(project, defaults=True, install=False, data=answers)
    for check in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        run_ok([sys.executable, "-m", "ruff", *check], project)
