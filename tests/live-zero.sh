# Private anonymous pages that were only read map the shared 4 KiB zero page:
# PG_reserved on x86, so class reserved, detail zero, WIMGE -I-G- (MAS2 0x0a)
# under the default e500-seed policy, every page on the same PFN. If the kernel
# hands out the huge zero page for read-only MADV_HUGEPAGE memory, those pages
# are class ram with detail huge-zero.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

THP=/sys/kernel/mm/transparent_hugepage
hugezero=0
if [ -r "$THP/enabled" ] && ! grep -q '\[never\]' "$THP/enabled" &&
	[ "$(cat "$THP/use_zero_page" 2>/dev/null)" = 1 ]; then
	hugezero=2M
fi

live_memhog -z 512K -Z "$hugezero"
live_region zero
live_scan
live_expect_all 3 reserved
live_expect_all 4 -I-G-
live_expect_all 5 0x0a
live_expect_detail zero
live_check_pfns
assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pmread")" "present pages (pmread)"
assert_eq 1 "$(cut -d' ' -f2 "$T_DIR/pmread" | sort -u | wc -l)" "distinct zero PFNs"

if [ "$hugezero" = 0 ]; then
	echo "huge zero page: THP disabled or use_zero_page off, not checked"
	exit 0
fi
live_region hugezero
"$HELPERS/pmread" "$MH_PID" "$R_START" "$R_END" >"$T_DIR/pmread"
if [ "$(wc -l <"$T_DIR/pmread")" = 0 ]; then
	echo "huge zero page: the kernel mapped nothing on read, not checked"
	exit 0
fi
live_scan
live_check_pfns
assert_eq "$R_PAGES" "$(wc -l <"$T_DIR/pmread")" "present pages in the huge zero region"
live_expect_all 3 ram
live_expect_detail huge-zero
live_expect_all 4 --M--
# 512 consecutive PFNs of one huge page, 2 MiB aligned.
first=$(head -1 "$T_DIR/pmread" | cut -d' ' -f2)
last=$(tail -1 "$T_DIR/pmread" | cut -d' ' -f2)
assert_eq 511 $((last - first)) "huge zero page PFN span"
assert_eq 0 $((first % 512)) "huge zero page alignment"
exit 0
