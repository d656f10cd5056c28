"""Render a template with Copier, reporting Copier's refusals as ScaffoldError."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import copier
from copier.errors import CopierError

from scaffold.errors import ScaffoldError
from scaffold.template_source import TemplateSource


def render(
    source: TemplateSource,
    destination: Path,
    *,
    data: Mapping[str, Any],
    user_defaults: Mapping[str, Any],
    defaults: bool,
    vcs_ref: str,
) -> dict[str, Any]:
    """Render ``source`` into ``destination`` and return the final answers.

    ``vcs_ref`` is always passed: left as ``None``, Copier renders the newest
    git tag of the template instead of the checkout being worked on.

    Copier reports bad answers (failed validators, invalid choices), unknown
    revisions and broken templates as ``ValueError`` or ``CopierError``; their
    messages already name the question or ref, so they are passed on as is.
    """
    try:
        worker = copier.run_copy(
            source.url,
            destination,
            data=dict(data),
            user_defaults=dict(user_defaults),
            defaults=defaults,
            vcs_ref=vcs_ref,
            quiet=True,
            unsafe=False,
        )
    except (CopierError, ValueError) as error:
        raise ScaffoldError(str(error)) from error
    combined = worker.answers.combined
    return {name: combined[name] for name in source.question_names if name in combined}
