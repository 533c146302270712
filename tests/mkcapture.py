#!/usr/bin/python3
"""Write hand-made (and deliberately broken) pfnclass capture files for tests.

usage: mkcapture.py OUT CASE   (see CASES below)
The format is described in src/capfmt.h; everything is little-endian.
"""
import struct
import sys


def head(version=1):
    return b"PFNCAP01" + struct.pack("<II", version, 0)


def rec(kind, name, payload):
    name = name.encode()
    return kind.encode() + struct.pack("<H", len(name)) + name + payload


def text(name, data):
    data = data.encode()
    return rec("T", name, struct.pack("<Q", len(data)) + data)


def link(name, target):
    target = target.encode()
    return rec("L", name, struct.pack("<Q", len(target)) + target)


def array(name, entries, runs):
    body = struct.pack("<Q", entries)
    for count, index, first, delta in runs:
        body += struct.pack("<QQQQ", count, index, first, delta)
    return rec("U", name, body + struct.pack("<Q", 0))


END = b"E\0\0"

CASES = {
    "bad-magic": b"NOTACAPT" + b"\0" * 8 + END,
    "bad-version": head(99) + END,
    "truncated": head() + text("proc/iomem", "00000000-0000ffff : System RAM\n")[:-5],
    "no-end": head() + text("proc/iomem", "x"),
    "dotdot": head() + text("../escape", "owned"),
    "dotdot-mid": head() + text("proc/../../escape", "owned"),
    "absolute": head() + text("/tmp/escape", "owned"),
    "bad-char": head() + text("proc/io mem", "x"),
    "link-elsewhere": head() + link("proc/1/maps", "/etc/passwd"),
    "below-link": head() + link("proc/1/exe", "/") + text("proc/1/exe/escape", "owned"),
    "below-fd-link": head() + link("proc/1/fd/3", "/") + text("proc/1/fd/3/escape", "x"),
    "run-past-end": head() + array("proc/kpageflags", 16, [(8, 10, 1, 0)]) + END,
    "run-overlap": head() + array("proc/kpageflags", 16, [(4, 0, 1, 0), (4, 2, 1, 0)]) + END,
    "bomb": head() + array("proc/kpageflags", 1 << 40, [(1 << 32, 0, 1, 1)]) + END,
    "huge-array": head() + array("proc/kpageflags", 1 << 60, []) + END,
    "huge-text": head() + rec("T", "proc/iomem", struct.pack("<Q", 1 << 40)) + END,
    "unknown-record": head() + rec("Z", "proc/iomem", b"") + END,
    "empty-name": head() + rec("T", "", struct.pack("<Q", 0)) + END,
}

if __name__ == "__main__":
    out, case = sys.argv[1], sys.argv[2]
    if case == "list":
        print("\n".join(CASES))
        sys.exit(0)
    with open(out, "wb") as f:
        f.write(CASES[case])
