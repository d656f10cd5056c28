"""Carry a project's answer over to a renamed template question.

Copier gives a question it has no answer for its default, so renaming a
question in copier.yml would silently replace every project's answer with the
default on update. A ``before`` migration that renames the answer in the
project's answers file first avoids that (``scaffold update`` re-reads the
answers after the ``before`` migrations):

    _migrations:
      - version: v0.3.0
        when: "{{ _stage == 'before' }}"
        command:
          - "{{ _copier_python }}"
          - "{{ _copier_conf.src_path }}/scaffold/update_migrations/rename_answer.py"
          - "{{ _copier_conf.answers_file }}"
          - description
          - summary

Idempotent: without an answer under the old name (renamed already, or never
given) it changes nothing, and it never replaces an answer under the new name.
It runs under the Python that runs Copier, so it needs nothing but the
standard library and PyYAML (a Copier dependency).
"""

import sys
from pathlib import Path

import yaml

USAGE = "usage: rename_answer.py ANSWERS_FILE OLD_NAME NEW_NAME"


def rename_answer(answers_file: Path, old: str, new: str) -> bool:
    """Move the answer ``old`` to ``new`` in ``answers_file``; False if there is none."""
    answers = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    if old not in answers:
        return False
    value = answers.pop(old)
    answers.setdefault(new, value)
    answers_file.write_text(
        yaml.safe_dump(answers, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return True


def main(argv: list[str]) -> int:
    """Run from a Copier migration: ``rename_answer.py ANSWERS_FILE OLD NEW``."""
    if len(argv) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    answers_file, old, new = Path(argv[0]), argv[1], argv[2]
    if rename_answer(answers_file, old, new):
        print(f"Renamed answer {old!r} to {new!r} in {answers_file}.")
    else:
        print(f"No answer {old!r} in {answers_file}: nothing to rename.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
