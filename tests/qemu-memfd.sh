# A memfd memory backend (shared): exact map, PFNs of shmem pages.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start memfd -m 256 -object memory-backend-memfd,id=m0,size=256M,share=on \
	-machine memory-backend=m0
qemu_settle 3
qemu_check m0
exit 0
