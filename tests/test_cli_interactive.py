"""``scaffold new`` without ``--defaults``: Copier's questions, answered on a real terminal.

The command runs in a pseudo-terminal, as in a person's shell, and the test
types like a person: it waits for each question, accepts a default with
Enter, types over another, picks a choice with the arrow keys, gives an
invalid email first and reads the validator's message before correcting it.
Every wait is bounded, and the process is killed if it is still running.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

#: Terminal control sequences (colours, cursor moves), dropped before matching text.
CONTROL_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
#: prompt_toolkit asks where the cursor is; a terminal answers with its position.
CURSOR_POSITION_REQUEST = b"\x1b[6n"
CURSOR_POSITION_REPLY = b"\x1b[1;1R"
ENTER = "\r"
ERASE_LINE = "\x15"  # Ctrl-U: clear the offered default before typing
CTRL_C = "\x03"
DOWN = "\x1b[B"


class Terminal:
    """A command running on a pseudo-terminal, wide enough that no line wraps."""

    def __init__(self, argv: Sequence[str], *, columns: int = 250, rows: int = 50) -> None:
        self._main, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            argv,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            start_new_session=True,
            env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
        )
        os.close(secondary)
        self.unread = ""
        self.transcript = ""

    def expect(self, pattern: str, timeout: float = 30.0) -> str:
        """Wait for ``pattern`` in what the command printed since the last match."""
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.unread)) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                pytest.fail(f"no {pattern!r} on the terminal, which showed:\n{self.transcript}")
        self.unread = self.unread[found.end() :]
        return found.group(0)

    def type(self, keys: str) -> None:
        """Press ``keys``, as a person at the keyboard would."""
        os.write(self._main, keys.encode())

    def last_lines(self) -> list[str]:
        """The non-blank lines printed since the last match, stripped."""
        return [line.strip() for line in self.unread.splitlines() if line.strip()]

    def wait(self, timeout: float = 30.0) -> int:
        """Read the rest of the output and return the exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(deadline - time.monotonic()):
            pass
        return self.process.wait(timeout=max(deadline - time.monotonic(), 1.0))

    def close(self) -> None:
        """Kill the command if it is still running; release the terminal."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self._main)

    def _read(self, timeout: float) -> bool:
        """Take in what the command prints within ``timeout``; False once it has closed."""
        ready, _, _ = select.select([self._main], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self._main, 65536)
        except OSError:  # Linux reports the closed end as EIO
            return False
        if not data:
            return False
        if CURSOR_POSITION_REQUEST in data:
            os.write(self._main, CURSOR_POSITION_REPLY)
        text = CONTROL_SEQUENCE.sub("", data.decode(errors="replace"))
        self.unread += text
        self.transcript += text
        return True


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Terminals a test starts; closed (their commands killed) however it ends."""
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def test_new_asks_each_question_and_asks_again_after_an_invalid_answer(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    destination = tmp_path / "shop-api"
    terminal = Terminal([sys.executable, "-m", "scaffold", "new", str(destination), "--no-install"])
    terminals.append(terminal)

    terminal.expect(r"Human-readable title of the project.*\n.*Shop Api")
    terminal.type(ENTER)  # the title derived from DEST
    terminal.expect(r"Distribution and directory name.*\n.*shop-api")
    terminal.type(ENTER)
    terminal.expect(r"Python import package name.*\n.*shop_api")
    terminal.type(ENTER)
    terminal.expect(r"One-line description of the service")
    terminal.type(f"{ERASE_LINE}Sells things to people{ENTER}")
    terminal.expect(r"Author or team name")
    terminal.type(ENTER)
    terminal.expect(r"Author contact email")
    terminal.type(f"{ERASE_LINE}nobody{ENTER}")
    terminal.expect(
        re.escape("author_email must be an email address like name@example.com (got 'nobody')")
    )
    terminal.type(f"{ERASE_LINE}dev@example.com{ENTER}")
    terminal.expect(r"License of the project.*\n(.*\n)*.*BSD-3-Clause")
    terminal.type(DOWN + ENTER)  # MIT, after the default (proprietary)
    terminal.expect(r"Minimum Python version of the generated project")
    terminal.type(ENTER)
    terminal.expect(r"Database engine.*\n(.*\n)*.*PostgreSQL \(asyncpg\)")
    terminal.type(DOWN + ENTER)
    terminal.expect(r"Keep rate-limit counters.*in Redis.*\n.*\(y/N\)")
    terminal.type("y")
    terminal.expect(r"Where background jobs.*\n(.*\n)*.*RabbitMQ")
    terminal.type(ENTER)  # Redis, the default once Redis is chosen
    terminal.expect(r"Signed webhooks.*\n(.*\n)*.*\(y/N\)")
    terminal.type(ENTER)
    terminal.expect(r"File uploads: multipart.*\n(.*\n)*.*\(y/N\)")
    terminal.type(ENTER)
    terminal.expect(r"Sign-in with OpenID Connect.*\n(.*\n)*.*\(y/N\)")
    terminal.type(ENTER)
    terminal.expect(r"Serve GraphQL at /api/v1/graphql.*\n(.*\n)*.*\(y/N\)")
    terminal.type("n")
    terminal.expect(r"Add a GitHub Actions workflow.*\n.*\(Y/n\)")
    terminal.type("n")
    terminal.expect(r"Observability: Prometheus metrics.*\n(.*\n)*.*\(Y/n\)")
    terminal.type("y")

    assert terminal.wait() == 0, terminal.transcript
    assert f"Created Shop Api in {destination}" in terminal.transcript
    assert (destination / "LICENSE").read_text().startswith("MIT License")
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text())
    chosen = {key: value for key, value in answers.items() if not key.startswith("_")}
    assert chosen == {
        "project_name": "Shop Api",
        "project_slug": "shop-api",
        "package_name": "shop_api",
        "description": "Sells things to people",
        "author_name": "Backend Team",
        "author_email": "dev@example.com",
        "license": "MIT",
        "python_version": "3.11",
        "database": "postgresql",
        "redis": True,
        "broker": "redis",
        "webhooks": False,
        "uploads": False,
        "social_login": False,
        "graphql": False,
        "github_actions": False,
        "observability": True,
    }


def test_ctrl_c_at_the_first_question_exits_130_with_one_line_and_leaves_nothing(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    terminal = Terminal(
        [sys.executable, "-m", "scaffold", "new", str(workdir / "shop-api"), "--no-install"]
    )
    terminals.append(terminal)

    terminal.expect(r"Human-readable title of the project.*\n.*Shop Api")
    terminal.type(CTRL_C)

    assert terminal.wait() == 130, terminal.transcript
    assert terminal.last_lines()[-1] == "Interrupted; nothing was left behind."
    assert "Traceback" not in terminal.transcript
    assert "AnswersMap" not in terminal.transcript  # Copier's state, once printed whole
    assert list(workdir.iterdir()) == []


def test_a_malformed_option_exits_2_with_the_usage_and_one_error_line(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    command = [sys.executable, "-m", "scaffold", "new", str(tmp_path / "api"), "--data", "redis"]
    terminal = Terminal(command)
    terminals.append(terminal)

    assert terminal.wait() == 2, terminal.transcript
    lines = terminal.last_lines()
    assert lines[0].startswith("usage: scaffold new [-h]")
    assert lines[-1] == (
        "scaffold new: error: argument --data: expected KEY=VALUE, "
        "e.g. --data database=postgresql (got 'redis')"
    )
    assert [line for line in lines if "error" in line] == [lines[-1]]
    assert not (tmp_path / "api").exists()
