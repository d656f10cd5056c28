"""Run scientific-python's repo-review in-process, as ``repo-review DIR`` does."""

from pathlib import Path

from repo_review.processor import process


def failed_checks(root: Path) -> list[str]:
    """Return one line per failed check of ``root`` (its ``[tool.repo-review]`` ignores apply)."""
    results = process(root).results
    return [
        f"{result.name} {result.description}: {' '.join(result.err_msg.split())}"
        for result in results
        if result.result is False
    ]
