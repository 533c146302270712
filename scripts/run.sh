#!/bin/sh
# Install the dependencies, build, and run pfnclass on the real targets of this host.
#   sudo scripts/run.sh            every VM on the host (or the shipped guest capture)
#   sudo scripts/run.sh ARGS...    pfnclass ARGS...
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1

if [ $# -gt 0 ]; then
	exec ./pfnclass "$@"
fi

./pfnclass
rc=$?
[ $rc = 4 ] || exit $rc # 4: no VM found on this host

for cap in data/*.pfncap; do
	[ -f "$cap" ] || continue
	echo
	echo "== No VM is running here: the capture of a real QEMU guest in $cap"
	./pfnclass --input "$cap" || exit $?
done

echo
echo "== The memory of a process started for this demonstration (memory written, read, THP)"
sh -c 'exec sleep 60' &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
./pfnclass -p $pid
