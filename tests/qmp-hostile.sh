# Hostile QMP peers (tests/helpers/fakeqmp.py) must not hold pfnclass: a peer that never
# greets, hangs on a command, closes mid-reply, sends garbage, sends a reply over the
# 16 MiB cap, or sends nothing but events. For each, `pfnclass --vm PID --qmp SOCK` and
# `pfnclass capture --vm PID --qmp SOCK` end on their own (`timeout` is only a safety
# net: it must not be what ends them), say what the peer did, and fall back to the map
# inferred from the VMM's mappings. The VMM is tests/helpers/mutator run as
# "qemu-system-x86_64" with a dc-flagged 64 MiB RAM block and "-m 64". No root needed:
# --print-map and the listing need no PFNs; a scan without root ends with exit 3.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
PY=/usr/bin/python3
[ -x "$PY" ] || skip "$PY missing"
[ -x "$HELPERS/mutator" ] || { echo "ERROR: $HELPERS/mutator not built" >&2; exit 99; }

ln -s "$HELPERS/mutator" "$T_DIR/qemu-system-x86_64" || exit 99
: >"$T_DIR/vmm.out"
"$T_DIR/qemu-system-x86_64" -s -q 64M -- -m 64 -machine pc >"$T_DIR/vmm.out" 2>&1 </dev/null &
VMM=$!
t_track "$VMM"
n=0
until grep -q '^ready ' "$T_DIR/vmm.out"; do
	n=$((n + 1))
	[ "$n" -le 600 ] || fail "the mutator never got ready: $(cat "$T_DIR/vmm.out")"
	sleep 0.1
done

MODES="nogreet hang disconnect garbage huge events"
for m in $MODES; do
	"$PY" "$TOP_SRCDIR/tests/helpers/fakeqmp.py" "$T_DIR/$m.sock" "$m" >"$T_DIR/$m.srv" 2>&1 &
	t_track $!
done
for m in $MODES; do
	n=0
	until grep -q listening "$T_DIR/$m.srv"; do
		n=$((n + 1))
		[ "$n" -le 600 ] || fail "fakeqmp $m never listened: $(cat "$T_DIR/$m.srv")"
		sleep 0.1
	done
done

# Every run of every mode at once: each waits for pfnclass's own timeouts (5 s).
pids=""
for m in $MODES; do
	s=$T_DIR/$m.sock
	(timeout -s KILL 60 "$PFNCLASS" --vm "$VMM" --qmp "$s" --print-map \
		>"$T_DIR/$m.map" 2>"$T_DIR/$m.map.err"; echo $? >"$T_DIR/$m.map.rc") &
	pids="$pids $!"
	(timeout -s KILL 60 "$PFNCLASS" --vm "$VMM" --qmp "$s" --summary=only \
		>"$T_DIR/$m.vm" 2>"$T_DIR/$m.vm.err"; echo $? >"$T_DIR/$m.vm.rc") &
	pids="$pids $!"
	(timeout -s KILL 60 "$PFNCLASS" capture --vm "$VMM" --qmp "$s" -o "$T_DIR/$m.pfncap" \
		>"$T_DIR/$m.cap" 2>"$T_DIR/$m.cap.err"; echo $? >"$T_DIR/$m.cap.rc") &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done

expect() { # MODE: what pfnclass must say the peer did
	case $1 in
	nogreet) echo "is taken by another client (libvirt?) (no QMP greeting within 5000 ms)" ;;
	hang) echo "no reply to info mtree -f within 5000 ms" ;;
	disconnect) echo "the peer closed the connection during info mtree -f" ;;
	garbage) echo "the answer to info mtree -f is not QMP" ;;
	huge) echo "the answer to info mtree -f is larger than 16 MiB" ;;
	events) echo "no reply to qmp_capabilities within 5000 ms (" ;;
	esac
}

root=0
[ "$(id -u)" = 0 ] && root=1
for m in $MODES; do
	want=$(expect "$m")
	for run in map vm cap; do
		rc=$(cat "$T_DIR/$m.$run.rc")
		err=$(cat "$T_DIR/$m.$run.err")
		[ "$rc" != 137 ] || fail "$m/$run: pfnclass did not end by itself (killed by the safety net)"
		[ "$rc" -lt 128 ] || fail "$m/$run: pfnclass died of signal $((rc - 128)): $err"
		case "$err" in
		*"$want"*) ;;
		*) fail "$m/$run: expected '$want' in: $err" ;;
		esac
	done
	assert_eq 0 "$(cat "$T_DIR/$m.map.rc")" "$m: --print-map exit status"
	grep -q '^# source: layout:qemu' "$T_DIR/$m.map" ||
		fail "$m: the map was not inferred: $(cat "$T_DIR/$m.map")"
	grep -q "guest map inferred from its mappings (layout:qemu)" "$T_DIR/$m.map.err" ||
		fail "$m: no 'inferred' note: $(cat "$T_DIR/$m.map.err")"
	if [ "$root" = 1 ]; then
		assert_eq 0 "$(cat "$T_DIR/$m.vm.rc")" "$m: --vm exit status"
		grep -q 'map inferred (layout:qemu)' "$T_DIR/$m.vm" ||
			fail "$m: the listing does not say the map is inferred: $(cat "$T_DIR/$m.vm")"
		assert_eq 0 "$(cat "$T_DIR/$m.cap.rc")" "$m: capture exit status"
		"$PFNCLASS" --input "$T_DIR/$m.pfncap" --vm "$VMM" --print-map \
			>"$T_DIR/$m.replay" 2>&1 || fail "$m: the capture does not replay"
		grep -q '^# source: capture:layout:qemu' "$T_DIR/$m.replay" ||
			fail "$m: the capture's map is not the inferred one: $(cat "$T_DIR/$m.replay")"
	else
		assert_eq 3 "$(cat "$T_DIR/$m.vm.rc")" "$m: --vm exit status without root"
	fi
	echo "$m: $want"
done
exit 0
