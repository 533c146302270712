#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# pfnclass benchmark: builds its own workloads, runs every variant BENCH_RUNS times
# interleaved, prints medians, ratios measured in this run, targets and peak RSS.
#
#   make bench                      (as root; not part of make check)
#   BENCH_GIB=4 BENCH_RUNS=7 make bench
#
# Environment: BENCH_GIB (dense size, default 8), BENCH_SPARSE_GIB (256), BENCH_SPARSE_PERMILLE
# (10 = 1 %), BENCH_SPARSE_CLUSTER (pages per touched cluster, 16), BENCH_QEMU_MIB (guest
# RAM, 4096; the first quarter is preallocated), BENCH_RUNS (5), BENCH_CASES ("dense thp
# sparse real host"), PAGE_TYPES (path of page-types; else PATH, else built by
# build-page-types.sh from linux-source-6.1 when installed).
set -u

: "${BENCH_BIN:?run through make bench}"
: "${PFNCLASS:?run through make bench}"
BENCH_GIB=${BENCH_GIB:-8}
BENCH_SPARSE_GIB=${BENCH_SPARSE_GIB:-256}
BENCH_SPARSE_PERMILLE=${BENCH_SPARSE_PERMILLE:-10}
BENCH_SPARSE_CLUSTER=${BENCH_SPARSE_CLUSTER:-16}
BENCH_QEMU_MIB=${BENCH_QEMU_MIB:-4096}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_CASES=${BENCH_CASES:-dense thp sparse real host}
RSS_LIMIT_KIB=16384
HERE=$(cd "$(dirname "$0")" && pwd)

[ "$(id -u)" = 0 ] || { echo "bench: needs root (CAP_SYS_ADMIN for PFNs)" >&2; exit 77; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pfnclass-bench.XXXXXX") || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() { # PID: end one workload we started
	kill "$1" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$1" 2>/dev/null
	PIDS=$(echo "$PIDS" | sed "s/ $1\b//")
}

avail_gib() { awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo; }

# page-types, if we can get it.
PT=${PAGE_TYPES:-$(command -v page-types 2>/dev/null)}
if [ -z "$PT" ]; then
	PT=$("$HERE/build-page-types.sh" 2>"$W/pt-build.log") || PT=""
fi
[ -n "$PT" ] && [ -x "$PT" ] || PT=""

# --- measuring -------------------------------------------------------------------------
# Variants of the current case: names in VARIANTS, commands in CMD_<i>.
VARIANTS=()
declare -A CMD MED RSS
add() { # NAME COMMAND...
	VARIANTS+=("$1")
	CMD[$1]="${*:2}"
}
run_case() { # CASE
	local r v out
	for r in $(seq "$BENCH_RUNS"); do
		for v in "${VARIANTS[@]}"; do
			out=$("$BENCH_BIN/timeit" ${CMD[$v]} 2>>"$W/stderr.$1")
			echo "$out" >>"$W/t.$1.$v"
		done
	done
	for v in "${VARIANTS[@]}"; do
		MED[$1.$v]=$(awk '{print $1}' "$W/t.$1.$v" | sort -n |
			awk '{a[NR]=$1} END {printf "%.1f", NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
		RSS[$1.$v]=$(awk '$2 > m {m = $2} END {print m}' "$W/t.$1.$v")
		if awk '$3 != 0 {bad = 1} END {exit !bad}' "$W/t.$1.$v"; then
			MED[$1.$v]="error"
		fi
	done
	VARIANTS=()
}

FAILS=0
ROWS=()
# row CASE VARIANT BASE_VARIANT KIND LIMIT: KIND "le" (variant/base <= LIMIT),
# "ge" (base/variant >= LIMIT) or "-" (no target). pfnclass rows also check peak RSS.
row() {
	local c=$1 v=$2 b=$3 kind=$4 lim=$5 m=${MED[$1.$2]:-} bm=${MED[$1.$3]:-} ratio="-" tgt="-" res="" rss
	rss=${RSS[$1.$2]:-0}
	if [ -z "$m" ]; then
		ROWS+=("$(printf '%-7s %-22s %10s %-16s %8s %-11s %-5s %8s' "$c" "$v" "n/a" "-" "-" "-" "n/a" "-")")
		return
	fi
	if [ "$kind" != "-" ] && [ -n "$bm" ] && [ "$m" != error ] && [ "$bm" != error ]; then
		if [ "$kind" = le ]; then
			ratio=$(awk -v a="$m" -v b="$bm" 'BEGIN {printf "%.2fx", a / b}')
			tgt="<= ${lim}x"
			res=$(awk -v a="$m" -v b="$bm" -v l="$lim" 'BEGIN {print (a / b <= l) ? "PASS" : "FAIL"}')
		else
			ratio=$(awk -v a="$m" -v b="$bm" 'BEGIN {printf "%.2fx", b / a}')
			tgt=">= ${lim}x"
			res=$(awk -v a="$m" -v b="$bm" -v l="$lim" 'BEGIN {print (b / a >= l) ? "PASS" : "FAIL"}')
		fi
	elif [ "$kind" != "-" ]; then
		res="n/a"
	fi
	case $v in pfnclass*)
		if [ "$rss" -gt "$RSS_LIMIT_KIB" ]; then res="${res:+$res,}RSS-FAIL"; else res="${res:-ok}"; fi
	esac
	case $res in *FAIL*) FAILS=$((FAILS + 1)) ;; esac
	ROWS+=("$(printf '%-7s %-22s %10s %-16s %8s %-11s %-5s %8s' "$c" "$v" "$m" "${bm:+vs $b}" \
		"$ratio" "$tgt" "${res:--}" "$((rss / 1024))M")")
}

