"""Giving the start-up's freed C heap back to the kernel.

Starting a head unit parses its DBC, compiles its QML and imports some 500 modules; most of what
that allocates is garbage a second later. glibc keeps the freed pages in its arenas, resident, for
the next allocation, which for a cockpit at rest never comes in that size: about 2 MB of a
running ``cockpit run`` (issue 15's budget). ``malloc_trim`` hands them back. It is glibc's own
call (there since 2.8, every arena since 2.9); elsewhere (musl, macOS) there is nothing to call and
nothing is done.
"""

from __future__ import annotations

import ctypes


def release_free_heap() -> bool:
    """Return the C heap's free pages to the kernel; True when glibc released any.

    Safe from any thread at any time (glibc takes each arena's lock); it costs a few milliseconds,
    so call it once after start-up, not per frame.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError):
        return False  # not glibc
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return bool(trim(0))
