# Untouched anonymous memory is not present, and scanning must not fault it in:
# the present-page count (pmread) and the process's Rss stay the same.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

rss() {
	awk '$1 == "Rss:" { print $2 }' "/proc/$MH_PID/smaps_rollup"
}

live_memhog -u 8M
live_region untouched
before_present=$("$HELPERS/pmread" -c "$MH_PID" "$R_START" "$R_END")
before_rss=$(rss)
assert_eq 0 "$before_present" "present pages in the untouched region before the scan"

live_scan
live_expect_all 2 not-present
live_expect_all 3 not-present
# A whole-process scan, in every output format, must not touch anything either.
for fmt in "" -r -J -P --summary=only; do
	"$PFNCLASS" -p "$MH_PID" $fmt >/dev/null 2>"$T_DIR/err" ||
		fail "pfnclass -p $MH_PID $fmt: $(cat "$T_DIR/err")"
done

assert_eq 0 "$("$HELPERS/pmread" -c "$MH_PID" "$R_START" "$R_END")" \
	"present pages in the untouched region after the scan"
assert_eq "$before_rss" "$(rss)" "Rss (kB) of the process after the scan"
exit 0
