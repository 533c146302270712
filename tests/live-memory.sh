# pfnclass's peak RSS does not grow with the size of the target: with a target
# that has 8 GiB of written anonymous memory, --summary=only must stay under
# 16 MiB, and the default table and the JSON output under 64 MiB. memhog -f
# writes the memory interleaved with scratch pages, so that nearly every page is
# a PFN run (a range) of its own, as in a long-running guest: the worst case, and
# independent of how fragmented the host's free memory happens to be.
# No timing is asserted. Set LIVE_MEMORY_GIB to change the target size.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root
# AddressSanitizer's shadow memory and quarantine make peak RSS meaningless.
[ -z "${ASAN_OPTIONS:-}" ] || skip "peak RSS is not measured under AddressSanitizer"

gib=${LIVE_MEMORY_GIB:-8}
avail=$(awk '$1 == "MemAvailable:" { print int($2 / 1048576) }' /proc/meminfo)
[ "$avail" -ge $((gib + 2)) ] ||
	skip "needs $((gib + 2)) GiB of available memory for a ${gib} GiB target, $avail GiB free"

LIVE_TIMEOUT=600 live_memhog -f -a "${gib}G" -z 0 -t 0 -m 0 -u 0
live_region anon
assert_eq $((gib * 262144)) "$("$HELPERS/pmread" -c "$MH_PID" "$R_START" "$R_END")" \
	"present pages in the ${gib} GiB region"

failed=""
measure() { # LIMIT_KIB OUTPUT WHAT pfnclass-option...
	_limit=$1
	_out=$2
	_what=$3
	shift 3
	"$HELPERS/maxrss" "$T_DIR/rss" "$PFNCLASS" -p "$MH_PID" "$@" >"$_out" \
		2>"$T_DIR/err" || fail "pfnclass $* exited $?: $(cat "$T_DIR/err")"
	_kib=$(cat "$T_DIR/rss")
	echo "peak RSS of pfnclass $* ($_what, ${gib} GiB target): $_kib KiB (limit $_limit KiB)"
	[ "$_kib" -lt "$_limit" ] || failed="$failed $_what:${_kib}KiB"
}

measure 16384 "$T_DIR/summary" summary --summary=only
grep -q '^total' "$T_DIR/summary" || fail "--summary=only printed no total line"
pages=$(awk '$1 == "total" { print $2 }' "$T_DIR/summary")
[ "$pages" -ge $((gib * 262144)) ] || fail "summary total $pages pages < the ${gib} GiB region"
# How many ranges a full listing has (JSON is the cheapest way to count them).
measure 65536 "$T_DIR/out.json" json -J
echo "ranges: $(awk '/"summary":/ { sub(/.*"ranges":/, ""); print $0 + 0 }' "$T_DIR/out.json")"
rm -f "$T_DIR/out.json"
measure 65536 /dev/null table
[ -z "$failed" ] || fail "peak RSS over the limit:$failed"
exit 0
