"""The command-line shape every benchmark shares: setup options, the project, the report.

Each benchmark adds its own measurement options and targets; what to render,
which venv to reuse, extra server settings and how numbers are shown are the
same everywhere and live here (running and exit codes: `harness.run_and_report`).
"""

import argparse
import math
from pathlib import Path
from typing import Any

from harness import RenderedProject, copy_project, render_project, report_progress


def add_setup_options(parser: argparse.ArgumentParser, server_env_help: str) -> None:
    """Add --venv, --project, --server-env, --json and --check."""
    parser.add_argument(
        "--venv",
        type=Path,
        help="virtualenv to use; created (and kept) when missing, reused as is otherwise",
    )
    parser.add_argument(
        "--project",
        type=Path,
        help="benchmark a copy of this rendered project instead of rendering the template "
        "(to try a change before making it in the template)",
    )
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"{server_env_help} (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")


def server_env(parser: argparse.ArgumentParser, items: list[str]) -> dict[str, str]:
    """Read the --server-env items into settings; a malformed one is a usage error."""
    settings: dict[str, str] = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key:
            parser.error(f"--server-env expects KEY=VALUE, got {item!r}")
        settings[key] = value
    return settings


def prepare_project(project: Path | None, destination: Path) -> RenderedProject:
    """Render the default project from this checkout, or copy the one given."""
    if project is not None:
        report_progress(f"copying the project at {project}")
        return copy_project(project.resolve(), destination)
    report_progress("rendering the default project from this checkout")
    return render_project(destination)


def without_nan(value: Any) -> Any:
    """Replace NaN (a percentile of no samples) with None: JSON has no NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nan(item) for item in value]
    return value


def number(value: float | None, digits: int = 1) -> str:
    """Format a measurement; None (not measurable here) shows as n/a."""
    return "n/a" if value is None else f"{value:.{digits}f}"
