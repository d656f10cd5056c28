from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.template.answers import check_known_keys, project_name_from


def test_check_known_keys_names_the_unknown_and_the_valid_keys() -> None:
    with pytest.raises(ScaffoldError) as raised:
        check_known_keys({"databse": "x", "database": "y"}, ("project_name", "database"))
    assert str(raised.value) == (
        "Unknown --data key 'databse'. Valid keys: project_name, database. "
        "Did you mean 'database' for 'databse'?"
    )


def test_check_known_keys_guesses_only_when_a_key_is_close() -> None:
    with pytest.raises(ScaffoldError) as raised:
        check_known_keys({"color": "x"}, ("project_name", "database"))
    assert str(raised.value) == "Unknown --data key 'color'. Valid keys: project_name, database."


@pytest.mark.parametrize(
    ("directory", "expected"),
    [
        ("my-api", "My Api"),
        ("billing_service", "Billing Service"),
        ("orderAPI", "OrderAPI"),
        ("v2 shop", "V2 Shop"),
        ("---", None),
    ],
)
def test_project_name_from_directory(directory: str, expected: str | None) -> None:
    assert project_name_from(Path("/somewhere") / directory) == expected
