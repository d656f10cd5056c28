"""Read the conventions catalogue (agents/conventions.yml) and the questions its rules depend on."""

from collections.abc import Mapping
from typing import Any

import yaml

from scaffold.template.source import default_template

TEMPLATE_ROOT = default_template()
CATALOGUE = TEMPLATE_ROOT / "agents" / "conventions.yml"
GUIDE = TEMPLATE_ROOT / "agents" / "backend-guide.md"


def load_catalogue() -> list[dict[str, Any]]:
    """The catalogue's conventions, in order."""
    conventions: list[dict[str, Any]] = yaml.safe_load(CATALOGUE.read_text())["conventions"]
    return conventions


def verifying_tests(convention_id: str) -> list[str]:
    """The pytest node ids the catalogue names as verifying one convention."""
    [convention] = [c for c in load_catalogue() if c["id"] == convention_id]
    tests = convention["verified_by"]
    assert tests != "review", f"{convention_id} is review-only: no test verifies it"
    return list(tests)


def applies(convention: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether a convention's ``when`` clause matches the answers (all keys must)."""
    return all(answers.get(key) == value for key, value in convention.get("when", {}).items())


def copier_questions() -> dict[str, Any]:
    """The template's questions (copier.yml without its ``_settings``)."""
    config: dict[str, Any] = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
    return {name: spec for name, spec in config.items() if not name.startswith("_")}


def possible_answers(question: Mapping[str, Any]) -> list[Any]:
    """Every answer a choice or yes/no question accepts."""
    if "choices" in question:
        choices = question["choices"]
        return list(choices.values() if isinstance(choices, dict) else choices)
    assert question.get("type") == "bool", f"no finite set of answers for {question}"
    return [True, False]
