# Written private anonymous pages: class ram, WIMGE --M-- (MAS2 0x04) under the
# default e500-seed policy on an SMP host, and exactly the PFNs pagemap shows.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

# e500-seed gives RAM the M bit on SMP hosts; without --smp/--no-smp pfnclass
# decides from the host's kernel version string, as this test does.
exp_wimge=----- exp_mas2=0x00
case " $(uname -v) " in
*" SMP "*) exp_wimge=--M-- exp_mas2=0x04 ;;
esac

live_memhog -a 1M
live_region anon
live_scan
live_expect_all 3 ram
live_expect_all 4 "$exp_wimge"
live_expect_all 5 "$exp_mas2"
live_check_pfns
live_scan --smp
live_expect_all 4 --M--
live_expect_all 5 0x04
live_scan --no-smp
live_expect_all 4 -----
live_expect_all 5 0x00
live_expect_detail anon
live_check_pfns
assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pmread")" "present pages (pmread)"
# Every written page is a page of its own.
assert_eq "$R_PAGES" "$(cut -d' ' -f2 "$T_DIR/pmread" | sort -u | wc -l)" "distinct PFNs"
exit 0
