# q35 with -m 4G: pc.ram is split at 2 GiB, its second half mapped above 4 GiB. Mostly
# untouched anonymous memory, so the guest stays small on the host.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start q35 -machine q35 -m 4G
qemu_settle 3
qemu_check pc.ram
"$PFNCLASS" --vm "$QEMU_PID" --print-map >"$T_DIR/map" || fail "--print-map exited $?"
grep -Eq '^0x0000000100000000 0x000000017fffffff ram +0x[0-9a-f]+ +pc.ram$' "$T_DIR/map" ||
	fail "no pc.ram above 4 GiB: $(cat "$T_DIR/map")"
exit 0
