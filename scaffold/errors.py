"""The errors scaffold reports to people, and the exit code each one means."""

import shlex
from collections.abc import Sequence


class ScaffoldError(Exception):
    """A failure the person at the terminal can fix; ``str()`` is the message.

    Anything else that escapes is a bug in scaffold or its template and keeps
    its traceback.
    """


class UsageError(ScaffoldError):
    """The command line itself is wrong (argparse's errors land here)."""

    def __init__(self, message: str, *, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


class CommandError(ScaffoldError):
    """An external command (uv, pip, git, a migration) exited non-zero.

    The message ends with the last lines of the command's output because the
    command's own words are usually the only useful diagnosis.
    """

    tail_lines = 20

    def __init__(self, args: Sequence[str], returncode: int, output: str, hint: str = "") -> None:
        self.returncode = returncode
        self.output = output
        tail = output.rstrip().splitlines()[-self.tail_lines :]
        lines = [f"`{shlex.join(args)}` failed with exit code {returncode}."]
        if tail:
            lines.append("Last lines of its output:")
            lines.extend(f"    {line}" for line in tail)
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


def exit_code(error: ScaffoldError | KeyboardInterrupt) -> int:
    """Map an error to the process exit code; the only place that decides it.

    2 for command-line misuse (like argparse), 130 for Ctrl-C (like a shell),
    1 for every other failure scaffold explains.
    """
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, UsageError):
        return 2
    return 1
