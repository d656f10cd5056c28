"""Report the steps of a long command as they start, through a callback."""

from collections.abc import Callable, Sequence

#: Called with (step number, number of steps, title) as each step starts.
StepCallback = Callable[[int, int, str], None]


class Progress:
    """The steps a run will take, announced one by one to ``on_step``."""

    def __init__(self, steps: Sequence[str], on_step: StepCallback | None) -> None:
        self.steps = list(steps)
        self.on_step = on_step

    def start(self, step: str) -> None:
        """Announce ``step``, one of the steps given at construction."""
        if self.on_step is not None:
            self.on_step(self.steps.index(step) + 1, len(self.steps), step)
