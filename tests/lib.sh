# Shared shell helpers for pfnclass tests. Source it: . "$TOP_SRCDIR/tests/lib.sh"
# Exit statuses: 0 pass, 77 skip, 99 hard error, anything else fail.
set -u

: "${PFNCLASS:?PFNCLASS not set: run through make check}"
: "${TESTS_TMP:=${TMPDIR:-/tmp}}"

T_NAME=$(basename "$0" .sh)
T_DIR=$(mktemp -d "$TESTS_TMP/$T_NAME.XXXXXX") || exit 99
T_PIDS=""

t_cleanup() {
	for p in $T_PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $T_PIDS; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT
trap 'exit 99' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# Remember a PID we started so it is ended (by PID) on exit, even on failure.
t_track() {
	T_PIDS="$T_PIDS $1"
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (CAP_SYS_ADMIN) for PFNs"
}

assert_eq() { # expected actual message
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}
