"""The conventions catalogue, the generated AGENTS.md, the guide and the conventions suite agree.

``agents/conventions.yml`` is the single source of the house rules. These tests
render the real template (without installing it) once for every combination
of the answers the catalogue's ``when`` clauses depend on, and check that each
rendered project's AGENTS.md lists exactly the rules that apply to it, with
working links to their files and tests, that those files and tests exist, and
that every convention id the generated tests put in a failure message is one
the catalogue defines.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold import new
from tests.catalogue import (
    CATALOGUE,
    GUIDE,
    applies,
    copier_questions,
    load_catalogue,
    possible_answers,
)
from tests.convention_names import conventions_named_by_tests, module_functions
from tests.helpers import VARIANTS, run_ok

FIELDS = {"id", "title", "rule", "why", "implemented_in", "verified_by"}
CONVENTION_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
#: The answer every rendered combination varies, whether or not a rule depends on it.
MAIN_AXIS = "database"
#: A markdown link: its text and its target.
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
#: The rule sections of AGENTS.md, one heading each.
RULE_HEADING = re.compile(r"^### `([^`]+)`$", re.MULTILINE)


def answer_combinations() -> list[dict[str, Any]]:
    """Renders that show every ``when`` clause (all single-answer today) holding and not.

    The full product of the answers the clauses depend on passed two hundred
    renders as options were added; the checks need each rule rendered where it
    applies and where it does not, and every answer of every axis rendered at
    least once. So, for each answer of the main axis: every other answer at its
    first possible value, then at its last (all on, all off), and each answer
    of each axis flipped alone against both.
    """
    questions = copier_questions()
    axes = sorted({MAIN_AXIS} | {key for c in load_catalogue() for key in c.get("when", {})})
    values = {axis: possible_answers(questions[axis]) for axis in axes}
    combinations: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
    for main in values[MAIN_AXIS]:
        for end in (0, -1):
            base = {axis: values[axis][end] for axis in axes} | {MAIN_AXIS: main}
            for axis in axes:
                for value in values[axis] if axis != MAIN_AXIS else [main]:
                    answers = base | {axis: value}
                    combinations.setdefault(tuple(answers.items()), answers)
    return list(combinations.values())


def combination_id(answers: Mapping[str, Any]) -> str:
    return "-".join(f"{key}={value}" for key, value in answers.items())


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.lower()).replace(" ", "-")


def split_node(node: str) -> tuple[str, str]:
    """Split a pytest node id ``tests/x.py::test_y`` into file and function."""
    path, _, name = node.partition("::")
    return path, name


@dataclass(frozen=True)
class Rendered:
    """One rendered project and the answers it was rendered with."""

    answers: dict[str, Any]
    path: Path
    package_name: str

    def implementation(self, path: str) -> Path:
        return self.path / path.replace("<package>", self.package_name)

    def applicable(self) -> list[dict[str, Any]]:
        return [c for c in load_catalogue() if applies(c, self.answers)]


COMBINATIONS = answer_combinations()


@pytest.fixture(scope="module", params=COMBINATIONS, ids=combination_id)
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The template rendered (not installed) with one combination of answers."""
    answers: dict[str, Any] = request.param
    destination = tmp_path_factory.mktemp("catalogue") / "my-api"
    project = new(destination, defaults=True, install=False, data=answers)
    return Rendered(answers, destination, project.package_name)


# The catalogue itself.


def test_every_convention_is_complete_and_named_once() -> None:
    conventions = load_catalogue()
    ids = [convention["id"] for convention in conventions]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    for convention in conventions:
        where = convention.get("id", convention)
        assert FIELDS <= set(convention) <= {*FIELDS, "when"}, f"{where}: fields {set(convention)}"
        assert CONVENTION_ID.match(convention["id"]), f"{where}: id is not like ERR-NO-LEAKS"
        assert all(isinstance(convention[text], str) for text in ("title", "rule", "why"))
        assert convention["implemented_in"], f"{where}: implemented nowhere"
        tests = convention["verified_by"]
        assert tests == "review" or (isinstance(tests, list) and tests), f"{where}: {tests!r}"
        for node in [] if tests == "review" else tests:
            path, name = split_node(node)
            assert (
                path.startswith("tests/") and path.endswith(".py") and name.startswith("test_")
            ), f"{where}: {node!r} is not a pytest node id like tests/x.py::test_y"


def test_the_renders_show_every_rule_where_it_applies_and_where_not() -> None:
    for convention in load_catalogue():
        if "when" in convention:
            outcomes = {applies(convention, answers) for answers in COMBINATIONS}
            assert outcomes == {True, False}, f"{convention['id']}: only ever {outcomes}"


def test_when_clauses_name_real_questions_and_answers() -> None:
    questions = copier_questions()
    for convention in load_catalogue():
        for key, value in convention.get("when", {}).items():
            assert key in questions, f"{convention['id']}: no question {key!r}"
            assert value in possible_answers(questions[key]), f"{convention['id']}: {key}={value!r}"


@pytest.mark.parametrize("source", [CATALOGUE, GUIDE], ids=lambda path: path.name)
def test_sources_included_by_the_template_hold_no_jinja(source: Path) -> None:
    """Both are included into templates, so Jinja would try to render their contents."""
    assert not re.search(r"\{\{|\{%|\{#", source.read_text()), f"{source} contains Jinja syntax"


