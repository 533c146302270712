# Error paths against live processes:
#  - a PID that does not exist: exit 4 and a message naming the PID;
#  - no CAP_SYS_ADMIN (unprivileged user, or root with the capability dropped):
#    exit 3 and a message saying that PFNs would read as 0;
#  - a process that exits while it is scanned: a complete result (exit 0), or
#    exit 5 with "partial", or exit 4 if it was gone before the scan began;
#    never a crash.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/live-lib.sh" || exit 99
require_root

# --- a PID that does not exist: one of our own children, already reaped ---
sh -c 'exit 0' &
gone=$!
wait "$gone"
[ ! -e "/proc/$gone" ] || skip "PID $gone was reused at once"
rc=0
"$PFNCLASS" -p "$gone" >"$T_DIR/out" 2>"$T_DIR/err" || rc=$?
assert_eq 4 "$rc" "exit status for missing PID $gone"
grep -q "PID $gone\b" "$T_DIR/err" || fail "message does not name PID $gone: $(cat "$T_DIR/err")"
[ ! -s "$T_DIR/out" ] || fail "output printed for a missing PID"

# --- without CAP_SYS_ADMIN ---
live_memhog -a 64K
check_perm() { # what: command...
	_what=$1
	shift
	rc=0
	"$@" >"$T_DIR/out" 2>"$T_DIR/err" || rc=$?
	assert_eq 3 "$rc" "exit status $_what"
	grep -q CAP_SYS_ADMIN "$T_DIR/err" || fail "$_what: message lacks CAP_SYS_ADMIN: $(cat "$T_DIR/err")"
	grep -q 'as 0' "$T_DIR/err" || fail "$_what: message does not say PFNs read as 0: $(cat "$T_DIR/err")"
}
ran=0
if command -v setpriv >/dev/null; then
	# The unprivileged user scans itself, so that only the capability is missing.
	check_perm "as uid 65534" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all sh -c 'exec "$1" -p $$' sh "$PFNCLASS"
	check_perm "as uid 65534 on a root process" setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all "$PFNCLASS" -p "$MH_PID"
	check_perm "as root without cap_sys_admin (setpriv)" setpriv --inh-caps=-sys_admin \
		--bounding-set=-sys_admin "$PFNCLASS" -p "$MH_PID"
	ran=1
fi
if command -v capsh >/dev/null; then
	check_perm "as root without cap_sys_admin (capsh)" capsh --drop=cap_sys_admin -- \
		-c 'exec "$0" -p "$1"' "$PFNCLASS" "$MH_PID"
	ran=1
fi
[ "$ran" = 1 ] || echo "neither setpriv nor capsh found: privilege checks not run"

# --- processes that exit while they are scanned ---
seen=""
for life in 0 5 10 20 40 80 160; do
	out="$T_DIR/race.out"
	: >"$out"
	"$HELPERS/memhog" -s -a 64M -z 16M -m 16M -t 0 -u 64M -l "$life" \
		>"$out" 2>/dev/null </dev/null &
	pid=$!
	t_track "$pid"
	n=0
	until grep -q '^ready ' "$out" || ! live_alive "$pid"; do
		n=$((n + 1))
		[ "$n" -le $((LIVE_TIMEOUT * 100)) ] || fail "short-lived memhog never got ready"
		sleep 0.01
	done
	rc=0
	"$PFNCLASS" -p "$pid" -r >"$T_DIR/out" 2>"$T_DIR/err" || rc=$?
	case $rc in
	0) ;;
	4) grep -q "PID $pid\b" "$T_DIR/err" || fail "exit 4 without naming PID: $(cat "$T_DIR/err")" ;;
	5) grep -q partial "$T_DIR/err" || fail "exit 5 without 'partial': $(cat "$T_DIR/err")" ;;
	*) fail "pfnclass on exiting PID $pid (lifetime ${life}ms) exited $rc: $(cat "$T_DIR/err")" ;;
	esac
	seen="$seen $life:$rc"
	wait "$pid" 2>/dev/null
done
echo "lifetime(ms):exit status of the scans of exiting processes:$seen"
exit 0
