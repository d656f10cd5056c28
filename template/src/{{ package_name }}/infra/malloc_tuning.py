"""Keep glibc's malloc from holding on to the password hashes' memory.

An argon2id hash takes one 19 MiB block, in a worker thread. Left to its
defaults, glibc keeps much of that memory once the hash is done:

- Arenas: a thread that allocates while another holds the main arena gets an
  arena of its own, up to eight per core, each keeping its freed blocks.
  Under load one process grew from 123 MB to over 400 MB and stayed there;
  two arenas held the same load under 190 MB.
- The mmap threshold: glibc serves a block of 128 KiB or more with a mapping
  of its own and unmaps it when freed, but the first such free raises the
  threshold to the freed block's size (up to 32 MiB). From the second hash
  on, every hash's block then comes from an arena's heap and stays resident
  after it, scattered between other allocations: more blocks than hashes in
  flight at once. A fixed threshold of 4 MiB maps and unmaps every hash's
  block, so the process holds only the hashes in flight. The price is a
  fresh block's page faults, about 4 ms of CPU per hash (bench/README.md);
  allocations under 4 MiB, nearly all the others, are not affected.

`MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_` (or `GLIBC_TUNABLES`) in the
environment do this for a whole process, but only if set before it starts;
`mallopt` at start-up does it however the app is started (`serve`, the image,
plain uvicorn, a test run). An operator's own value is left alone.
"""

import ctypes
import os
import sys
from typing import NamedTuple


class MallocParameter(NamedTuple):
    """One `mallopt` parameter, the value the app gives it, and how an operator sets it."""

    number: int  # its constant in malloc.h
    value: int
    variable: str  # the environment variable glibc reads at start-up
    tunable: str  # its name in GLIBC_TUNABLES


#: Two arenas: threads rarely wait for each other (the hashes allocate once
#: each), and memory is reused.
ARENA_MAX = MallocParameter(-8, 2, "MALLOC_ARENA_MAX", "glibc.malloc.arena_max")
#: 4 MiB: above every allocation of a request, below a hash's 19 MiB.
MMAP_THRESHOLD = MallocParameter(
    -3, 4 * 1024 * 1024, "MALLOC_MMAP_THRESHOLD_", "glibc.malloc.mmap_threshold"
)


def chosen_by_operator(parameter: MallocParameter) -> bool:
    """Whether the environment sets `parameter`; glibc has then applied it already."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    return parameter.variable in os.environ or f"{parameter.tunable}=" in tunables


def tune_malloc() -> list[str]:
    """Cap the arenas and fix the mmap threshold; return the variables of those now set.

    Call it once, before worker threads start. A no-op elsewhere than glibc
    (macOS, Windows, musl), and for a parameter the operator chose.
    """
    if not sys.platform.startswith("linux"):
        return []
    try:
        # The running interpreter's own symbols, the C library's among them.
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt
        return []
    return [
        parameter.variable
        for parameter in (ARENA_MAX, MMAP_THRESHOLD)
        if not chosen_by_operator(parameter) and mallopt(parameter.number, parameter.value)
    ]
