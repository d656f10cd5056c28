"""Print, at the end of every run, how long each test file took (its part of the budget).

CI has a time budget (`.ci/run` within 30 minutes on two cores); a file that
grows past its share shows up here in the log of the run that made it grow,
not weeks later. Setup and teardown count with the test that triggered them,
so a session fixture (a rendered project, the shared virtualenv) is charged to
the file whose test built it first. Under pytest-xdist the reports reach the
controlling process, which prints the same table.
"""

from collections import defaultdict

import pytest


class PartTimes:
    """The seconds and tests of each file, for one pytest run."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.tests: defaultdict[str, set[str]] = defaultdict(set)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Add every phase's duration (setup, call, teardown) to the test's file."""
        part = report.nodeid.split("::", 1)[0]
        self.seconds[part] += report.duration
        self.tests[part].add(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """List the files, slowest first, with their share of the run's test time."""
        if not self.seconds:
            return
        total = sum(self.seconds.values())
        terminalreporter.section("time per part (test file, slowest first)")
        for part, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            share = seconds / total if total else 0.0
            terminalreporter.write_line(
                f"{seconds:8.1f} s {share:6.1%} {len(self.tests[part]):4d} tests  {part}"
            )
        terminalreporter.write_line(f"{total:8.1f} s  total ({len(self.seconds)} files)")


def pytest_configure(config: pytest.Config) -> None:
    """Give this run its own table (pytester's inner runs get theirs)."""
    config.pluginmanager.register(PartTimes(), "part-times")