start_alloc() { # ARGS...: start a workload, wait until ready, set APID
	local f="$W/alloc.out"
	: >"$f"
	"$BENCH_BIN/alloc" "$@" >"$f" 2>&1 </dev/null &
	APID=$!
	PIDS="$PIDS $APID"
	while ! grep -q '^ready' "$f"; do
		if ! kill -0 "$APID" 2>/dev/null; then
			echo "bench: workload 'alloc $*' died: $(cat "$f")" >&2
			APID=""
			return 1
		fi
		sleep 0.5
	done
}

note() { echo "bench: $*" >&2; }

# --- cases -----------------------------------------------------------------------------
dense_case() { # NAME THP
	local name=$1 thp=$2
	if [ "$(avail_gib)" -lt $((BENCH_GIB + 1)) ]; then
		note "$name: skipped, needs $((BENCH_GIB + 1)) GiB available (BENCH_GIB=$BENCH_GIB)"
		return
	fi
	note "$name: writing ${BENCH_GIB} GiB ($([ "$thp" = 1 ] && echo THP || echo 4 KiB pages))..."
	start_alloc dense "$BENCH_GIB" "$thp" || return
	add floor "$BENCH_BIN/floorprobe floor $APID"
	add pfnclass-list "$PFNCLASS -p $APID -r"
	add pfnclass-summary "$PFNCLASS -p $APID --summary=only"
	if [ -n "$PT" ]; then
		add page-types-L "$PT -p $APID -L -N"
		add page-types "$PT -p $APID"
	fi
	run_case "$name"
	stop "$APID"
	row "$name" floor floor - -
	row "$name" pfnclass-list floor le 1.2
	row "$name" pfnclass-summary floor - -
	row "$name" page-types-L pfnclass-list - -
	row "$name" page-types page-types - -
	row "$name" pfnclass-list page-types-L ge 3
	ROWS[-1]=$(echo "${ROWS[-1]}" | sed 's/pfnclass-list  /list-vs-pt-L   /')
	row "$name" pfnclass-summary page-types ge 2
	ROWS[-1]=$(echo "${ROWS[-1]}" | sed 's/pfnclass-summary/summary-vs-pt   /')
}

sparse_case() {
	note "sparse: ${BENCH_SPARSE_GIB} GiB MAP_NORESERVE, ${BENCH_SPARSE_PERMILLE}/1000 touched in clusters of ${BENCH_SPARSE_CLUSTER} pages..."
	start_alloc sparse "$BENCH_SPARSE_GIB" "$BENCH_SPARSE_PERMILLE" "$BENCH_SPARSE_CLUSTER" || return
	add pagemap-full "$BENCH_BIN/floorprobe pagemap $APID"
	add floor "$BENCH_BIN/floorprobe floor $APID"
	add pfnclass-summary "$PFNCLASS -p $APID --summary=only"
	add pfnclass-list "$PFNCLASS -p $APID -r"
	[ -n "$PT" ] && add page-types "$PT -p $APID"
	run_case sparse
	stop "$APID"
	row sparse pagemap-full pagemap-full - -
	row sparse floor pagemap-full - -
	row sparse page-types pagemap-full - -
	row sparse pfnclass-summary pagemap-full ge 5
	row sparse pfnclass-list pagemap-full ge 5
}

