"""The update step that joins the template's new migrations and the project's own."""

import subprocess
import sys
from pathlib import Path

from tests.helpers import write_files

RUN = Path(__file__).resolve().parent.parent / "scaffold" / "update_migrations" / "run.py"
VERSIONS = "src/shop/migrations/versions"
BASELINE = {
    f"{VERSIONS}/20260101_0001_baseline.py": 'revision = "0001_base"\ndown_revision = None\n'
}


def merge_heads(project: Path) -> str:
    completed = subprocess.run(
        [sys.executable, str(RUN), "merge_heads", "answers.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return completed.stdout


def test_two_heads_get_one_merge_revision_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    write_files(
        tmp_path,
        {
            "answers.yml": "package_name: shop\n",
            **BASELINE,
            f"{VERSIONS}/20260102_0002_jobs.py": (
                'revision: str = "0002_jobs"\ndown_revision: str | None = "0001_base"\n'
            ),
            f"{VERSIONS}/20260301_0002_widgets.py": (
                'revision = "0002_widgets"\ndown_revision = "0001_base"\n'
            ),
        },
    )
    assert "0002_jobs, 0002_widgets" in merge_heads(tmp_path)
    merge = (tmp_path / VERSIONS / "20260301_0004_merge.py").read_text()
    assert (
        'down_revision: str | Sequence[str] | None = (\n    "0002_jobs",\n    "0002_widgets",\n)'
        in merge
    )
    before = sorted(path.name for path in (tmp_path / VERSIONS).iterdir())
    assert merge_heads(tmp_path) == ""
    assert sorted(path.name for path in (tmp_path / VERSIONS).iterdir()) == before


def test_one_head_is_left_alone(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "answers.yml": "package_name: shop\n",
            **BASELINE,
        },
    )
    assert merge_heads(tmp_path) == ""
    assert len(list((tmp_path / VERSIONS).iterdir())) == 1


def test_a_revision_left_with_conflict_markers_is_left_to_the_user(tmp_path: Path) -> None:
    """An update that conflicted in a revision must not fail on it, nor merge around it."""
    write_files(
        tmp_path,
        {
            "answers.yml": "package_name: shop\n",
            **BASELINE,
            f"{VERSIONS}/20260102_0002_jobs.py": (
                '<<<<<<< before updating\nrevision = "0002_jobs"\n=======\n'
                'revision = "0002_jobs2"\n>>>>>>> after updating\n'
            ),
            f"{VERSIONS}/20260301_0002_widgets.py": (
                'revision = "0002_widgets"\ndown_revision = "0001_base"\n'
            ),
        },
    )
    before = sorted(path.name for path in (tmp_path / VERSIONS).iterdir())
    assert merge_heads(tmp_path) == ""
    assert sorted(path.name for path in (tmp_path / VERSIONS).iterdir()) == before
