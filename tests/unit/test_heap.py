"""Giving freed C heap back to the kernel (cockpit.app.heap), measured on this process's own RSS."""

from __future__ import annotations

import ctypes
import platform

import pytest

from cockpit.app.heap import release_free_heap

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


@glibc
def test_the_free_pages_inside_the_heap_go_back_to_the_kernel() -> None:
    """Start-up's shape: many small blocks, nearly all freed, a few still held between them, so
    the heap's top never shrinks by itself and only malloc_trim can give the pages back."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.malloc_trim(0)
    blocks = [libc.malloc(1024) for _ in range(40_000)]  # 40 MB, below mmap's threshold
    for block in blocks:
        ctypes.memset(block, 1, 1024)  # touched: resident
    kept = set(blocks[::64])
    for block in blocks:
        if block not in kept:
            libc.free(block)
    before = _rss_kb()
    try:
        assert release_free_heap() is True
        released_mb = (before - _rss_kb()) / 1024
        assert released_mb > 20, f"only {released_mb:.1f} MB of ~39 MB freed went back"
    finally:
        for block in kept:
            libc.free(block)


def test_without_glibc_it_does_nothing(monkeypatch) -> None:
    """musl or macOS: no malloc_trim to call, so nothing is done and nothing fails."""

    class NoTrim:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    assert release_free_heap() is False
