"""scientific-python's repo-review (``repo-review .``) passes on this repository.

Every check passes or is ignored in ``[tool.repo-review]`` with its reason;
the generated projects are held to the same in tests/test_generated_ecosystem.py.
"""

from pathlib import Path

from tests.repo_review_checks import failed_checks

CHECKOUT = Path(__file__).resolve().parent.parent


def test_repo_review_passes_on_this_repository() -> None:
    failures = failed_checks(CHECKOUT)
    assert not failures, "repo-review failed:\n" + "\n".join(failures)
