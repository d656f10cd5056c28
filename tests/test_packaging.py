"""The wheel must work without this checkout: the template travels inside it,
and projects it generates name the versions repository, so they can be updated.

Slow: builds the wheel and installs it from PyPI's dependencies.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from scaffold import __version__
from scaffold.kit.install import find_uv, venv_python
from scaffold.template.repository import HOME_VARIABLE
from scaffold.template.source import CHECKOUT_TEMPLATE
from tests.helpers import COMMAND_TIMEOUT_SECONDS, run_ok

pytestmark = pytest.mark.slow


def test_installed_wheel_renders_its_bundled_template(tmp_path: Path) -> None:
    uv = find_uv()
    assert uv is not None
    run_ok([uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), "."], CHECKOUT_TEMPLATE)
    (wheel,) = (tmp_path / "dist").glob("backend_scaffold-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "scaffold/_template/copier.yml" in names
    assert any(name.startswith("scaffold/_template/template/src/") for name in names)

    assert "scaffold/_template/scaffold/update_migrations/rename_answer.py" in names
    assert "scaffold/resource/templates/routes.py.jinja" in names
    assert "scaffold/py.typed" in names
    assert "scaffold/template/releases.toml" in names
    assert "scaffold/template/releases/v0.1.0.tar.gz" in names

    run_ok([uv, "venv", "--quiet", "--python", sys.executable, ".venv"], tmp_path)
    python = str(venv_python(tmp_path))
    run_ok([uv, "pip", "install", "--quiet", "--python", python, str(wheel)], tmp_path)
    scaffold = str(Path(python).parent / "scaffold")
    home = {HOME_VARIABLE: str(tmp_path / "scaffold-home")}
    run_ok([scaffold, "new", "my-api", "--defaults", "--no-install"], tmp_path, env=home)

    answers = yaml.safe_load((tmp_path / "my-api" / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == str(tmp_path / "scaffold-home" / "template-versions")
    assert answers["_commit"] == f"v{__version__}"
    assert answers["project_slug"] == "my-api"
    checked = run_ok([scaffold, "check-update"], tmp_path / "my-api", env=home)
    assert checked == f"{tmp_path / 'my-api'} is up to date (template version v{__version__}).\n"
    # The resource generator reads its Jinja templates from the installed package.
    planned = run_ok(
        [scaffold, "add", "resource", "notes", "title:str", "--dry-run"], tmp_path / "my-api"
    )
    assert "  src/my_api/routes/notes.py\n" in planned

    # Every past release ships in the wheel: a project of template 0.1.0 renders
    # and updates from a home that never ran scaffold 0.1.0.
    run_ok(
        [scaffold, "new", "old-api", "--defaults", "--no-install", "--vcs-ref", "v0.1.0"],
        tmp_path,
        env=home,
    )
    checked_old = subprocess.run(
        [scaffold, "check-update"],
        cwd=tmp_path / "old-api",
        env={**os.environ, **home},
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    assert (checked_old.returncode, checked_old.stdout.splitlines()[0]) == (
        100,
        f"A newer template version is available for {tmp_path / 'old-api'}: v0.1.0 -> "
        f"v{__version__}.",
    ), checked_old.stderr
