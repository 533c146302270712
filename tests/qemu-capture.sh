# Capture round trip on a real QEMU guest: `pfnclass capture` of a running guest, then
# `pfnclass --input` as an unprivileged user must give the per-GPA listing and the VM
# summary that the live system gives at the same moment; the guest's present-page count is
# unchanged by capturing.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start cap -m 256 -name guest=pfn-cap -object memory-backend-memfd,id=m0,size=256M,share=on \
	-machine memory-backend=m0
qemu_settle 3
# SeaBIOS has halted: from here on the guest's memory does not change.
cols=GPA-START,GPA-END,REGION,GKIND,HVA,PFN-START,PFN-END,PAGES,CLASS,REASON,DETAIL,RESOURCE,WIMGE,MAS2,E500-3.12,E500-PTE,RSVD-5.6,X86-EPT
present() { "$PFNCLASS" --vm pfn-cap --summary=only -J | "$PY" -c \
	'import json,sys; d=json.load(sys.stdin); print(d["summary"]["total_pages"] - sum(c["pages"] for c in d["summary"]["classes"] if c["class"] in ("not-present","emulated-io")))'; }
before=$(present)

"$PFNCLASS" --vm pfn-cap -r -o "$cols" --summary=always >"$T_DIR/live" || fail "live scan"
"$PFNCLASS" capture --vm pfn-cap -o "$T_DIR/guest.cap" 2>"$T_DIR/err" || fail "capture: $(cat "$T_DIR/err")"
"$PFNCLASS" --vm pfn-cap -r -o "$cols" --summary=always >"$T_DIR/live2" || fail "live scan"
after=$(present)
assert_eq "$before" "$after" "present guest pages before and after the capture"
cmp -s "$T_DIR/live" "$T_DIR/live2" || fail "the guest changed during the test"

chmod 755 "$T_DIR" && chmod 644 "$T_DIR/guest.cap"
mkdir -p "$T_DIR/tmp" && chown 65534:65534 "$T_DIR/tmp"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		env TMPDIR="$T_DIR/tmp" "$PFNCLASS" "$@"
}
as_nobody --input "$T_DIR/guest.cap" --vm pfn-cap -r -o "$cols" --summary=always \
	>"$T_DIR/replay" 2>"$T_DIR/err" || fail "replay as nobody: $(cat "$T_DIR/err")"
# Only the summary's "Kernel:" line says "(sysroot)" and the guest line names its source.
sed -e 's/ (sysroot)$//' -e 's/(capture:qmp)/(qmp)/' "$T_DIR/replay" >"$T_DIR/replay.n"
diff -u "$T_DIR/live" "$T_DIR/replay.n" || fail "replayed listing differs from the live one"

# The all-VM summary: the same row for this guest.
"$PFNCLASS" -r | grep " pfn-cap " >"$T_DIR/sum-live"
as_nobody --input "$T_DIR/guest.cap" -r | grep " pfn-cap " >"$T_DIR/sum-replay"
diff -u "$T_DIR/sum-live" "$T_DIR/sum-replay" || fail "summary row differs"
grep -q ' exact$' "$T_DIR/sum-replay" || fail "the replayed map is not exact"

# QMP answers are kept in the capture next to the map.
mkdir -p "$T_DIR/x"
"$PY" - "$T_DIR/guest.cap" <<'PY' || fail "capture contents"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"PFNCAP01"
names, off = [], 16
while True:
    t = data[off:off + 1]; n = struct.unpack("<H", data[off + 1:off + 3])[0]
    name = data[off + 3:off + 3 + n].decode(); off += 3 + n
    if t == b"E": break
    names.append(name)
    if t in (b"T", b"L"):
        ln = struct.unpack("<Q", data[off:off + 8])[0]; off += 8 + ln
    else:
        off += 8
        while True:
            c = struct.unpack("<Q", data[off:off + 8])[0]; off += 8
            if c == 0: break
            off += 24
assert any(x.endswith("/info-mtree-f.txt") for x in names), names
assert any(x.startswith("pfnclass/vm/") and x.endswith(".map") for x in names), names
assert "proc/kpageflags" in names and "proc/iomem" in names, names
PY
