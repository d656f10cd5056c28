"""``scaffold check-update``: is there a newer template version for a project?"""

from dataclasses import dataclass
from pathlib import Path

from scaffold.project.generated import open_updatable_project
from scaffold.template.versions import parse_version
from scaffold.update.plan import plan_update


@dataclass(frozen=True)
class UpdateCheck:
    """The version a project is at and the one ``scaffold update`` would bring."""

    project: Path
    current: str
    latest: str

    @property
    def available(self) -> bool:
        """Whether ``latest`` is newer than ``current``.

        A project version that is not a version number (a bare commit) cannot
        be compared; any other target counts as newer then.
        """
        current, latest = parse_version(self.current), parse_version(self.latest)
        if current is None or latest is None:
            return self.current != self.latest
        return latest > current


def check_update(project: str | Path = ".") -> UpdateCheck:
    """Compare ``project``'s template version with the one an update would go to.

    Nothing in the project changes; it need not even be committed.

    Raises:
        ScaffoldError: No answers file, or the template or the project's
            version cannot be found (an update would fail the same way).
    """
    generated = open_updatable_project(project)
    plan = plan_update(generated, to=None)
    return UpdateCheck(project=generated.path, current=plan.current, latest=plan.target)
