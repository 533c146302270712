# Run one fixture test: tests/run-fixture.sh tests/fixtures/NAME.spec
#
# Builds a sysroot tree from the spec with $HELPERS/mkfixture, runs $PFNCLASS with the
# spec's "# args:" line (@ROOT@ = the tree), and checks:
#   - stdout against NAME.expected (diff -u; @ROOT@ and @VERSION@ are substituted),
#     or that stdout is empty when there is no NAME.expected;
#   - the exit status against "# exit: N" (default 0);
#   - each "# stderr: TEXT" line is a substring of stderr (@ROOT@ substituted); without
#     any, stderr must be empty.
# See tests/fixtures/README.md for the spec format.

spec=${1:?usage: run-fixture.sh NAME.spec}
. "$TOP_SRCDIR/tests/lib.sh"

[ -f "$spec" ] || { echo "ERROR: no spec $spec" >&2; exit 99; }
[ -x "$HELPERS/mkfixture" ] || { echo "ERROR: $HELPERS/mkfixture not built" >&2; exit 99; }

root=$T_DIR/root
expected=${spec%.spec}.expected

"$HELPERS/mkfixture" "$spec" "$root" || { echo "ERROR: mkfixture failed" >&2; exit 99; }

# Substitute @ROOT@ and @VERSION@ on stdin (| is not valid in the paths we make).
version=$("$PFNCLASS" --version | sed -n '1s/^pfnclass //p')
subst() {
	sed -e "s|@ROOT@|$root|g" -e "s|@VERSION@|$version|g"
}

args=$(sed -n 's/^# args:[[:space:]]*//p' "$spec" | subst)
want_exit=$(sed -n 's/^# exit:[[:space:]]*//p' "$spec")
: "${want_exit:=0}"

# The args line is split like a shell command line (quotes allowed, no expansions used).
eval "set -- $args"
LC_ALL=C "$PFNCLASS" "$@" >"$T_DIR/stdout" 2>"$T_DIR/stderr"
rc=$?

status=0
if [ -f "$expected" ]; then
	subst <"$expected" >"$T_DIR/expected"
	if ! diff -u "$T_DIR/expected" "$T_DIR/stdout"; then
		echo "FAIL: stdout differs from $expected" >&2
		status=1
	fi
elif [ -s "$T_DIR/stdout" ]; then
	echo "FAIL: unexpected output on stdout:" >&2
	cat "$T_DIR/stdout" >&2
	status=1
fi

if [ "$rc" != "$want_exit" ]; then
	echo "FAIL: exit status $rc, expected $want_exit" >&2
	status=1
fi

if grep -q '^# stderr:' "$spec"; then
	sed -n 's/^# stderr:[[:space:]]*//p' "$spec" | subst >"$T_DIR/stderr-want"
	while IFS= read -r want; do
		if ! grep -qF -- "$want" "$T_DIR/stderr"; then
			echo "FAIL: stderr lacks '$want'" >&2
			status=1
		fi
	done <"$T_DIR/stderr-want"
elif [ -s "$T_DIR/stderr" ]; then
	echo "FAIL: unexpected stderr:" >&2
	status=1
fi
if [ "$status" != 0 ]; then
	echo "--- stderr of: pfnclass $args" >&2
	cat "$T_DIR/stderr" >&2
fi
exit "$status"
