"""The ``license`` question: the LICENSE file and pyproject.toml's ``license`` agree.

Rendered with Copier alone (no lock, no git): what is checked is only what
the two files say for each choice.
"""

import tomllib
from pathlib import Path

import copier
import pytest

from scaffold.template.source import default_template
from tests.helpers import template_question

#: Each choice's LICENSE first line, and its SPDX expression in pyproject.toml.
EXPECTED = {
    "MIT": ("MIT License", "MIT"),
    "Apache-2.0": ("Apache License", "Apache-2.0"),
    "BSD-3-Clause": ("BSD 3-Clause License", "BSD-3-Clause"),
    "Proprietary": ("Copyright (c) Backend Team. All rights reserved.", "LicenseRef-Proprietary"),
}


def test_every_choice_is_checked_and_proprietary_is_the_default() -> None:
    question = template_question("license")
    assert set(question["choices"].values()) == set(EXPECTED)
    assert question["default"] == "Proprietary"


@pytest.mark.parametrize("choice", EXPECTED)
def test_license_file_and_field_follow_the_answer(choice: str, tmp_path: Path) -> None:
    copier.run_copy(
        str(default_template()),
        tmp_path,
        data={"license": choice},
        defaults=True,
        vcs_ref="HEAD",
        quiet=True,
        unsafe=False,
    )
    first_line, expression = EXPECTED[choice]
    assert (tmp_path / "LICENSE").read_text().lstrip().splitlines()[0] == first_line
    project = tomllib.loads((tmp_path / "pyproject.toml").read_text())["project"]
    assert project["license"] == expression
    assert project["license-files"] == ["LICENSE"]
    private = "Private :: Do Not Upload" in project.get("classifiers", [])
    assert private == (choice == "Proprietary"), "only proprietary code is kept off indexes"
