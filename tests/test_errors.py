import pytest

from scaffold.errors import CommandError, ScaffoldError, UsageError, exit_code


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ScaffoldError("bad input"), 1),
        (CommandError(["uv", "sync"], 2, "boom"), 1),
        (UsageError("scaffold: error: nope", usage="usage: scaffold"), 2),
        (KeyboardInterrupt(), 130),
    ],
)
def test_exit_code(error: ScaffoldError | KeyboardInterrupt, code: int) -> None:
    assert exit_code(error) == code


def test_command_error_quotes_the_command_and_keeps_only_the_output_tail() -> None:
    output = "\n".join(f"line {number}" for number in range(1, 31)) + "\n"
    error = CommandError(["uv", "sync", "--extra", "a b"], 1, output, hint="Try again.")
    lines = str(error).splitlines()
    assert lines[0] == "`uv sync --extra 'a b'` failed with exit code 1."
    assert lines[1] == "Last lines of its output:"
    assert lines[2:-1] == [f"    line {number}" for number in range(11, 31)]
    assert lines[-1] == "Try again."


def test_command_error_without_output_is_one_line() -> None:
    assert str(CommandError(["git", "init"], 128, "")) == "`git init` failed with exit code 128."
