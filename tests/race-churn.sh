# Processes that churn their address space (map/unmap, MADV_DONTNEED, MADV_PAGEOUT,
# mremap, THP split by mprotect, fork+exit children) and exit at a random point, scanned
# back to back with -J, -r and --summary=only: never a crash, exit 0/4/5 only, exit 5
# labelled partial, JSON that parses, ranges that add up to the summary's totals.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
require_root
PY=/usr/bin/python3
[ -x "$PY" ] || skip "$PY missing"
[ -x "$HELPERS/mutator" ] || { echo "ERROR: $HELPERS/mutator not built" >&2; exit 99; }
export T_DIR
"$PY" "$TOP_SRCDIR/tests/race-check.py" churn "${RACE_SECONDS:-5}" || fail "churn scans"
exit 0
