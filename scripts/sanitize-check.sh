#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build pfnclass with AddressSanitizer + UndefinedBehaviorSanitizer in a separate tree and
# run the whole test suite (make check) there. Fails when a test fails or when any
# sanitizer report was written, even by a run whose non-zero exit a test expected.
#
#   scripts/sanitize-check.sh [BUILDDIR]      (default: ./build-asan)
#
# The source tree is usually configured in place, which Automake refuses for VPATH builds,
# so the sources (git-tracked and untracked-but-not-ignored files) are copied into
# BUILDDIR/tree and configured there. Environment: CC (default cc), MAKEFLAGS, SAN_CFLAGS.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$PWD/build-asan}
tree="$build/tree"
reports="$build/reports"
san=${SAN_CFLAGS:--O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all}

rm -rf "$tree" "$reports"
mkdir -p "$tree" "$reports" || exit 99
if git -C "$srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$srcdir" && git ls-files -z --cached --others --exclude-standard) |
		(cd "$srcdir" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		(cd "$srcdir" && xargs -0 tar -cf - --) | tar -C "$tree" -xf - || exit 99
else
	tar -C "$srcdir" --exclude='./build*' --exclude='*.o' --exclude='*.a' \
		--exclude='.deps' --exclude='config.status' --exclude='config.h' \
		--exclude='Makefile' --exclude='stamp-h1' --exclude='./tests/work' \
		-cf - . | tar -C "$tree" -xf - || exit 99
fi

cd "$tree" || exit 99
echo "sanitize: configuring in $tree"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	autoreconf -fi >"$build/autoreconf.log" 2>&1 || { cat "$build/autoreconf.log"; exit 99; }
fi
./configure CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" >"$build/configure.log" 2>&1 ||
	{ tail -n 30 "$build/configure.log"; exit 99; }
make -j2 >"$build/build.log" 2>&1 || { tail -n 40 "$build/build.log"; exit 99; }

# Every report lands in a file, so none can hide behind an expected failure exit status.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="log_path=$reports/lsan"
make -j2 check >"$build/check.log" 2>&1
rc=$?
grep -E '^(PASS|FAIL|SKIP|ERROR|XPASS|XFAIL):' "$build/check.log"
grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' "$build/check.log"

status=0
if [ "$rc" -ne 0 ]; then
	echo "sanitize: make check failed (see $tree/test-suite.log)"
	status=1
fi
found=$(find "$reports" -type f | head -n 20)
if [ -n "$found" ]; then
	echo "sanitize: sanitizer reports:"
	for f in $found; do
		echo "--- $f"
		grep -E 'ERROR|runtime error|SUMMARY|#[0-9] ' "$f" | head -n 15
	done
	status=1
fi
[ "$status" -eq 0 ] && echo "sanitize: clean"
exit $status
