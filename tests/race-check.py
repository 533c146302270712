#!/usr/bin/python3
# The race tests' driver: scan processes that change or exit while pfnclass reads them
# and check every result. Usage (environment as in make check):
#   race-check.py churn SECONDS     mutators churning and exiting at random points, scanned
#                                   back to back with -J, -r and --summary=only
#   race-check.py unmap MODE        deterministic: pfnclass is held inside a large region
#                                   (its output pipe is full) while the mutator unmaps half
#                                   of it; MODE json|table; also a control run, unchanged
#   race-check.py replace           the same with MAP_FIXED over a VM-like RAM block, --vm
#   race-check.py vmkill QEMU_PID   pfnclass --vm held the same way while QEMU is killed
# Rules for every run: no signal, exit 0/4/5 only (4: names the PID), 5 says "partial" on
# stderr and in the output, JSON parses whenever the exit is 0 or 5, and the pages of the
# ranges add up to the summary's totals, class by class.
import fcntl
import json
import os
import random
import signal
import struct
import subprocess
import sys
import termios
import time

PFNCLASS = os.environ["PFNCLASS"]
MUTATOR = os.path.join(os.environ["HELPERS"], "mutator")
SAFETY = 60  # seconds: a safety net only; nothing here waits on timing
COLS = "VSTART,VEND,PAGES,CLASS"
started = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def start_mutator(*args, exe=MUTATOR):
    p = subprocess.Popen([exe, "-s"] + list(args), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, text=True)
    started.append(p)
    regions = {}
    while True:
        line = p.stdout.readline()
        if not line:
            fail("mutator %s exited before it was ready" % " ".join(args))
        f = line.split()
        if f[0] == "ready":
            return p, regions, f[2]
        regions[f[0]] = (int(f[1], 16), int(f[2], 16))


def cleanup():
    for p in started:
        if p.poll() is None:
            p.kill()
        p.wait()


def sum_ranges(rows):
    per = {}
    for cls, pages in rows:
        per[cls] = per.get(cls, 0) + pages
    return per


def check_json(out, rc, what):
    try:
        doc = json.loads(out)
    except ValueError as e:
        fail("%s: exit %d but the JSON does not parse: %s" % (what, rc, e))
    if doc.get("partial") is not (rc == 5):
        fail("%s: exit %d with \"partial\": %r" % (what, rc, doc.get("partial")))
    s = doc["summary"]
    if "ranges" in doc:
        got = sum_ranges((r["class"], r["pages"]) for r in doc["ranges"])
        want = {c["class"]: c["pages"] for c in s["classes"] if c["pages"]}
        if got != want:
            fail("%s: ranges add up to %s, summary says %s" % (what, got, want))
        if len(doc["ranges"]) != s["ranges"]:
            fail("%s: %d ranges listed, summary says %d" % (what, len(doc["ranges"]),
                                                           s["ranges"]))
    if sum(c["pages"] for c in s["classes"]) != s["total_pages"]:
        fail("%s: classes do not add up to total_pages" % what)


def summary_rows(lines):
    """CLASS PAGES ... rows of a summary table (raw or aligned) -> {class: pages}."""
    per, total = {}, None
    for ln in lines:
        f = ln.split()
        if len(f) < 2 or f[0] == "CLASS" or not f[1].isdigit():
            continue
        if f[0] == "total":
            total = int(f[1])
        else:
            per[f[0]] = per.get(f[0], 0) + int(f[1])
    return per, total


def check_text(out, rc, what, raw):
    lines = out.splitlines()
    if raw:
        blank = lines.index("") if "" in lines else len(lines)
        rows = [ln.split() for ln in lines[1:blank]]
        got = sum_ranges((f[3], int(f[2])) for f in rows)
        per, total = summary_rows(lines[blank + 1:])
        if got != per:
            fail("%s: ranges add up to %s, summary says %s" % (what, got, per))
    else:
        partial = any(ln.startswith("Partial:") for ln in lines)
        if partial != (rc == 5):
            fail("%s: exit %d, 'Partial:' line %s" % (what, rc,
                                                     "present" if partial else "missing"))
        per, total = summary_rows(lines)
    if total is None or sum(per.values()) != total:
        fail("%s: summary classes %s do not add up to total %s" % (what, per, total))


MODES = {
    "json": ["-J", "-o", COLS],
    "raw": ["-r", "--summary=always", "-o", COLS],
    "summary": ["--summary=only"],
}


def check_run(args, rc, out, err, what, pid, allowed=(0, 4, 5)):
    if rc < 0:
        fail("%s: killed by signal %d: %s" % (what, -rc, err))
    if rc not in allowed:
        fail("%s: exit %d: %s" % (what, rc, err))
    if rc == 5 and "partial" not in err:
        fail("%s: exit 5 without 'partial' on stderr: %r" % (what, err))
    if rc == 4 and ("PID %s" % pid) not in err:
        fail("%s: exit 4 without naming PID %s: %r" % (what, pid, err))
    if rc == 0 and err.strip():
        fail("%s: exit 0 with messages: %r" % (what, err))
    if rc in (0, 5):
        if "-J" in args:
            check_json(out, rc, what)
        elif "--summary=only" in args or "-r" in args:
            check_text(out, rc, what, "-r" in args)


def run(args, pid, what, allowed=(0, 4, 5)):
    p = subprocess.run([PFNCLASS] + args, capture_output=True, text=True, timeout=SAFETY)
    check_run(args, p.returncode, p.stdout, p.stderr, what, pid, allowed)
    return p.returncode, p.stderr


