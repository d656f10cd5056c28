"""Fixtures shared by the fast tests: an inline template and an isolated git."""

from pathlib import Path

import pytest

from tests.helpers import build_template


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give git a known global config, whatever the machine running the tests has."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Global User\n\temail = global@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A committed inline template with questions like the real one."""
    return build_template(tmp_path / "template")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty directory to generate into; failures must leave it empty."""
    path = tmp_path / "work"
    path.mkdir()
    return path
