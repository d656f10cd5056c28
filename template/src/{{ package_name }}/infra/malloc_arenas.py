"""Keep glibc's malloc from giving every thread a memory arena of its own.

glibc hands each thread that allocates while another holds the main arena an
arena of its own, up to eight per core, and rarely gives their memory back.
Password hashes run in worker threads and take 19 MiB each, so under load one
process grew from 123 MB to over 400 MB and stayed there; with two arenas the
same load held it under 190 MB, at the same throughput. `MALLOC_ARENA_MAX=2`
in the environment does this for a whole process, but only if it is set
before the process starts; calling `mallopt` at start-up does it however the
app is started (`serve`, the image, plain uvicorn, a test run).
"""

import ctypes
import os
import sys

#: glibc's `M_ARENA_MAX` parameter of `mallopt` (malloc.h).
M_ARENA_MAX = -8
#: Two arenas: threads rarely wait for each other, and memory is reused.
ARENA_LIMIT = 2


def limit_malloc_arenas() -> bool:
    """Cap glibc's arenas (once, before worker threads start); True when the cap is set.

    A no-op elsewhere than glibc (macOS, Windows, musl), and when the operator
    chose a value with `MALLOC_ARENA_MAX`, which glibc has already applied.
    """
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        # The running interpreter's own symbols, the C library's among them.
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt (musl)
        return False
    return bool(mallopt(M_ARENA_MAX, ARENA_LIMIT))
