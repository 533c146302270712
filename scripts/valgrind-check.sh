#!/bin/sh
# Run the live and QEMU tests with every pfnclass invocation under valgrind memcheck:
# any memory error or definite leak fails. (The whole suite also runs under ASan/UBSan in
# scripts/sanitize-check.sh; valgrind checks the real, uninstrumented binary.)
#
#   scripts/valgrind-check.sh        (from a built tree; exit 0 clean, 1 errors, 77 no valgrind)
set -u
cd "$(dirname "$0")/.." || exit 99
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed" >&2; exit 77; }
[ -x ./pfnclass ] || { echo "valgrind: build pfnclass first" >&2; exit 99; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pfnclass-valgrind.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
mkdir "$work/reports"
chmod 755 "$work" && chmod 777 "$work/reports" # tests also run pfnclass as nobody
cat >"$work/pfnclass" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--log-file="$work/reports/vg.%p" "$PWD/pfnclass" "\$@"
WRAP
chmod 755 "$work/pfnclass"

# Not here: live-memory (peak RSS), live-privilege (set-user-ID copies of the binary),
# the race tests (timing against a mutating target).
tests="tests/live-anon.sh tests/live-zero.sh tests/live-thp.sh tests/live-memfd.sh \
tests/live-notpresent.sh tests/live-json.sh tests/live-errors.sh tests/host-scan.sh \
tests/qemu-memfd.sh tests/qemu-capture.sh tests/capture-fixture.sh tests/diff.sh \
tests/fixtures/thp.spec tests/fixtures/predicates.spec tests/fixtures/json.spec"
PFNCLASS_CHECK="$work/pfnclass" make -k check TESTS="$tests" >"$work/check.log" 2>&1
rc=$?
bad=0
for f in "$work"/reports/vg.*; do
	[ -s "$f" ] || continue
	echo "valgrind: report $f:"
	sed 's/^/    /' "$f" | head -40
	bad=1
done
if [ $rc -ne 0 ]; then
	grep -E '^(FAIL|ERROR):' "$work/check.log"
	for t in $tests; do
		log=${t%.*}.log
		grep -q '^FAIL\|^ERROR' "$log" 2>/dev/null && tail -20 "$log"
	done
	bad=1
fi
n=$(ls "$work"/reports | wc -l)
echo "valgrind: $n pfnclass runs checked, $([ $bad = 0 ] && echo clean || echo errors)"
exit $bad
