"""Render a template with Copier, reporting Copier's refusals as ScaffoldError."""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import copier
from copier.errors import CopierError

from scaffold.errors import ScaffoldError
from scaffold.template.source import TemplateSource

#: How Copier names the question in a refused answer: "Validation error for
#: question 'author_email': ..." or "Invalid choice for 'database': ...".
_REFUSED_ANSWER = re.compile(r"^(?:Validation error for question|Invalid choice for) '(\w+)'")


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
    messages already name the question or ref, so they are passed on, with
    how to answer again when a question is named. Ctrl-C at a question is a
    ``CopierError`` too (its text a dump of Copier's state): it stays the
    interrupt it is, which the command line reports in one line.
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
    except KeyboardInterrupt:
        raise KeyboardInterrupt from None
    except (CopierError, ValueError) as error:
        raise ScaffoldError(with_answer_hint(str(error))) from error
    combined = worker.answers.combined
    return {name: combined[name] for name in source.question_names if name in combined}


def with_answer_hint(message: str) -> str:
    """Add how to answer again to Copier's message about a refused answer.

    Without a terminal Copier cannot ask again, and the refused value came from
    ``--data`` or was a default (one derived from an unusual DEST, say).
    """
    refused = _REFUSED_ANSWER.match(message)
    if refused is None:
        return message
    return f"{message}. Answer it with --data {refused[1]}=VALUE."
