#!/bin/sh
# Install the Debian 12 packages pfnclass needs to build, test and run (as root).
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also what the test suite needs (QEMU, cross compiler, fuzzing)
set -eu
PKGS="build-essential autoconf automake pkg-config libsmartcols-dev libjson-c-dev libkmod-dev libcap-dev scdoc"
TEST_PKGS="strace valgrind qemu-system-x86 qemu-utils qemu-user gcc-powerpc-linux-gnu libc6-dev-powerpc-cross clang libclang-rt-14-dev python3 python3-jsonschema jq util-linux libcap2-bin procps"
if [ "${1:-}" = "--test" ]; then
	PKGS="$PKGS $TEST_PKGS"
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
