# Default pc machine, 512 MiB anonymous RAM: exact map over QMP, HVAs equal QEMU's
# gpa2hva, PFNs equal pagemap, RAM bytes add up, present pages unchanged by the scan.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start pc -m 512 -name guest=pfn-pc
qemu_settle 3
qemu_check pc.ram
# Found by name, listed by GPA, i/o regions included with no host page.
"$PFNCLASS" --vm pfn-pc -r -n -o GPA-START,REGION,GKIND,CLASS,HVA >"$T_DIR/list" ||
	fail "pfnclass --vm pfn-pc exited $?"
grep -q '^0x0 pc.ram ram ' "$T_DIR/list" || fail "no pc.ram at GPA 0: $(head "$T_DIR/list")"
grep -q '^0xfec00000 ioapic io emulated-io *$' "$T_DIR/list" ||
	fail "ioapic not listed as emulated i/o: $(grep ioapic "$T_DIR/list")"
# -p on the VMM gives the same guest view; --process the plain process view.
"$PFNCLASS" -p "$QEMU_PID" -r -n -o GPA-START,REGION | grep -q '^0x0 pc.ram$' ||
	fail "-p on QEMU does not list the guest"
"$PFNCLASS" -p "$QEMU_PID" --process -r -n -o VSTART >/dev/null || fail "--process failed"

# KVM where it works: the guest holds anon_inode:kvm-vm and is listed with accel kvm.
if [ -w /dev/kvm ]; then
	TCG_PID=$QEMU_PID
	QEMU_ACCEL=kvm qemu_start kvm -m 256 -name guest=pfn-kvm
	qemu_settle 2
	QEMU_ACCEL=kvm
	qemu_check pc.ram
	"$PFNCLASS" -r -n | grep -Eq "^ *$QEMU_PID +qemu +pfn-kvm +kvm .* exact$" ||
		fail "KVM guest not listed with accel kvm: $("$PFNCLASS" -r)"
	"$PFNCLASS" -r -n | grep -Eq "^ *$TCG_PID +qemu +pfn-pc +tcg " ||
		fail "TCG guest not listed: $("$PFNCLASS" -r)"
else
	echo "no /dev/kvm: KVM case not run"
fi
exit 0
