#!/bin/sh
# Install dependencies, build, and run the whole test suite; prints "N passed, N failed[, N skipped]".
# Run as root: the live tests need CAP_SYS_ADMIN (they are skipped, not passed, otherwise).
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test || exit 1
scripts/build.sh || exit 1

passed=0 failed=0 skipped=0
make -k check >test-output.log 2>&1
check_rc=$?
if [ -f test-suite.log ]; then
	for f in tests/*.log tests/*/*.log; do
		[ -f "${f%.log}.trs" ] || continue
		r=$(sed -n 's/^:test-result: //p' "${f%.log}.trs" | head -n 1)
		case "$r" in
		PASS | XFAIL) passed=$((passed + 1)) ;;
		SKIP) skipped=$((skipped + 1)) ;;
		*) failed=$((failed + 1)); echo "FAILED: ${f%.log}" ;;
		esac
	done
fi
if [ $check_rc -ne 0 ]; then
	grep -E '^(FAIL|ERROR):' test-output.log
	[ -f test-suite.log ] && sed -n '1,200p' test-suite.log
	[ $failed -eq 0 ] && failed=1
fi

# Extra stages (each counts as one test): cross-built ppc32 unit tests, fuzz smoke runs,
# the whole suite under ASan/UBSan, the live and QEMU tests under valgrind.
for stage in scripts/ppc32-check.sh scripts/fuzz-smoke.sh scripts/sanitize-check.sh \
	scripts/valgrind-check.sh; do
	[ -x "$stage" ] || continue
	echo "== $stage"
	if "$stage" >"stage-$(basename "$stage" .sh).log" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: $stage"
		tail -n 40 "stage-$(basename "$stage" .sh).log"
	fi
done

if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
