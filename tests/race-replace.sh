# Guest RAM replaced (mmap MAP_FIXED over it) while pfnclass --vm scans it is reported
# partial; the helper poses as QEMU (a dc-flagged RAM block, "-m 1024"), so the map is
# inferred by the layout rule.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
require_root
PY=/usr/bin/python3
[ -x "$PY" ] || skip "$PY missing"
[ -x "$HELPERS/mutator" ] || { echo "ERROR: $HELPERS/mutator not built" >&2; exit 99; }
export T_DIR
"$PY" "$TOP_SRCDIR/tests/race-check.py" replace || fail "guest RAM replaced during --vm"
exit 0
