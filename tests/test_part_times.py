"""The per-file time table every run ends with (tests/part_times.py)."""

import pytest


def test_every_file_gets_a_line_with_its_tests_and_a_total(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_slow="import time\n\ndef test_a():\n    time.sleep(0.2)\n\ndef test_b():\n    pass\n",
        test_fast="def test_c():\n    pass\n",
    )
    result = pytester.runpytest("-p", "tests.part_times", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.re_match_lines(
        [
            r".*time per part \(test file, slowest first\).*",
            r"\s+0\.[2-9] s\s+\d+\.\d% +2 tests  test_slow\.py",
            r"\s+0\.\d s\s+\d+\.\d% +1 tests  test_fast\.py",
            r"\s+0\.[2-9] s  total \(2 files\)",
        ]
    )
