# Helpers for the QEMU tests: start a small guest with a QMP socket, end it by PID.
# Source after lib.sh. Guests run under TCG (QEMU_ACCEL=kvm to try KVM).
QEMU=${QEMU:-qemu-system-x86_64}
QEMU_ACCEL=${QEMU_ACCEL:-tcg}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-30}
PY=/usr/bin/python3

require_root
command -v "$QEMU" >/dev/null 2>&1 || skip "$QEMU not installed"
[ -x "$PY" ] || skip "$PY missing"

# qemu_start NAME ARGS...: start a guest; sets QEMU_PID and QEMU_SOCK.
qemu_start() {
	_n=$1
	shift
	QEMU_SOCK=$T_DIR/$_n.sock
	setsid "$QEMU" -nographic -nic none -accel "$QEMU_ACCEL" \
		-qmp "unix:$QEMU_SOCK,server=on,wait=off" -pidfile "$T_DIR/$_n.pid" "$@" \
		</dev/null >"$T_DIR/$_n.log" 2>&1 &
	QEMU_PID=$!
	t_track "$QEMU_PID"
	_i=0
	until [ -S "$QEMU_SOCK" ] && [ -s "$T_DIR/$_n.pid" ]; do
		kill -0 "$QEMU_PID" 2>/dev/null || fail "QEMU exited: $(cat "$T_DIR/$_n.log")"
		_i=$((_i + 1))
		[ "$_i" -le $((QEMU_TIMEOUT * 10)) ] || fail "QEMU socket never appeared"
		sleep 0.1
	done
	# setsid may have forked: track the PID QEMU wrote too.
	_p=$(cat "$T_DIR/$_n.pid")
	[ "$_p" = "$QEMU_PID" ] || { t_track "$_p"; QEMU_PID=$_p; }
}

# qemu_settle SECONDS: let the firmware run (SeaBIOS halts with "No bootable device").
qemu_settle() {
	sleep "$1"
	kill -0 "$QEMU_PID" 2>/dev/null || fail "QEMU died: $(cat "$T_DIR"/*.log)"
}

# qemu_check RAM_REGIONS: the assertions of tests/qemu-check.py.
qemu_check() {
	"$PY" "$TOP_SRCDIR/tests/qemu-check.py" "$PFNCLASS" "$QEMU_PID" "$QEMU_SOCK" "$1" ||
		fail "qemu-check for $1"
}