def test_the_guide_covers_every_convention_and_links_only_real_ones() -> None:
    ids = {convention["id"] for convention in load_catalogue()}
    guide = GUIDE.read_text()
    linked = {text: target for text, target in LINK.findall(guide) if text in ids}
    assert linked, "the guide links no convention"
    for text, target in LINK.findall(guide):
        if target.startswith("conventions.yml#"):
            assert text in ids, f"the guide links {text!r}, which the catalogue does not define"
            assert target == f"conventions.yml#{github_anchor(text)}", f"{text} links {target}"
    mentioned = {match for match in re.findall(r"[A-Z][A-Z0-9-]+", guide) if match in ids}
    assert ids - mentioned == set(), "the guide never mentions these conventions"


# Each rendered project.


def rule_sections(agents_md: str) -> dict[str, str]:
    """Each rule section of AGENTS.md by id: the text up to the next heading."""
    parts = RULE_HEADING.split(agents_md)
    return {parts[index]: parts[index + 1] for index in range(1, len(parts), 2)}


def test_agents_md_lists_exactly_the_conventions_that_apply(rendered: Rendered) -> None:
    agents_md = (rendered.path / "AGENTS.md").read_text()
    expected = [convention["id"] for convention in rendered.applicable()]
    assert list(rule_sections(agents_md)) == expected


def test_agents_md_links_each_rule_to_its_files_and_tests(rendered: Rendered) -> None:
    sections = rule_sections((rendered.path / "AGENTS.md").read_text())
    for convention in rendered.applicable():
        section = sections[convention["id"]]
        targets = {target for _, target in LINK.findall(section)}
        for path in convention["implemented_in"]:
            assert path.replace("<package>", rendered.package_name) in targets, (
                f"{convention['id']}: no link to {path}"
            )
        if convention["verified_by"] == "review":
            assert "review only" in section, f"{convention['id']}: not marked review-only"
        for node in [] if convention["verified_by"] == "review" else convention["verified_by"]:
            assert f"[`{node}`]({split_node(node)[0]})" in section, f"no link to {node}"


def test_every_link_in_agents_md_and_the_guide_resolves(rendered: Rendered) -> None:
    agents_md = (rendered.path / "AGENTS.md").read_text()
    anchors = {github_anchor(heading) for heading in re.findall(r"^#+ (.+)$", agents_md, re.M)}
    for document in ("AGENTS.md", "docs/backend-guide.md"):
        source = rendered.path / document
        for _, target in LINK.findall(source.read_text()):
            path, _, fragment = target.partition("#")
            resolved = (source.parent / path).resolve() if path else source.resolve()
            assert resolved.exists(), f"{document} links {target}, which does not exist"
            if fragment:
                assert resolved.name == "AGENTS.md", f"{document}: {target} (anchors in AGENTS.md)"
                assert fragment in anchors, f"{document} links {target}: no such section"


def test_every_implementation_path_exists(rendered: Rendered) -> None:
    for convention in rendered.applicable():
        for path in convention["implemented_in"]:
            assert rendered.implementation(path).exists(), f"{convention['id']}: {path} is missing"


def test_every_verifying_test_exists(rendered: Rendered) -> None:
    for convention in rendered.applicable():
        if convention["verified_by"] == "review":
            continue
        for node in convention["verified_by"]:
            path, name = split_node(node)
            assert (rendered.path / path).is_file(), f"{convention['id']}: {path} is missing"
            assert name in module_functions(rendered.path / path), (
                f"{convention['id']}: {path} defines no {name}"
            )


def test_failure_messages_name_only_catalogued_conventions(rendered: Rendered) -> None:
    catalogued = {convention["id"] for convention in rendered.applicable()}
    named = conventions_named_by_tests(rendered.path)
    assert any(named.values()), "no generated test names a convention: the scan is broken"
    unknown = {node: sorted(ids - catalogued) for node, ids in named.items() if ids - catalogued}
    assert unknown == {}


def test_each_verifying_test_names_the_convention_it_verifies(rendered: Rendered) -> None:
    """A failure of any test the catalogue lists says which rule broke.

    Tests under tests/conventions/ name it in their messages; feature tests
    carry ``@pytest.mark.convention("ID")``.
    """
    named = conventions_named_by_tests(rendered.path)
    for convention in rendered.applicable():
        if convention["verified_by"] == "review":
            continue
        for node in convention["verified_by"]:
            assert convention["id"] in named[node], f"{node} never names {convention['id']}"


# What pytest itself collects, in the real generated projects (slow: needs their virtualenv).


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_pytest_collects_every_verifying_test(
    generated_projects: dict[str, Path], checks_python: Path, variant: str
) -> None:
    project = generated_projects[variant]
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    collected = run_ok(
        [str(checks_python), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        project,
        env={"PYTHONPATH": "src"},
    ).splitlines()
    for convention in load_catalogue():
        if not applies(convention, answers) or convention["verified_by"] == "review":
            continue
        for node in convention["verified_by"]:
            assert any(line == node or line.startswith(f"{node}[") for line in collected), (
                f"{convention['id']}: pytest does not collect {node}"
            )
