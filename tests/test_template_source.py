from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.template import source as template_source
from scaffold.template.source import default_template, locate_template
from tests.helpers import write_files


def test_locate_template_reads_questions_in_order_and_skips_settings(template: Path) -> None:
    source = locate_template(template)
    assert source.path == template
    assert source.question_names == (
        "project_name",
        "project_slug",
        "package_name",
        "author_name",
        "author_email",
        "database",
    )


def test_locate_template_records_an_absolute_path(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copier stores the path as _src_path; a relative one breaks later updates."""
    monkeypatch.chdir(template.parent)
    source = locate_template(template.name)
    assert source.path.is_absolute()
    assert source.path == template


def test_locate_template_merges_yaml_documents(tmp_path: Path) -> None:
    write_files(tmp_path, {"copier.yaml": "_subdirectory: t\na: 1\n---\nb: 2\na: 3\n"})
    assert locate_template(tmp_path).question_names == ("a", "b")


def test_locate_template_refuses_a_directory_without_copier_yml(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"Not a Copier template: .* has no copier\.yml"):
        locate_template(tmp_path)


def test_locate_template_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"Template not found: .* is not a directory"):
        locate_template(tmp_path / "missing")


def test_locate_template_refuses_invalid_yaml(tmp_path: Path) -> None:
    write_files(tmp_path, {"copier.yml": "a: [unclosed\n"})
    with pytest.raises(ScaffoldError, match=r"Cannot read .*copier\.yml"):
        locate_template(tmp_path)


def test_default_template_is_this_checkout() -> None:
    checkout = Path(template_source.__file__).resolve().parents[2]
    assert default_template() == checkout
    assert (checkout / "copier.yml").is_file()


def test_default_template_falls_back_to_the_bundled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed wheel has no checkout around it, only scaffold/_template."""
    monkeypatch.setattr(template_source, "CHECKOUT_TEMPLATE", tmp_path / "site-packages")
    assert default_template() == template_source.BUNDLED_TEMPLATE
