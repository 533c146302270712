# Written pages of a memfd mapped MAP_SHARED (shmem): class ram, detail file,
# WIMGE --M--, and exactly the PFNs pagemap shows.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

live_memhog -m 1M
live_region memfd
live_scan --smp
live_expect_all 3 ram
live_expect_all 4 --M--
live_expect_all 5 0x04
live_expect_detail file
live_check_pfns
assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pmread")" "present pages (pmread)"
grep -q '/memfd:pfnclass-memhog' "/proc/$MH_PID/maps" || fail "memfd mapping not in maps"
exit 0
