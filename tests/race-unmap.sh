# A mapping unmapped while pfnclass scans it is reported partial, deterministically:
# pfnclass is held inside a 1 GiB region (its output pipe is full and unread) while the
# helper unmaps the region's upper half on SIGUSR1; without the signal the same scan is
# complete. Both as JSON and as a table with its "Partial:" line.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
require_root
# The helper is instrumented too under the sanitizers: its address space then starts
# with terabytes of shadow mappings, and where the scan blocks is no longer known.
[ -z "${ASAN_OPTIONS:-}" ] || skip "the held-scan timing does not hold under AddressSanitizer"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "$PY missing"
[ -x "$HELPERS/mutator" ] || { echo "ERROR: $HELPERS/mutator not built" >&2; exit 99; }
export T_DIR
for mode in json table; do
	"$PY" "$TOP_SRCDIR/tests/race-check.py" unmap "$mode" || fail "unmap during a $mode scan"
done
exit 0
