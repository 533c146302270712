# Validate every kind of JSON document pfnclass writes against its schema in data/
# (draft 2020-12; every object closed with additionalProperties false, so a key the code
# writes but the schema does not describe fails here):
#   pfnclass.schema.json       range document: fixture trees and option combinations
#                              (default, --output-all, --summary=*, every policy, --compare,
#                              nulls), the shipped QEMU guest capture (--vm, -p on the VMM),
#                              a process capture, and the live system / --host when root
#   pfnclass-vms.schema.json   all-VMs summary: the shipped capture, a VM without a map
#   pfnclass-diff.schema.json  pfnclass diff -J: VM captures (changes, none) and process
#                              captures
. "$TOP_SRCDIR/tests/lib.sh"

PY=/usr/bin/python3
DATA=$TOP_SRCDIR/data
VALIDATE=$TOP_SRCDIR/tests/validate-json.py
FIX=$TOP_SRCDIR/tests/fixtures
SHIPPED=$DATA/qemu-guest.pfncap

[ -x "$PY" ] || skip "$PY missing"
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3 jsonschema module missing"
[ -x "$HELPERS/mkfixture" ] || { echo "ERROR: mkfixture not built" >&2; exit 99; }
[ -r "$SHIPPED" ] || { echo "ERROR: $SHIPPED missing" >&2; exit 99; }

n=0
docs=""      # range documents
vm_docs=""   # all-VMs summaries
diff_docs="" # pfnclass diff -J

# runx KIND STATUS NAME ARGS...: one -J document of KIND (range, vms, diff) from
# "pfnclass ARGS -J", which must exit with STATUS.
runx() {
	kind=$1 want=$2 name=$3
	shift 3
	n=$((n + 1))
	out=$T_DIR/$n-$name.json
	"$PFNCLASS" "$@" -J >"$out" 2>"$T_DIR/err"
	rc=$?
	[ "$rc" = "$want" ] || fail "$name: pfnclass $* -J exited $rc, not $want: $(cat "$T_DIR/err")"
	case $kind in
	range) docs="$docs $out" ;;
	vms) vm_docs="$vm_docs $out" ;;
	diff) diff_docs="$diff_docs $out" ;;
	esac
}

# run NAME TREE ARGS...: a range document of PID 4242 in fixture TREE, must exit 0
run() {
	name=$1 tree=$2
	shift 2
	runx range 0 "$name" --sysroot "$T_DIR/$tree" -p 4242 "$@"
}

for t in policy-e500-seed pfnmap-device kpf-eof huge-zero hugetlb zero-page swapped \
	compare predicates kvm-modules; do
	"$HELPERS/mkfixture" "$FIX/$t.spec" "$T_DIR/$t" || exit 99
done
# A tree without comm and osrelease: "comm" and "kernel_release" are null.
cat >"$T_DIR/nulls.spec" <<EOT
include $FIX/three.inc
omit proc/4242/comm
omit proc/sys/kernel/osrelease
EOT
"$HELPERS/mkfixture" "$T_DIR/nulls.spec" "$T_DIR/nulls" || exit 99

# --- range documents from fixture trees ---
run all-columns policy-e500-seed --output-all
run default policy-e500-seed
run summary-only policy-e500-seed --summary=only
run summary-never policy-e500-seed --summary=never --output-all
run summary-always policy-e500-seed --summary=always -b
for p in $("$PFNCLASS" --list-policies | sed -n 's/^\([a-z0-9.-][a-z0-9.-]*\) .*/\1/p'); do
	run "policy-$p" policy-e500-seed --output-all --policy "$p" --guest-mas2=0x7f
done
for t in pfnmap-device kpf-eof huge-zero hugetlb zero-page swapped predicates kvm-modules; do
	run "$t" "$t" --output-all
done
run nulls nulls --output-all --no-smp
run address policy-e500-seed --output-all -a 0x7f0000001000+0x2000
# --compare adds the "compare" object; differences give exit status 6.
runx range 6 compare --sysroot "$T_DIR/compare" -p 4242 --compare e500-seed,e500-3.12 \
	--output-all
runx range 0 compare-same --sysroot "$T_DIR/compare" -p 4242 --compare e500-3.12,e500-3.13

# --- the shipped capture of a real QEMU guest ---
runx vms 0 shipped-vms --input "$SHIPPED"
runx vms 0 shipped-vms-policy --input "$SHIPPED" --policy e500-pte --guest-mas2=0x63 --no-smp
runx range 0 shipped-vm --input "$SHIPPED" --vm demo-guest
runx range 0 shipped-vm-all --input "$SHIPPED" --vm demo-guest --output-all
runx range 0 shipped-vm-summary --input "$SHIPPED" --vm demo-guest --summary=only
runx range 0 shipped-vm-gpa --input "$SHIPPED" --vm demo-guest --output-all -a 0x0+2M
runx range 6 shipped-vm-compare --input "$SHIPPED" --vm demo-guest --compare e500-seed,e500-pte
vmm=$("$PFNCLASS" --input "$SHIPPED" -r -n 2>/dev/null | awk 'NR == 1 { print $1 }')
[ -n "$vmm" ] || fail "no VM row in the shipped capture's summary"
runx range 0 shipped-vmm-pid --input "$SHIPPED" -p "$vmm" --summary=never -o +GPA-START,HVA

