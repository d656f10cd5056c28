import noxfile
from tests.helpers import database_choices


def test_generated_session_covers_every_database_choice() -> None:
    assert list(noxfile.DATABASES) == database_choices()
