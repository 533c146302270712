# Validate pfnclass -J output against data/pfnclass.schema.json (draft 2020-12) for
# fixture trees and option combinations: default, --output-all, --summary=only/never,
# every policy, missing comm/osrelease (nulls), and the live system when run as root.
. "$TOP_SRCDIR/tests/lib.sh"

PY=/usr/bin/python3
SCHEMA=$TOP_SRCDIR/data/pfnclass.schema.json
VALIDATE=$TOP_SRCDIR/tests/validate-json.py
FIX=$TOP_SRCDIR/tests/fixtures

[ -x "$PY" ] || skip "$PY missing"
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3 jsonschema module missing"
[ -x "$HELPERS/mkfixture" ] || { echo "ERROR: mkfixture not built" >&2; exit 99; }

n=0
docs=""
# run NAME TREE ARGS...: one -J document, must exit 0
run() {
	name=$1 tree=$2
	shift 2
	n=$((n + 1))
	out=$T_DIR/$n-$name.json
	"$PFNCLASS" --sysroot "$T_DIR/$tree" -p 4242 -J "$@" >"$out" 2>"$T_DIR/err" ||
		fail "$name: pfnclass $* exited $?: $(cat "$T_DIR/err")"
	docs="$docs $out"
}

for t in policy-e500-seed pfnmap-device kpf-eof huge-zero hugetlb zero-page swapped; do
	"$HELPERS/mkfixture" "$FIX/$t.spec" "$T_DIR/$t" || exit 99
done
# A tree without comm and osrelease: "comm" and "kernel_release" are null.
cat >"$T_DIR/nulls.spec" <<EOT
include $FIX/three.inc
omit proc/4242/comm
omit proc/sys/kernel/osrelease
EOT
"$HELPERS/mkfixture" "$T_DIR/nulls.spec" "$T_DIR/nulls" || exit 99

run all-columns policy-e500-seed --output-all
run default policy-e500-seed
run summary-only policy-e500-seed --summary=only
run summary-never policy-e500-seed --summary=never --output-all
run summary-always policy-e500-seed --summary=always -b
for p in $("$PFNCLASS" --list-policies | sed -n 's/^\([a-z0-9.-][a-z0-9.-]*\) .*/\1/p'); do
	run "policy-$p" policy-e500-seed --output-all --policy "$p" --guest-mas2=0x7f
done
for t in pfnmap-device kpf-eof huge-zero hugetlb zero-page swapped; do
	run "$t" "$t" --output-all
done
run nulls nulls --output-all --no-smp
run address policy-e500-seed --output-all -a 0x7f0000001000+0x2000

# Spot checks that the document says what the options asked for.
grep -q '"comm":null' "$T_DIR"/*-nulls.json || fail "comm not null without proc/PID/comm"
grep -q '"kernel_release":null' "$T_DIR"/*-nulls.json || fail "kernel_release not null"
grep -q '"smp":false' "$T_DIR"/*-nulls.json || fail "--no-smp not reflected in host.smp"
! grep -q '"ranges": \[' "$T_DIR"/*-summary-only.json || fail "--summary=only printed ranges"
! grep -q '"summary"' "$T_DIR"/*-summary-never.json || fail "--summary=never printed a summary"

# The live system, when we may read PFNs: "sysroot" is null there.
if [ "$(id -u)" = 0 ] && [ -r /proc/kpageflags ]; then
	n=$((n + 1))
	out=$T_DIR/$n-live.json
	if "$PFNCLASS" -J --output-all -p $$ >"$out" 2>"$T_DIR/err"; then
		grep -q '"sysroot":null' "$out" || fail "live run: sysroot not null"
		docs="$docs $out"
	else
		echo "note: live run skipped: $(cat "$T_DIR/err")" >&2
	fi
fi

# shellcheck disable=SC2086
"$PY" "$VALIDATE" "$SCHEMA" $docs
rc=$?
[ "$rc" = 0 ] || fail "schema validation failed (status $rc)"
echo "validated $n documents"