# --- captures taken here: a VM with and without a map, a process; diffs ---
d=$TOP_SRCDIR/tests/diff
for side in before after; do
	"$HELPERS/mkfixture" "$d/$side.spec" "$T_DIR/$side" || exit 99
	"$PFNCLASS" capture --sysroot "$T_DIR/$side" --vm 4242 --map "$d/guest.map" \
		-o "$T_DIR/$side.cap" 2>"$T_DIR/err" || fail "capture $side: $(cat "$T_DIR/err")"
done
"$PFNCLASS" capture --sysroot "$T_DIR/before" --vm 4242 -o "$T_DIR/nomap.cap" \
	2>"$T_DIR/err" || fail "capture without a map: $(cat "$T_DIR/err")"
for t in policy-e500-seed swapped; do
	"$PFNCLASS" capture --sysroot "$T_DIR/$t" -p 4242 -o "$T_DIR/$t.cap" 2>"$T_DIR/err" ||
		fail "capture of $t: $(cat "$T_DIR/err")"
done
runx vms 0 captured-vms --input "$T_DIR/after.cap"
runx vms 0 nomap-vms --input "$T_DIR/nomap.cap"
grep -q '"map":"none"' "$T_DIR/$n-nomap-vms.json" ||
	grep -q '"map": *"none"' "$T_DIR/$n-nomap-vms.json" || fail "a VM without a map: map not none"
runx range 0 captured-vm --input "$T_DIR/after.cap" --vm 4242 --output-all
runx range 0 captured-process --input "$T_DIR/policy-e500-seed.cap" --output-all
runx diff 6 diff-vm diff "$T_DIR/before.cap" "$T_DIR/after.cap"
runx diff 0 diff-same diff "$T_DIR/before.cap" "$T_DIR/before.cap"
runx diff 6 diff-policy diff --policy e500-pte --guest-mas2=0x63 "$T_DIR/after.cap" \
	"$T_DIR/before.cap"
runx diff 6 diff-process diff "$T_DIR/policy-e500-seed.cap" "$T_DIR/swapped.cap"

# Spot checks that the documents say what the options asked for.
grep -q '"comm":null' "$T_DIR"/*-nulls.json || fail "comm not null without proc/PID/comm"
grep -q '"kernel_release":null' "$T_DIR"/*-nulls.json || fail "kernel_release not null"
grep -q '"smp":false' "$T_DIR"/*-nulls.json || fail "--no-smp not reflected in host.smp"
! grep -q '"ranges": \[' "$T_DIR"/*-summary-only.json || fail "--summary=only printed ranges"
! grep -q '"summary"' "$T_DIR"/*-summary-never.json || fail "--summary=never printed a summary"
grep -q '"compare"' "$T_DIR"/*-compare.json || fail "--compare: no compare object"
grep -q '"class":"emulated-io"' "$T_DIR"/*-shipped-vm.json || fail "--vm: no emulated-io range"
grep -q '"differences": *0' "$T_DIR"/*-diff-same.json || fail "diff of a capture with itself"

# The live system, when we may read PFNs: "sysroot" is null there; --host has pid 0.
if [ "$(id -u)" = 0 ] && [ -r /proc/kpageflags ]; then
	n=$((n + 1))
	out=$T_DIR/$n-live.json
	if "$PFNCLASS" -J --output-all -p $$ >"$out" 2>"$T_DIR/err"; then
		grep -q '"sysroot":null' "$out" || fail "live run: sysroot not null"
		docs="$docs $out"
	else
		echo "note: live run skipped: $(cat "$T_DIR/err")" >&2
	fi
	n=$((n + 1))
	out=$T_DIR/$n-host.json
	if "$PFNCLASS" -J --host >"$out" 2>"$T_DIR/err"; then
		grep -q '"pid":0' "$out" || fail "--host: target pid not 0"
		docs="$docs $out"
	else
		echo "note: --host run skipped: $(cat "$T_DIR/err")" >&2
	fi
fi

# The documents must not validate against another kind's schema (the schemas are distinct).
set -- $vm_docs
"$PY" - "$DATA/pfnclass.schema.json" "$1" <<'PY' || fail "a VM summary validates as a range document"
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
sys.exit(1 if jsonschema.Draft202012Validator(s).is_valid(json.load(open(sys.argv[2]))) else 0)
PY

# shellcheck disable=SC2086
"$PY" "$VALIDATE" "$DATA/pfnclass.schema.json" $docs || fail "range documents: schema validation failed"
# shellcheck disable=SC2086
"$PY" "$VALIDATE" "$DATA/pfnclass-vms.schema.json" $vm_docs || fail "VM summaries: schema validation failed"
# shellcheck disable=SC2086
"$PY" "$VALIDATE" "$DATA/pfnclass-diff.schema.json" $diff_docs || fail "diff documents: schema validation failed"
echo "validated $n documents"
