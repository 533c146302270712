# Without a usable QMP monitor (the test holds it, as libvirt would), pfnclass says the
# monitor is taken and infers the map from the dc-flagged RAM blocks; the inferred
# pc.ram HVA must equal QEMU's gpa2hva.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start inf -m 256
qemu_settle 1
"$PY" - "$PFNCLASS" "$QEMU_PID" "$QEMU_SOCK" <<'PYEOF' || fail "inferred map check"
import subprocess, sys
sys.path.insert(0, __import__("os").environ["TOP_SRCDIR"] + "/tests")
import importlib.util
spec = importlib.util.spec_from_file_location("qc", sys.path[0] + "/qemu-check.py")
qc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qc)
pfnclass, pid, sock = sys.argv[1], sys.argv[2], sys.argv[3]
q = qc.Qmp(sock)  # held: pfnclass finds the monitor taken
p = subprocess.run([pfnclass, "--vm", pid, "--print-map"], capture_output=True, text=True,
                   timeout=60)
if p.returncode != 0:
    qc.fail("pfnclass exited %d: %s" % (p.returncode, p.stderr))
if "taken by another client" not in p.stderr:
    qc.fail("no 'monitor taken' message: %r" % p.stderr)
exact, regions = qc.parse_map(p.stdout)
if exact or "layout:qemu" not in p.stdout:
    qc.fail("map not inferred by the qemu rule: %s" % p.stdout)
ram = [r for r in regions if r["name"] == "pc.ram"]
if len(ram) != 1 or ram[0]["gpa"] != 0 or ram[0]["size"] != 256 << 20:
    qc.fail("inferred pc.ram wrong: %s" % regions)
for off in (0, 0x100000, (256 << 20) - 4096):
    want = int(q.hmp("gpa2hva 0x%x" % off).rsplit(" is ", 1)[1], 16)
    if ram[0]["hva"] + off != want:
        qc.fail("GPA 0x%x: inferred HVA 0x%x, QEMU 0x%x" % (off, ram[0]["hva"] + off, want))
print("ok: inferred pc.ram at HVA 0x%x" % ram[0]["hva"])
PYEOF
exit 0