real_case() {
	local q pre=$((BENCH_QEMU_MIB / 4)) rest qpid=""
	q=$(command -v qemu-system-x86_64) || { note "real: skipped, no qemu-system-x86_64"; return; }
	rest=$((BENCH_QEMU_MIB - pre))
	if [ "$(avail_gib)" -lt $((pre / 1024 + 1)) ]; then
		note "real: skipped, not enough memory"
		return
	fi
	note "real: QEMU TCG guest, ${BENCH_QEMU_MIB} MiB RAM, ${pre} MiB preallocated (touched)..."
	setsid "$q" -nodefaults -display none -accel tcg -m "${BENCH_QEMU_MIB}M" \
		-object "memory-backend-ram,id=m0,size=${pre}M,prealloc=on" \
		-object "memory-backend-ram,id=m1,size=${rest}M" \
		-numa node,memdev=m0 -numa node,memdev=m1 \
		-pidfile "$W/qemu.pid" </dev/null >"$W/qemu.log" 2>&1 &
	PIDS="$PIDS $!"
	for _ in $(seq 100); do
		[ -s "$W/qemu.pid" ] && break
		sleep 0.2
	done
	qpid=$(cat "$W/qemu.pid" 2>/dev/null)
	if [ -z "$qpid" ]; then
		note "real: QEMU did not start: $(head -c 300 "$W/qemu.log")"
		return
	fi
	PIDS="$PIDS $qpid"
	sleep 2 # let SeaBIOS run
	add floor "$BENCH_BIN/floorprobe floor $qpid"
	add pfnclass-list "$PFNCLASS -p $qpid -r"
	add pfnclass-summary "$PFNCLASS -p $qpid --summary=only"
	if [ -n "$PT" ]; then
		add page-types-L "$PT -p $qpid -L -N"
		add page-types "$PT -p $qpid"
	fi
	run_case real
	stop "$qpid"
	row real floor floor - -
	row real pfnclass-list floor - -
	row real pfnclass-summary floor - -
	row real page-types-L pfnclass-list - -
	row real page-types pfnclass-summary - -
}

host_case() {
	note "host: whole-host classification..."
	add floor-sweep "$BENCH_BIN/floorprobe host"
	add pfnclass-host "$PFNCLASS --host"
	[ -n "$PT" ] && add page-types "$PT"
	run_case host
	row host floor-sweep floor-sweep - -
	row host page-types floor-sweep - -
	row host pfnclass-host page-types le 1.1
}

for c in $BENCH_CASES; do
	case $c in
	dense) dense_case dense 0 ;;
	thp) dense_case thp 1 ;;
	sparse) sparse_case ;;
	real) real_case ;;
	host) host_case ;;
	*) note "unknown case '$c'" ;;
	esac
done

# Progress must stay off when stderr is not a terminal (it was a file in every run above).
prog=PASS
for f in "$W"/stderr.*; do
	[ -e "$f" ] || continue
	if grep -q $'\r\|\033' "$f"; then
		prog=FAIL
		note "terminal control output in ${f##*/}: $(grep -m1 -a 'pfnclass' "$f" | tr -d '\r\033' | head -c 200)"
	fi
	grep -m1 'pfnclass:' "$f" >&2
done
[ "$prog" = FAIL ] && FAILS=$((FAILS + 1))

echo
echo "pfnclass benchmark: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
	"median of $BENCH_RUNS interleaved runs; dense ${BENCH_GIB} GiB, sparse ${BENCH_SPARSE_GIB} GiB"
echo "page-types: ${PT:-not available}"
printf '%-7s %-22s %10s %-16s %8s %-11s %-5s %8s\n' case variant median-ms baseline ratio target result peakRSS
for r in "${ROWS[@]}"; do echo "$r"; done
echo "progress on stderr when not a terminal: none ($prog)"
if [ "$FAILS" -gt 0 ]; then
	echo "$FAILS target(s) missed"
	exit 1
fi
echo "all targets met"