def churn(seconds):
    stats, n = {}, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        p, _, seed = start_mutator("-c", "-x", str(random.randint(50, 1500)))
        pid = str(p.pid)
        while True:
            alive = p.poll() is None
            for mode, extra in MODES.items():
                rc, _ = run(["-p", pid] + extra, pid, "churn seed %s %s" % (seed, mode))
                stats[rc] = stats.get(rc, 0) + 1
                n += 1
            if not alive:
                break
        p.wait()
    # Under the sanitizers every scan is several times slower: the mix is not asserted.
    if os.environ.get("ASAN_OPTIONS"):
        pass
    elif not stats.get(0) or not (stats.get(4) or stats.get(5)):
        fail("churn did not see both complete and partial/vanished results: %s" % stats)
    print("churn: %d scans, exit statuses %s" % (n, sorted(stats.items())))


def pipe_full(fd):
    size = fcntl.fcntl(fd, 1032)  # F_GETPIPE_SZ
    buf = fcntl.ioctl(fd, termios.FIONREAD, struct.pack("i", 0))
    return struct.unpack("i", buf)[0] >= size


def held_scan(args, act):
    """Run pfnclass with its output pipe unread until the pipe is full (pfnclass is then
    blocked writing ranges, inside the scan), call ACT(), then read everything."""
    rfd, wfd = os.pipe()
    fcntl.fcntl(wfd, 1031, 4096)  # F_SETPIPE_SZ: the smallest pipe fills soonest
    p = subprocess.Popen([PFNCLASS] + args, stdout=wfd, stderr=subprocess.PIPE, text=True)
    os.close(wfd)
    p.stdout = os.fdopen(rfd, "r")
    started.append(p)
    deadline = time.monotonic() + SAFETY
    while not pipe_full(rfd):
        if p.poll() is not None:
            fail("pfnclass %s ended before its output filled the pipe (exit %d): %s" %
                 (" ".join(args), p.returncode, p.stderr.read()))
        if time.monotonic() > deadline:
            fail("pfnclass output never filled the pipe")
        time.sleep(0.01)
    act()
    out, err = p.communicate(timeout=SAFETY)
    return p.returncode, out, err


def unmap(mode):
    extra = MODES["json" if mode == "json" else "summary"]
    if mode == "table":
        extra = ["-o", COLS]  # a table with ranges, then the summary
    for signal_it in (False, True):
        p, reg, _ = start_mutator("-w", "1G")
        pid = str(p.pid)
        what = "%s scan%s" % (mode, " with an unmap" if signal_it else " (control)")
        msg = []

        def act():
            if signal_it:
                p.send_signal(signal.SIGUSR1)
                msg.append(p.stdout.readline().strip())

        rc, out, err = held_scan(["-p", pid] + extra, act)
        check_run(["-J"] if mode == "json" else ["--summary=only"], rc, out, err, what, pid,
                  (5,) if signal_it else (0,))
        if signal_it:
            lo = reg["wide"][0]
            if not msg or not msg[0].startswith("unmapped "):
                fail("%s: the mutator did not unmap: %r" % (what, msg))
            if "0x%x-" % lo not in err or "unmapped or replaced" not in err:
                fail("%s: the message does not name the scanned range at 0x%x: %r" %
                     (what, lo, err))
        p.terminate()
        p.wait()
        print("%s: exit %d%s" % (what, rc, (": " + err.strip()) if err.strip() else ""))


def replace():
    """--vm on a process posing as QEMU: MAP_FIXED over half its RAM block mid-scan."""
    # vmfind knows QEMU by its command name: run the mutator through a link named so.
    exe = os.path.join(os.environ["T_DIR"], "qemu-system-x86_64")
    if not os.path.exists(exe):
        os.symlink(MUTATOR, exe)
    for signal_it in (False, True):
        p, reg, _ = start_mutator("-q", "1G", "--", "-m", "1024", "-machine", "pc", exe=exe)
        pid = str(p.pid)
        what = "--vm scan%s" % (" with RAM replaced" if signal_it else " (control)")
        msg = []

        def act():
            if signal_it:
                p.send_signal(signal.SIGUSR2)
                msg.append(p.stdout.readline().strip())

        rc, out, err = held_scan(["--vm", pid, "-J"], act)
        if not signal_it and "inferred" in err:
            err = ""  # the expected note: no QMP socket, map inferred
        check_run(["--vm"], rc, out, err, what, pid, (5,) if signal_it else (0,))
        json.loads(out)
        if signal_it and "unmapped or replaced" not in err:
            fail("%s: no 'unmapped or replaced' in %r" % (what, err))
        p.terminate()
        p.wait()
        print("%s: exit %d" % (what, rc))


def vmkill(qemu_pid):
    def act():
        os.kill(int(qemu_pid), signal.SIGKILL)

    rc, out, err = held_scan(["--vm", qemu_pid, "-J"], act)
    check_run(["--vm"], rc, out, err, "--vm with QEMU killed", qemu_pid, (4, 5))
    if rc == 5:
        doc = json.loads(out)
        if doc.get("partial") is not True:
            fail("QEMU killed: exit 5 but \"partial\" is %r" % doc.get("partial"))
        if "exited during the scan" not in err:
            fail("QEMU killed: message does not say it exited: %r" % err)
    print("--vm with QEMU killed mid-scan: exit %d: %s" % (rc, err.strip()))


def main():
    random.seed()
    try:
        cmd = sys.argv[1]
        if cmd == "churn":
            churn(float(sys.argv[2]))
        elif cmd == "unmap":
            unmap(sys.argv[2])
        elif cmd == "replace":
            replace()
        elif cmd == "vmkill":
            vmkill(sys.argv[2])
        else:
            fail("unknown command " + cmd)
    finally:
        cleanup()


main()
