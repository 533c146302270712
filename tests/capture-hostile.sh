# Hostile capture files: every malformed or escaping capture is refused with exit status 1
# and a message naming the file; nothing is written outside the private extraction
# directory, and that directory is removed.
. "$TOP_SRCDIR/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
mk="$PY $TOP_SRCDIR/tests/mkcapture.py"

work=$T_DIR/work
mkdir -p "$work/tmp"
n=0
for case in $($mk - list); do
	cap=$work/$case.cap
	$mk "$cap" "$case" || exit 99
	(cd "$work" && TMPDIR="$work/tmp" "$PFNCLASS" --input "$cap" -p 1 >"$T_DIR/out" 2>"$T_DIR/err")
	rc=$?
	[ "$rc" = 1 ] || fail "$case: exit status $rc, expected 1 ($(cat "$T_DIR/err"))"
	grep -q "$cap" "$T_DIR/err" || fail "$case: message does not name the file: $(cat "$T_DIR/err")"
	[ -z "$(ls -A "$work/tmp")" ] || fail "$case: extraction directory left behind"
	n=$((n + 1))
done
# Nothing escaped: only the capture files are in the work directory, nothing in its parent.
extra=$(find "$work" -mindepth 1 ! -name '*.cap' ! -path "$work/tmp")
[ -z "$extra" ] || fail "files written outside the extraction directory: $extra"
[ ! -e "$T_DIR/escape" ] && [ ! -e /tmp/escape ] || fail "a capture escaped its directory"

# A missing file is a usage error, not a crash.
"$PFNCLASS" --input "$work/none.cap" -p 1 2>"$T_DIR/err"
[ $? = 2 ] || fail "missing capture file: expected exit 2"
echo "$n hostile captures refused"
