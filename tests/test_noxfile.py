import noxfile
from tests.helpers import VARIANTS, database_choices, template_question


def test_generated_session_renders_the_tests_variants() -> None:
    assert noxfile.VARIANTS == VARIANTS


def test_variants_cover_every_database_and_both_stores() -> None:
    default = template_question("database")["default"]
    databases = {answers.get("database", default) for answers in VARIANTS.values()}
    assert databases == set(database_choices())
    assert {answers.get("redis", "false") for answers in VARIANTS.values()} == {"false", "true"}


def test_each_database_has_a_variant_of_its_name() -> None:
    for database in database_choices():
        assert VARIANTS[database].get("database", database) == database
