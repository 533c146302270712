#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the core library and the C unit tests for 32-bit big-endian PowerPC (the e500
# host ABI) with a static cross compiler and run each test under qemu-user.
#
#   scripts/ppc32-check.sh [BUILDDIR]     (default: ./build-ppc32)
#
# Environment: PPC32_CC (powerpc-linux-gnu-gcc), QEMU_PPC (qemu-ppc, else qemu-ppc-static),
# PPC32_CFLAGS (extra flags). Exit 0 when every test passes, 1 on a failure, 77 when the
# cross compiler or qemu-user is missing, 99 on a build error.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$PWD/build-ppc32}
cc=${PPC32_CC:-powerpc-linux-gnu-gcc}
qemu=${QEMU_PPC:-}
if [ -z "$qemu" ]; then
	for q in qemu-ppc qemu-ppc-static; do
		if command -v "$q" >/dev/null 2>&1; then
			qemu=$q
			break
		fi
	done
fi
command -v "$cc" >/dev/null 2>&1 || { echo "ppc32: $cc not found" >&2; exit 77; }
[ -n "$qemu" ] || { echo "ppc32: qemu-ppc / qemu-ppc-static not found" >&2; exit 77; }

# The core's sources, as listed in Makefile.am (so new parsers are picked up).
core=$(sed -n '/^libpfncore_a_SOURCES *=/,/[^\\]$/p' "$srcdir/Makefile.am" |
	tr ' \t\\' '\n\n\n' | grep '^src/.*\.c$')
[ -n "$core" ] || { echo "ppc32: no core sources found in Makefile.am" >&2; exit 99; }

# config.h defines _GNU_SOURCE (AC_USE_SYSTEM_EXTENSIONS) and, on 32-bit hosts,
# _FILE_OFFSET_BITS=64 (AC_SYS_LARGEFILE); the core needs nothing else from it.
cflags="-std=gnu11 -O2 -g -static -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
-Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2 -Wstrict-prototypes \
-Wmissing-prototypes -Werror -I$srcdir/src ${PPC32_CFLAGS:-}"

rm -rf "$build/obj" "$build/bin" "$build/work"
mkdir -p "$build/obj" "$build/bin" "$build/work" || exit 99

echo "ppc32: $($cc --version | head -n1); running under $qemu"
objs=""
for c in $core; do
	o="$build/obj/$(basename "$c" .c).o"
	# shellcheck disable=SC2086
	$cc $cflags -c "$srcdir/$c" -o "$o" || { echo "ppc32: BUILD FAILED: $c" >&2; exit 99; }
	objs="$objs $o"
done
rm -f "$build/libpfncore.a"
# shellcheck disable=SC2086
${PPC32_AR:-powerpc-linux-gnu-ar} rcs "$build/libpfncore.a" $objs || exit 99

pass=0
fail=0
failed=""
for t in "$srcdir"/tests/unit/test-*.c; do
	name=$(basename "$t" .c)
	bin="$build/bin/$name"
	# shellcheck disable=SC2086
	if ! $cc $cflags -DPFN_EXPECT_BIG_ENDIAN=1 -DPFN_EXPECT_ILP32=1 "$t" \
		"$build/libpfncore.a" -o "$bin"; then
		echo "ppc32: BUILD FAILED: $name" >&2
		exit 99
	fi
	if TESTS_TMP="$build/work" "$qemu" "$bin" >"$build/work/$name.log" 2>&1; then
		echo "PASS: $name ($(tail -n1 "$build/work/$name.log"))"
		pass=$((pass + 1))
	else
		echo "FAIL: $name"
		sed 's/^/    /' "$build/work/$name.log"
		fail=$((fail + 1))
		failed="$failed $name"
	fi
done
echo "ppc32: $pass passed, $fail failed${failed:+:$failed}"
[ "$fail" -eq 0 ]
