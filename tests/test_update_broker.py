"""Moving an existing project from one job broker to another with ``scaffold update --data``.

A project generated with the in-process broker, with a resource of the
user's own, switches to Redis, then RabbitMQ, then back: each update is
conflict-free, keeps the user's work, and leaves code that ruff accepts.
"""

import sys
from pathlib import Path

import pytest
import yaml

from scaffold import add_resource, new, update
from tests.helpers import commit_all, released_checkout, run_ok

pytestmark = pytest.mark.slow

PACKAGE = "shop_api"
BROKERS = "src/shop_api/jobs/brokers.py"


def test_broker_switches_on_an_existing_project_without_conflict(tmp_path: Path) -> None:
    template = released_checkout(tmp_path / "template", "v1.0.0")
    project = new(
        tmp_path / "shop-api", template=template, vcs_ref="v1.0.0", defaults=True, install=False
    ).path
    add_resource("widgets", ["name:str:max=100"], project=project)
    commit_all(project, "resource")
    resource = (project / f"src/{PACKAGE}/routes/widgets.py").read_text()

    for broker, marker, dependency in [
        ("redis", "ListQueueBroker", "taskiq-redis"),
        ("rabbitmq", "AioPikaBroker", "taskiq-aio-pika"),
        ("in-process", "InMemoryBroker", "taskiq>="),
    ]:
        result = update(project, data={"broker": broker}, defaults=True)
        assert result.conflicts == (), f"switching to {broker}: {result.conflicts}"
        answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
        assert answers["broker"] == broker
        assert marker in (project / BROKERS).read_text()
        assert dependency in (project / "pyproject.toml").read_text()
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        assert ("worker" in services) == (broker != "in-process")
        assert (project / f"src/{PACKAGE}/routes/widgets.py").read_text() == resource
        for check in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
            run_ok([sys.executable, "-m", "ruff", *check], project)
        commit_all(project, f"broker={broker}")
