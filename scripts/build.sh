#!/bin/sh
# Configure and build pfnclass in the source tree.
set -eu
cd "$(dirname "$0")/.."
[ -x configure ] || ./autogen.sh
[ -f Makefile ] || ./configure --quiet
make -j"$(nproc)" >/dev/null
