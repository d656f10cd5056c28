"""Keep glibc's malloc from holding on to the password hashes' memory.

An argon2id hash takes one 19 MiB block, in a worker thread. Left to its
defaults, glibc keeps much of that memory once the hash is done:

- Arenas: a thread that allocates while another holds the main arena gets an
  arena of its own, up to eight per core, each keeping its freed blocks.
  Under load one process grew from 123 MB to over 400 MB and stayed there;
  two arenas held the same load under 190 MB. `limit_arenas` caps them at
  two, at start-up.
- Freed blocks: the first free of a block that large raises glibc's mmap
  threshold to its size, so from the second hash on every hash's block comes
  from an arena's heap and stays resident after it, scattered between other
  allocations: more blocks than hashes ever in flight at once.
  `release_free_memory` after each hash (glibc's `malloc_trim`) hands the
  free pages back (all but the free top of each arena other than the
  main one: one more reason to keep two); what it costs, page faults when the next hash touches
  them again, is about 3 ms of system CPU per hash of some 30 ms
  (bench/README.md). A fixed mmap threshold would return every block too,
  at three times that cost.

`MALLOC_ARENA_MAX` in the environment caps the arenas for a whole process,
but only if set before it starts; `mallopt` at start-up does it however the
app is started (`serve`, the image, plain uvicorn, a test run).
`limit_arenas` and `release_free_memory` do nothing elsewhere than glibc
(macOS, Windows, musl).
"""

import ctypes
import os
import sys
from collections.abc import Callable

#: glibc's `M_ARENA_MAX` parameter of `mallopt` (malloc.h).
M_ARENA_MAX = -8
#: Two arenas: threads rarely wait for each other (a hash allocates once),
#: and memory is reused.
ARENA_LIMIT = 2


def glibc_function(name: str) -> Callable[..., int] | None:
    """Return one of glibc's malloc functions, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The running interpreter's own symbols, the C library's among them.
        function: Callable[..., int] = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):  # a C library without it (musl)
        return None
    return function


_MALLOPT = glibc_function("mallopt")
_MALLOC_TRIM = glibc_function("malloc_trim")


def limit_arenas() -> bool:
    """Cap glibc's arenas (once, before worker threads start); True when the cap is set.

    Left alone when the operator chose a value with `MALLOC_ARENA_MAX` or
    `GLIBC_TUNABLES`, which glibc has already applied.
    """
    chosen = "MALLOC_ARENA_MAX" in os.environ or "glibc.malloc.arena_max=" in os.environ.get(
        "GLIBC_TUNABLES", ""
    )
    return not chosen and _MALLOPT is not None and bool(_MALLOPT(M_ARENA_MAX, ARENA_LIMIT))


def release_free_memory() -> None:
    """Return the heaps' free pages to the system, from any thread."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
