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
	# Bounded: a process that does not end on SIGTERM within 5 s gets SIGKILL.
	for p in $T_PIDS; do
		_w=0
		while kill -0 "$p" 2>/dev/null && [ "$_w" -lt 50 ]; do
			case "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null)" in
			Z* | X* | '') break ;; # ended, waiting to be reaped
			esac
			sleep 0.1
			_w=$((_w + 1))
		done
		kill -KILL "$p" 2>/dev/null
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
