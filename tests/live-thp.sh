# A written MADV_HUGEPAGE region is backed by transparent huge pages: class ram,
# detail thp, WIMGE --M--, PFNs as pagemap shows them (512 consecutive per huge page).
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

THP=/sys/kernel/mm/transparent_hugepage
[ -r "$THP/enabled" ] || skip "no transparent huge page support"
! grep -q '\[never\]' "$THP/enabled" || skip "THP is disabled ($THP/enabled is never)"

live_memhog -t 4M
live_region thp
live_scan --smp
anonhuge=$(awk -v s="$(printf %x $((R_START)))" '
	$1 ~ /^[0-9a-f]+-/ { split($1, a, "-"); on = (a[1] == s) }
	on && $1 == "AnonHugePages:" { print $2 }' "/proc/$MH_PID/smaps")
live_expect_all 3 ram
live_expect_detail thp
live_expect_all 4 --M--
live_expect_all 5 0x04
live_check_pfns
assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pmread")" "present pages (pmread)"
assert_eq 4096 "${anonhuge:-0}" "AnonHugePages (kB) of the region in smaps"
# Each 2 MiB block is one huge page: 512 consecutive, 512-aligned PFNs.
awk '
function hex(s,  i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
{ p = hex($2) }
NR % 512 == 1 { base = p; if (p % 512) exit 1 }
p != base + (NR - 1) % 512 { exit 1 }' "$T_DIR/pmread" ||
	fail "THP PFNs are not 512 consecutive, aligned frames per huge page"
exit 0
