# A QEMU guest killed (SIGKILL) while pfnclass --vm lists it: pfnclass is held inside
# the scan by its full output pipe when the kill comes, then ends with exit 4 or 5 and a
# clear message, and a JSON document that parses when it is 5. The guest's RAM is
# preallocated without THP (prctl PR_SET_THP_DISABLE before exec) so that it is listed
# as many ranges: enough output to fill the pipe.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 missing"
cat >"$T_DIR/qemu-nothp" <<'PYEOF' || exit 99
#!/usr/bin/python3
import ctypes, os, sys
ctypes.CDLL(None, use_errno=True).prctl(41, 1, 0, 0, 0)  # PR_SET_THP_DISABLE
os.execvp("qemu-system-x86_64", ["qemu-system-x86_64"] + sys.argv[1:])
PYEOF
chmod +x "$T_DIR/qemu-nothp" || exit 99
command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "qemu-system-x86_64 not installed"
QEMU=$T_DIR/qemu-nothp
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start racevm -m 256 -mem-prealloc
qemu_settle 1
export T_DIR
"$PY" "$TOP_SRCDIR/tests/race-check.py" vmkill "$QEMU_PID" || fail "QEMU killed during --vm"
exit 0
