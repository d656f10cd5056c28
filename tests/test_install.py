import sys
from pathlib import Path

import pytest
import uv

from scaffold.kit import install
from scaffold.kit.install import find_uv, install_commands, venv_python


def test_uv_installs_in_one_command() -> None:
    assert install_commands(Path("/p"), "/bin/uv") == [["/bin/uv", "sync"]]


def test_without_uv_pip_installs_the_project_and_its_dev_group() -> None:
    python = str(venv_python(Path("/p")))
    assert install_commands(Path("/p"), None) == [
        [sys.executable, "-m", "venv", ".venv"],
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "--editable", ".", "--group", "dev"],
    ]


def test_find_uv_prefers_path_then_the_uv_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scaffold.kit.install.shutil.which", lambda name: f"/usr/bin/{name}")
    assert find_uv() == "/usr/bin/uv"
    monkeypatch.setattr("scaffold.kit.install.shutil.which", lambda _name: None)
    assert find_uv() == uv.find_uv_bin()


def test_install_environment_drops_an_active_virtualenv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Otherwise uv would install into scaffold's own virtualenv, not .venv."""
    monkeypatch.setenv("VIRTUAL_ENV", "/elsewhere")
    monkeypatch.setenv("UV_PROJECT_ENVIRONMENT", "/elsewhere")
    environment = install._project_environment()
    assert "VIRTUAL_ENV" not in environment
    assert "UV_PROJECT_ENVIRONMENT" not in environment
    assert environment["PATH"]
