from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.project.migration_history import current_head, next_revision_id, read_revisions
from tests.helpers import write_files


def revision(revision_id: str, down: str) -> str:
    return f'"""A revision."""\n\nrevision: str = "{revision_id}"\ndown_revision = {down}\n'


def test_the_head_is_the_revision_nothing_follows(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "__init__.py": "",
            "1_base.py": revision("0001_base", "None"),
            "2_users.py": revision("0002_users", '"0001_base"'),
            "3_hexid.py": revision("a1b2c3d4e5f6", "('0002_users',)"),
        },
    )
    revisions = read_revisions(tmp_path)
    assert [item.id for item in revisions] == ["0001_base", "0002_users", "a1b2c3d4e5f6"]
    assert current_head(revisions) == "a1b2c3d4e5f6"
    assert next_revision_id(revisions, "create_products") == "0004_create_products"


def test_an_empty_history_has_no_head(tmp_path: Path) -> None:
    assert current_head(read_revisions(tmp_path)) is None
    assert next_revision_id([], "create_products") == "0001_create_products"


def test_several_heads_must_be_merged_first(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "1.py": revision("0001_base", "None"),
            "2.py": revision("0002_left", '"0001_base"'),
            "3.py": revision("0003_right", '"0001_base"'),
        },
    )
    with pytest.raises(ScaffoldError, match=r"several heads \(0002_left, 0003_right\); merge"):
        current_head(read_revisions(tmp_path))


def test_a_merge_revision_joins_the_heads(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "1.py": revision("0001_base", "None"),
            "2.py": revision("0002_left", '"0001_base"'),
            "3.py": revision("0003_right", '"0001_base"'),
            "4.py": revision("0004_merge", '("0002_left", "0003_right")'),
        },
    )
    assert current_head(read_revisions(tmp_path)) == "0004_merge"


def test_revision_ids_fit_alembics_column_and_skip_taken_numbers(tmp_path: Path) -> None:
    write_files(tmp_path, {"1.py": revision("0002_create_things", "None")})
    revisions = read_revisions(tmp_path)
    assert next_revision_id(revisions, "create_things") == "0003_create_things"
    long_id = next_revision_id(revisions, "create_" + "x" * 40)
    assert len(long_id) == 32
    assert long_id.startswith("0002_create_xxx")
    assert next_revision_id(revisions, "create_things") != "0002_create_things"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('revision = "a" +\n', "Cannot read the migration"),
        ("revision = make_id()\ndown_revision = None\n", "Cannot read revision in"),
        ("revision = 3\ndown_revision = None\n", "Cannot read the revision ids in"),
    ],
)
def test_unreadable_revisions_are_reported(tmp_path: Path, source: str, message: str) -> None:
    write_files(tmp_path, {"1_bad.py": source})
    with pytest.raises(ScaffoldError, match=message):
        read_revisions(tmp_path)
