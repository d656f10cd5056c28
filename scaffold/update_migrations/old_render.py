"""Render the template version a project was last updated to, as Copier's update does.

The three-way merge of a moved module needs its base: the file as the
project's template version rendered it with the project's answers. Copier
renders exactly that during an update, but into a directory it does not show
its migrations, so the ``before`` migration renders it again with Copier's
Python API (Copier is there: it runs the migration). Tasks are skipped: the
render is only read.
"""

from pathlib import Path
from typing import Any

import copier


def render_previous_version(answers: dict[str, Any], answers_file: str, into: Path) -> Path:
    """Render the version ``answers`` record (``_src_path`` at ``_commit``) into ``into``.

    Raises:
        KeyError: The answers file records no template or version.
    """
    copier.run_copy(
        str(answers["_src_path"]),  # Copier expands a leading ~ itself
        into,
        data={key: value for key, value in answers.items() if not key.startswith("_")},
        answers_file=answers_file,
        vcs_ref=str(answers["_commit"]),
        defaults=True,
        quiet=True,
        # The project's own template, which the update already runs: its
        # migrations and extensions are trusted, and its tasks skipped.
        unsafe=True,
        skip_tasks=True,
    )
    return into
