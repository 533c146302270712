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
# Captures are little-endian whatever the host: a capture written by the ppc32 build (from
# a big-endian fixture tree made by the ppc32 mkfixture) must analyse on this machine
# exactly like the same tree built natively.
native=${PFNCLASS:-$srcdir/pfnclass}
mkfix=$srcdir/tests/helpers/mkfixture
if [ -x "$native" ] && [ -x "$mkfix" ]; then
	# The program files include config.h: give them a minimal one (no optional libraries).
	mkdir -p "$build/cfg"
	printf '#define PACKAGE_VERSION "ppc32"\n' >"$build/cfg/config.h"
	# shellcheck disable=SC2086
	if ! $cc $cflags -I"$build/cfg" -o "$build/bin/mkfixture" \
		"$srcdir/tests/helpers/mkfixture.c" ||
		! $cc $cflags -I"$build/cfg" -o "$build/bin/capwrite" \
			"$srcdir/tests/helpers/capture-main.c" "$srcdir/src/cmd-capture.c" \
			"$srcdir/src/cli-msg.c" \
			"$srcdir/src/caps.c" "$srcdir/src/kvmmod-kmod.c" "$build/libpfncore.a"; then
		echo "ppc32: BUILD FAILED: capture tools" >&2
		exit 99
	fi
	for spec in thp policy-e500-seed predicates iomem-nested swapped kpf-eof; do
		name=capture-$spec
		w=$build/work/$name
		rm -rf "$w" && mkdir -p "$w"
		if "$qemu" "$build/bin/mkfixture" "$srcdir/tests/fixtures/$spec.spec" "$w/be" &&
			"$qemu" "$build/bin/capwrite" --sysroot "$w/be" -p 4242 -o "$w/be.cap" \
				2>"$w/log" &&
			"$mkfix" "$srcdir/tests/fixtures/$spec.spec" "$w/le" &&
			"$native" --input "$w/be.cap" -r --output-all --summary=always >"$w/from-be" &&
			"$native" --sysroot "$w/le" -p 4242 -r --output-all --summary=always \
				>"$w/native" &&
			cmp -s "$w/from-be" "$w/native"; then
			echo "PASS: $name (big-endian capture analysed on $(uname -m))"
			pass=$((pass + 1))
		else
			echo "FAIL: $name"
			diff "$w/native" "$w/from-be" 2>&1 | head -20 | sed 's/^/    /'
			fail=$((fail + 1))
			failed="$failed $name"
		fi
	done
else
	echo "ppc32: $native or $mkfix not built: cross-endian capture checks not run" >&2
	fail=$((fail + 1))
	failed="$failed capture-(not-built)"
fi

echo "ppc32: $pass passed, $fail failed${failed:+:$failed}"
[ "$fail" -eq 0 ]
