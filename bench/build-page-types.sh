#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the kernel's page-types tool (a comparison baseline only; nothing from it goes into
# pfnclass) from Debian's linux-source-6.1 package into a scratch directory outside the
# source tree, and print the path of the binary.
#
#   bench/build-page-types.sh [SCRATCH_DIR]     (default: ${TMPDIR:-/tmp}/pfnclass-page-types)
#
# Needs: apt-get install linux-source-6.1 (ships /usr/src/linux-source-6.1.tar.xz).
set -eu

dir=${1:-${TMPDIR:-/tmp}/pfnclass-page-types}
bin="$dir/page-types"
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi
tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -r "$tarball" ]; then
	echo "build-page-types: $tarball not found (apt-get install linux-source-6.1)" >&2
	exit 1
fi
mkdir -p "$dir"
src=linux-source-6.1
tar -xJf "$tarball" -C "$dir" \
	"$src/tools/vm" "$src/tools/lib/api" "$src/tools/lib/str_error_r.c" \
	"$src/tools/include" "$src/include/uapi/linux/magic.h" \
	"$src/include/uapi/linux/kernel-page-flags.h"
t="$dir/$src/tools"
${CC:-cc} -O2 -I "$t/lib" -I "$t/lib/api" -I "$t/include" -o "$bin" \
	"$t/vm/page-types.c" "$t/lib/api/fs/fs.c" "$t/lib/api/debug.c" "$t/lib/str_error_r.c" \
	>&2
echo "$bin"
