"""List what is installed in the project's environment, for the dependency check.

Runs under the project's interpreter with the standard library only, so it
works in any environment, however broken. Comparing that with
``pyproject.toml`` happens in scaffold (:mod:`scaffold.doctor.dependencies`),
where ``packaging`` is sure to be installed.

Prints one JSON object: ``environment``, the PEP 508 marker values of this
interpreter (as ``packaging.markers.default_environment()`` computes them),
and ``distributions``, each installed distribution's name, version and
``Requires-Dist`` entries; the first one found on ``sys.path`` wins, as for
imports.
"""

import json
import os
import platform
import re
import sys
from importlib import metadata


def marker_environment() -> dict[str, str]:
    """Return the values PEP 508 environment markers are evaluated against."""
    implementation = sys.implementation.version
    implementation_version = f"{implementation.major}.{implementation.minor}.{implementation.micro}"
    if implementation.releaselevel != "final":
        implementation_version += f"{implementation.releaselevel[0]}{implementation.serial}"
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": implementation_version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def installed_distributions() -> list[dict[str, object]]:
    """Return every distribution on ``sys.path``, the first of each name only."""
    found: dict[str, dict[str, object]] = {}
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"]
        key = re.sub(r"[-_.]+", "-", name or "").lower()  # PEP 503's normalized name
        if key and key not in found:
            found[key] = {
                "name": name,
                "version": distribution.version,
                "requires": distribution.requires or [],
            }
    return list(found.values())


def main() -> None:
    """Print the report as JSON."""
    report = {"environment": marker_environment(), "distributions": installed_distributions()}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
