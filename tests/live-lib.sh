# Shared helpers for the live tests (tests/live-*.sh). Source after tests/lib.sh.
# They start tests/helpers/memhog, read its regions, and turn pfnclass ranges
# into one line per page so that they can be compared with tests/helpers/pmread.

: "${HELPERS:?HELPERS not set: run through make check}"
: "${LIVE_TIMEOUT:=60}" # seconds to wait for memhog's "ready" line

for h in memhog pmread maxrss; do
	[ -x "$HELPERS/$h" ] || { echo "ERROR: $HELPERS/$h not built" >&2; exit 99; }
done

PG=4096

# True while PID exists and is not a zombie.
live_alive() {
	[ -r "/proc/$1/stat" ] || return 1
	case "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" in
	Z* | X* | '') return 1 ;;
	esac
	return 0
}

# live_memhog [OPTION...]: start memhog (tracked, stdin ignored) and wait until it
# prints "ready". Sets MH_PID and MH_OUT (its region list).
live_memhog() {
	MH_OUT="$T_DIR/memhog.out"
	: >"$MH_OUT" # exists before the background job opens it
	"$HELPERS/memhog" -s "$@" >"$MH_OUT" 2>"$T_DIR/memhog.err" </dev/null &
	MH_PID=$!
	t_track "$MH_PID"
	_n=0
	while ! grep -q '^ready ' "$MH_OUT"; do
		live_alive "$MH_PID" ||
			fail "memhog $* exited before it was ready: $(cat "$T_DIR/memhog.err")"
		_n=$((_n + 1))
		[ "$_n" -le $((LIVE_TIMEOUT * 10)) ] ||
			fail "memhog $* not ready after ${LIVE_TIMEOUT}s"
		sleep 0.1
	done
	assert_eq "ready $MH_PID" "$(grep '^ready ' "$MH_OUT")" "memhog ready line"
}

# live_region NAME: set R_START, R_END (exclusive) and R_PAGES for a memhog region.
live_region() {
	set -- $(awk -v n="$1" '$1 == n { print $2, $3 }' "$MH_OUT")
	[ $# = 2 ] || fail "memhog printed no region '$1'"
	R_START=$1
	R_END=$2
	R_PAGES=$(((R_END - R_START) / PG))
}

# live_scan [PFNCLASS OPTION...]: scan memhog's region R_START..R_END with pfnclass
# and write one line per page to $T_DIR/pages:
#   VADDR PFN CLASS WIMGE MAS2 DETAIL       (PFN is the class name when not present)
# Fails unless pfnclass exits 0 and its ranges cover exactly the region.
live_scan() {
	"$PFNCLASS" -p "$MH_PID" -a "$R_START+$((R_END - R_START))" -r -n \
		-o VSTART,VEND,PAGES,PFN-START,CLASS,WIMGE,MAS2,DETAIL "$@" \
		>"$T_DIR/scan.raw" 2>"$T_DIR/scan.err" ||
		fail "pfnclass -p $MH_PID exited $?: $(cat "$T_DIR/scan.err")"
	_next=$((R_START))
	: >"$T_DIR/pages"
	while read -r _vs _ve _pages _pfn _class _wimge _mas2 _detail; do
		[ $((_vs)) = "$_next" ] ||
			fail "range at $_vs does not follow $(printf 0x%x "$_next")"
		[ $((_ve - _vs + 1)) = $((_pages * PG)) ] || fail "range $_vs-$_ve has PAGES=$_pages"
		_i=0
		while [ "$_i" -lt "$_pages" ]; do
			case "$_pfn" in
			0x*) _p=$(printf 0x%x $((_pfn + _i))) ;;
			*) _p=$_pfn ;;
			esac
			printf '0x%x %s %s %s %s %s\n' $((_vs + _i * PG)) "$_p" "$_class" \
				"$_wimge" "$_mas2" "$_detail"
			_i=$((_i + 1))
		done
		_next=$((_ve + 1))
	done <"$T_DIR/scan.raw" >>"$T_DIR/pages"
	[ "$_next" = $((R_END)) ] ||
		fail "pfnclass ranges end at $(printf 0x%x "$_next"), region ends at $R_END"
	assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pages")" "pages listed by pfnclass"
}

# live_check_pfns: pmread's present pages must equal pfnclass's, page by page.
live_check_pfns() {
	"$HELPERS/pmread" "$MH_PID" "$R_START" "$R_END" >"$T_DIR/pmread" ||
		fail "pmread $MH_PID $R_START $R_END failed"
	awk '$2 ~ /^0x/ { print $1, $2 }' "$T_DIR/pages" >"$T_DIR/pfnclass.pfns"
	diff -u "$T_DIR/pmread" "$T_DIR/pfnclass.pfns" >"$T_DIR/pfn.diff" || {
		head -20 "$T_DIR/pfn.diff" >&2
		fail "PFNs differ between pmread and pfnclass"
	}
}

# live_expect_all FIELD VALUE: every page line has VALUE in column FIELD
# (2 PFN, 3 CLASS, 4 WIMGE, 5 MAS2, 6 DETAIL).
live_expect_all() {
	_bad=$(awk -v f="$1" -v v="$2" '$f != v' "$T_DIR/pages" | head -3)
	[ -z "$_bad" ] || fail "expected column $1 = '$2' on every page, got: $_bad"
}

# live_expect_detail WORD: every page's DETAIL list (comma separated) holds WORD.
live_expect_detail() {
	_bad=$(awk -v w="$1" '{ n = split($6, d, ","); ok = 0
		for (i = 1; i <= n; i++) if (d[i] == w) ok = 1 } !ok' "$T_DIR/pages" | head -3)
	[ -z "$_bad" ] || fail "expected DETAIL '$1' on every page, got: $_bad"
}
