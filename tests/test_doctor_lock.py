"""Doctor's ``lock`` check: ``uv.lock`` against ``pyproject.toml``, offline, changing neither."""

from pathlib import Path

from scaffold.doctor.lock import check_lock
from scaffold.doctor.result import CheckResult, Status
from tests.doctor_projects import PYPROJECT, lock
from tests.helpers import snapshot, write_files

FIX = "uv lock, then commit uv.lock"


def test_a_lock_in_step_is_ok(tmp_path: Path) -> None:
    write_files(tmp_path, {"pyproject.toml": PYPROJECT})
    lock(tmp_path)
    assert check_lock(tmp_path) == CheckResult(
        "lock", Status.OK, "uv.lock is in step with pyproject.toml"
    )


def test_a_requirement_added_without_locking_fails_and_nothing_changes(tmp_path: Path) -> None:
    write_files(tmp_path, {"pyproject.toml": PYPROJECT})
    lock(tmp_path)
    write_files(tmp_path, {"pyproject.toml": PYPROJECT.replace('"pyyaml>=6"', '"pyyaml>=6.0.1"')})
    before = snapshot(tmp_path)
    assert check_lock(tmp_path) == CheckResult(
        "lock",
        Status.FAIL,
        "uv.lock is out of step with pyproject.toml: the image, CI and nox refuse it "
        "(uv sync --locked)",
        FIX,
    )
    assert snapshot(tmp_path) == before


def test_a_missing_lock_fails(tmp_path: Path) -> None:
    write_files(tmp_path, {"pyproject.toml": PYPROJECT})
    result = check_lock(tmp_path)
    assert (result.status, result.fix) == (Status.FAIL, FIX)
    assert result.reason.startswith("no uv.lock")
