#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build every libFuzzer target in fuzz/ (clang, ASan + UBSan) against the core sources and
# run each for a short while on its seed corpus. Fails on any crash, leak, sanitizer
# report or timeout. Long campaigns: see fuzz/README.md.
#
#   scripts/fuzz-smoke.sh [SECONDS] [TARGET...]   (default 20 s each, every target)
#
# Environment: FUZZ_CC (clang), FUZZ_BUILD (./build-fuzz).
# Exit 0 clean, 1 a target crashed, 77 no usable clang/libFuzzer, 99 build error.
set -u

secs=${1:-20}
[ $# -gt 0 ] && shift
srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$PWD/build-fuzz}
cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null 2>&1 || { echo "fuzz: $cc not found" >&2; exit 77; }

san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer $san -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
-I$srcdir/src -I$srcdir/fuzz"

core=$(sed -n '/^libpfncore_a_SOURCES *=/,/[^\\]$/p' "$srcdir/Makefile.am" |
	tr ' \t\\' '\n\n\n' | grep '^src/.*\.c$')
[ -n "$core" ] || { echo "fuzz: no core sources in Makefile.am" >&2; exit 99; }

mkdir -p "$build/obj" "$build/bin" "$build/corpus" "$build/artifacts" "$build/logs" || exit 99
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n
int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' \
	>"$build/probe.c"
# shellcheck disable=SC2086
if ! $cc $cflags -fsanitize=fuzzer "$build/probe.c" -o "$build/probe" 2>"$build/probe.log"; then
	echo "fuzz: $cc cannot build libFuzzer targets:" >&2
	cat "$build/probe.log" >&2
	exit 77
fi

objs=""
for c in $core; do
	o="$build/obj/$(basename "$c" .c).o"
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer-no-link -c "$srcdir/$c" -o "$o" ||
		{ echo "fuzz: BUILD FAILED: $c" >&2; exit 99; }
	objs="$objs $o"
done

targets=${*:-$(cd "$srcdir/fuzz" && ls fuzz-*.c | sed 's/^fuzz-//; s/\.c$//')}
for t in $targets; do
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer "$srcdir/fuzz/fuzz-$t.c" $objs -o "$build/bin/fuzz-$t" ||
		{ echo "fuzz: BUILD FAILED: fuzz-$t" >&2; exit 99; }
done

status=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in $targets; do
	seeds="$srcdir/fuzz/corpus/$t"
	work="$build/corpus/$t"
	log="$build/logs/$t.log"
	mkdir -p "$work" "$seeds"
	# New inputs go to the first (scratch) directory; the seeds stay untouched.
	if "$build/bin/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
		"$work" "$seeds" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
		echo "PASS: fuzz-$t ${execs:-?} execs in ${secs}s, $cov"
	else
		echo "FAIL: fuzz-$t (log: $log; artifacts: $build/artifacts/$t-*)"
		grep -E 'ERROR|runtime error|invariant failed|SUMMARY|Test unit written' "$log" |
			head -n 8 | sed 's/^/    /'
		status=1
	fi
done
exit $status
