# pfnclass diff on two captures of the same guest with known changes (tests/diff/*.spec):
# a page that became PG_reserved, two pages now backed by a PCI BAR, and a uniprocessor
# kernel (RAM loses M). No privileges needed.
. "$TOP_SRCDIR/tests/lib.sh"

d=$TOP_SRCDIR/tests/diff
for side in before after; do
	"$HELPERS/mkfixture" "$d/$side.spec" "$T_DIR/$side" || exit 99
	"$PFNCLASS" capture --sysroot "$T_DIR/$side" --vm 4242 --map "$d/guest.map" \
		-o "$T_DIR/$side.cap" 2>"$T_DIR/err" || fail "capture $side: $(cat "$T_DIR/err")"
done

"$PFNCLASS" diff "$T_DIR/before.cap" "$T_DIR/after.cap" >"$T_DIR/out"
rc=$?
[ $rc = 6 ] || fail "differences must give exit status 6, got $rc"
diff -u "$d/diff.expected" "$T_DIR/out" || fail "diff output"

# JSON: the same changes, machine-readable.
"$PFNCLASS" diff -J "$T_DIR/before.cap" "$T_DIR/after.cap" >"$T_DIR/json"
[ $? = 6 ] || fail "-J exit status"
/usr/bin/python3 - "$T_DIR/json" <<'PY' || fail "JSON diff"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["differences"] == 5, d["differences"]
t = d["targets"][0]
assert t["vm"] and t["before_pid"] == 4242
ch = {(c["start"], c["change"]): c for c in t["changes"]}
c = ch[("0x4000", "class,mas2")]
assert c["before"]["class"] == "ram" and c["after"]["class"] == "reserved"
assert c["after"]["wimge"] == "-I-G-" and c["after"]["mas2"] == 0x0a
c = ch[("0x5000", "class,mas2")]
assert c["after"]["class"] == "mmio" and c["pages"] == 2
assert t["before_pages"]["ram"] == 7 and t["after_pages"]["ram"] == 4
assert t["after_pages"]["mmio"] == 2 and t["after_pages"]["reserved"] == 1
PY

# A capture compared with itself: nothing differs, exit 0.
"$PFNCLASS" diff -r "$T_DIR/before.cap" "$T_DIR/before.cap" >"$T_DIR/same"
[ $? = 0 ] || fail "identical captures must give exit status 0"
[ ! -s "$T_DIR/same" ] || fail "identical captures printed: $(cat "$T_DIR/same")"

# The replayed VM keeps its exact map from the capture, keyed by GPA.
"$PFNCLASS" --input "$T_DIR/after.cap" --vm 4242 -r -o GPA-START,GPA-END,REGION,GKIND,CLASS \
	--summary=never >"$T_DIR/guest" || fail "replay of the VM capture"
grep -q '^0xa0000 0xbffff vga-lowmem io emulated-io$' "$T_DIR/guest" || fail "replay: $(cat "$T_DIR/guest")"

# Usage errors.
"$PFNCLASS" diff "$T_DIR/before.cap" 2>/dev/null
[ $? = 2 ] || fail "one capture: expected exit 2"
"$PFNCLASS" diff "$T_DIR/before.cap" "$T_DIR/nonexistent.cap" 2>/dev/null
[ $? = 2 ] || fail "missing capture: expected exit 2"
