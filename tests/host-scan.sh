#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pfnclass --host: every kpageflags entry is classified exactly once. The summary's total
# equals the number of entries in /proc/kpageflags, the class rows add up to the total,
# and nothing is written on stderr (progress is only drawn on a terminal). No timing.
. "$TOP_SRCDIR/tests/lib.sh"
require_root
[ -r /proc/kpageflags ] || skip "no /proc/kpageflags"

entries=$(( $(dd if=/proc/kpageflags bs=512K 2>/dev/null | wc -c) / 8 ))
[ "$entries" -gt 0 ] || fail "/proc/kpageflags is empty"

"$PFNCLASS" --host -r -b >"$T_DIR/out" 2>"$T_DIR/err"
rc=$?
assert_eq 0 "$rc" "pfnclass --host exit status"
[ -s "$T_DIR/err" ] && fail "unexpected stderr: $(head -c 200 "$T_DIR/err")"

head -n 1 "$T_DIR/out" | grep -q '^CLASS PAGES ' || fail "no summary header: $(head -n 1 "$T_DIR/out")"
total=$(awk '$1 == "total" { print $2 }' "$T_DIR/out")
sum=$(awk 'NR > 1 && $1 != "total" && $1 != "unknown" { s += $2 } END { print s + 0 }' "$T_DIR/out")
unknown=$(awk '$1 == "unknown" && NF == 3 { print $2 }' "$T_DIR/out")
assert_eq "$entries" "$total" "summary total vs kpageflags entries"
assert_eq "$total" "$sum" "sum of the class rows vs total"
assert_eq "" "$unknown" "every PFN has a MAS2"
# Sizes in bytes are pages * 4096.
awk 'NR > 1 && $3 != $2 * 4096 { exit 1 }' "$T_DIR/out" || fail "SIZE is not PAGES * 4096"
# A host has RAM.
awk '$1 == "ram" && $2 > 0 { ok = 1 } END { exit !ok }' "$T_DIR/out" || fail "no ram row"

"$PFNCLASS" --host --pid 1 >/dev/null 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "--host with --pid should be refused"
exit 0
