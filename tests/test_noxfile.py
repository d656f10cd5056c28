"""The curated option matrix: one list for nox and the slow tests, and what it must cover."""

from typing import Any

import noxfile
from tests.catalogue import copier_questions
from tests.helpers import VARIANTS, database_choices

#: The questions that pick a server (or none) for one role: the database, the job broker.
SERVER_QUESTIONS = ("database", "broker")


def option_questions() -> dict[str, Any]:
    """The questions that choose what a project contains: its servers and each optional feature."""
    return {
        name: question
        for name, question in copier_questions().items()
        if name in SERVER_QUESTIONS or question.get("type") == "bool"
    }


def as_data(value: Any) -> str:
    """An answer as ``--data`` spells it (copier.yml's ``false`` is ``"false"``)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def optional_features() -> list[str]:
    return [name for name, question in option_questions().items() if question["type"] == "bool"]


def test_generated_session_renders_the_tests_variants() -> None:
    assert noxfile.VARIANTS == VARIANTS


def test_each_variant_answers_every_option_question() -> None:
    for name, answers in VARIANTS.items():
        assert set(answers) == set(option_questions()), f"{name} leaves an option to its default"


def test_the_sqlite_variant_is_the_defaults() -> None:
    # The broker's default follows `redis` (off by default): in-process.
    defaults = {
        name: as_data(question["default"]) for name, question in option_questions().items()
    } | {"broker": "in-process"}
    assert VARIANTS["sqlite"] == defaults


def test_one_variant_turns_every_optional_feature_on() -> None:
    everything = [
        name
        for name, answers in VARIANTS.items()
        if all(answers[feature] == "true" for feature in optional_features())
    ]
    assert everything, f"no variant turns on all of {optional_features()}"


def test_postgresql_runs_with_and_without_redis() -> None:
    redis_answers = {
        answers["redis"] for answers in VARIANTS.values() if answers["database"] == "postgresql"
    }
    assert redis_answers == {"false", "true"}


def test_every_database_has_a_variant_of_its_name() -> None:
    assert {answers["database"] for answers in VARIANTS.values()} == set(database_choices())
    for database in database_choices():
        assert VARIANTS[database]["database"] == database


def test_every_broker_runs_in_a_variant() -> None:
    """Each broker's code (and its tests against the real server) runs in CI."""
    choices = copier_questions()["broker"]["choices"]
    brokers = set(choices.values() if isinstance(choices, dict) else choices)
    assert {answers["broker"] for answers in VARIANTS.values()} == brokers
