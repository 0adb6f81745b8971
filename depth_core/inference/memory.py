"""Large buffers go back to the operating system when they are freed, so the working memory of one 49 MP photo does
not stay with a long-running server after its request."""
from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BYTES = 4 << 20  # a 640x480 photo's arrays (1.2 MB) stay in the heap; a large photo's planes and bands do not


def return_large_buffers(threshold: int = LARGE_BYTES) -> bool:
    """Have glibc's malloc give every request of ``threshold`` bytes or more a mapping of its own, unmapped when
    freed. By default glibc raises that threshold to 32 MB after the first large free, and the 4-32 MB blocks of a
    large photo (PIL's image blocks, the refinement's bands) then stayed in the heap: a 49 MP photo left the
    process 250 MB larger, and 40 MB with this. True if set (False off Linux, or on a C library without mallopt)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):  # e.g. musl, which has no mallopt
        return False
