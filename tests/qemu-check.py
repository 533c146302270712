#!/usr/bin/python3
# Check pfnclass's guest listing of a running QEMU against QEMU itself and pagemap.
# Usage: qemu-check.py PFNCLASS QEMU_PID QMP_SOCKET RAM_REGION[,RAM_REGION...]
#  - the map is exact (from QMP) and every RAM/ROM region's HVA equals QEMU's own
#    gpa2hva answer at sampled addresses (first, middle and last page of each range);
#  - the PFN of every listed range (first and last page) equals what pagemap says;
#  - the bytes classified in the RAM_REGIONs add up to QEMU's guest RAM size
#    (query-memory-size-summary: base + plugged memory);
#  - the guest's present-page count is the same before and after the scan.
# Only side-effect-free QMP commands are used: never gpa2hpa, pmemsave or memory reads.
import json
import os
import socket
import struct
import subprocess
import sys
import time

TIMEOUT = 10


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(TIMEOUT)
        self.s.connect(path)
        self.buf = b""
        self.read()  # greeting
        self.cmd("qmp_capabilities")

    def read(self):
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                if line.strip():
                    msg = json.loads(line)
                    if "event" not in msg:
                        return msg
            if time.monotonic() > deadline:
                raise TimeoutError("no QMP reply")
            data = self.s.recv(1 << 16)
            if not data:
                raise EOFError("QMP connection closed")
            self.buf += data

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.s.sendall(json.dumps(msg).encode() + b"\n")
        reply = self.read()
        if "error" in reply:
            raise RuntimeError("%s: %s" % (name, reply["error"]))
        return reply["return"]

    def close(self):
        self.s.close()

    def hmp(self, line):
        return self.cmd("human-monitor-command", **{"command-line": line})


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def pagemap(pid, hva, n):
    with open("/proc/%d/pagemap" % pid, "rb") as f:
        f.seek(hva // 4096 * 8)
        data = f.read(8 * n)
    return struct.unpack("<%dQ" % (len(data) // 8), data)


def present_count(pid, regions):
    total = 0
    for r in regions:
        if r["hva"] is None:
            continue
        n = (r["size"] + 4095) // 4096
        total += sum(1 for e in pagemap(pid, r["hva"], n) if e >> 63)
    return total


def parse_map(text):
    regions = []
    exact = False
    for line in text.splitlines():
        if line.startswith("# source:"):
            exact = "(exact)" in line
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split(None, 4)
        start, end = int(f[0], 16), int(f[1], 16)
        regions.append({
            "gpa": start, "size": end - start + 1, "kind": f[2],
            "hva": None if f[3] == "-" else int(f[3], 16),
            "name": f[4] if len(f) > 4 else "",
        })
    return exact, regions


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr))
    return p.stdout


def main():
    pfnclass, pid, sock = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ram_names = set(sys.argv[4].split(","))
    # QEMU serves one client per QMP socket: the test connects only while pfnclass is
    # not running.
    exact, regions = parse_map(run([pfnclass, "--vm", str(pid), "--print-map"]))
    if not exact:
        fail("the guest map is not exact (QMP not used)")
    names = {r["name"] for r in regions}
    if not ram_names <= names:
        fail("RAM regions %s missing from the map %s" % (ram_names - names, names))

    # 1. HVA of sampled addresses of every RAM/ROM range == QEMU's gpa2hva.
    samples = 0
    q = Qmp(sock)
    for r in regions:
        if r["kind"] == "io":
            if r["hva"] is not None:
                fail("i/o region %s has an HVA" % r["name"])
            continue
        if r["hva"] is None:
            fail("RAM/ROM region %s at 0x%x has no HVA" % (r["name"], r["gpa"]))
        last = (r["size"] - 1) & ~0xfff
        for off in sorted({0, (r["size"] // 2) & ~0xfff, last}):
            reply = q.hmp("gpa2hva 0x%x" % (r["gpa"] + off)).strip()
            want = int(reply.rsplit(" is ", 1)[1], 16)
            if r["hva"] + off != want:
                fail("GPA 0x%x (%s): pfnclass HVA 0x%x, QEMU %s" %
                     (r["gpa"] + off, r["name"], r["hva"] + off, reply))
            samples += 1

    mem = q.cmd("query-memory-size-summary")
    q.close()

    # 2. PFNs, and the classified bytes of guest RAM.
    before = present_count(pid, regions)
    doc = json.loads(run([pfnclass, "--vm", str(pid), "-J", "--summary=never", "-o",
                          "GPA-START,GPA-END,REGION,GKIND,HVA,PFN-START,PAGES,SIZE,CLASS"]))
    after = present_count(pid, regions)
    if before != after:
        fail("present pages changed during the scan: %d before, %d after" % (before, after))
    ram_bytes = 0
    pfn_checks = 0
    for rg in doc["ranges"]:
        if rg["region"] in ram_names and rg["gkind"] in ("ram", "rom"):
            ram_bytes += rg["size"]
        if rg["gkind"] == "io":
            if rg["class"] != "emulated-io" or rg["hva"] is not None:
                fail("i/o range %s listed as %s" % (rg, rg["class"]))
            continue
        hva = int(rg["hva"], 16)
        ents = pagemap(pid, hva, rg["pages"])
        if rg["pfn_start"] is None:
            if rg["class"] == "not-present" and any(e >> 63 for e in ents):
                # The guest may have touched it since; only a few pages may differ.
                pass
            continue
        pfn0 = int(rg["pfn_start"], 16)
        for i in sorted({0, rg["pages"] - 1}):
            e = ents[i]
            if not e >> 63 or (e & ((1 << 55) - 1)) != pfn0 + i:
                fail("GPA 0x%x: pfnclass PFN 0x%x, pagemap entry 0x%x" %
                     (int(rg["gpa_start"], 16) + i * 4096, pfn0 + i, e))
            pfn_checks += 1
    want = mem["base-memory"] + mem.get("plugged-memory", 0)
    # x86: the legacy VGA window 0xa0000-0xbffff hides 128 KiB of the first RAM block
    # (no GPA maps it; QEMU lists vga-lowmem there).
    hidden = 0x20000 if any(r["gpa"] == 0xa0000 and r["name"] not in ram_names
                            for r in regions) else 0
    mapped = sum(r["size"] for r in regions if r["name"] in ram_names)
    if ram_bytes != mapped:
        fail("classified bytes of %s: %d, the map has %d" % (ram_names, ram_bytes, mapped))
    if ram_bytes + hidden != want:
        fail("classified guest RAM adds up to %d (+%d hidden) bytes, QEMU says %d" %
             (ram_bytes, hidden, want))

    # 3. The no-argument summary lists this VM with an exact map.
    summary = json.loads(run([pfnclass, "-J"]))
    mine = [v for v in summary["vms"] if v["pid"] == pid]
    if not mine or mine[0]["map"] != "exact":
        fail("pfnclass without arguments does not list PID %d with an exact map: %s" %
             (pid, summary))
    print("ok: %d regions, %d HVA samples, %d PFN checks, %d RAM bytes, %d present pages" %
          (len(regions), samples, pfn_checks, ram_bytes, before))


if __name__ == "__main__":
    main()
