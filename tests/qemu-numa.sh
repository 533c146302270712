# Two NUMA nodes (anonymous and file backends) and a memfd pc-dimm above 4 GiB.
. "${TOP_SRCDIR:?run through make check}/tests/lib.sh" || exit 99
. "$TOP_SRCDIR/tests/qemu-lib.sh" || exit 99

qemu_start numa -m 512M,slots=2,maxmem=2G -smp 2 \
	-object memory-backend-ram,id=r0,size=256M \
	-object memory-backend-file,id=r1,size=256M,mem-path="$T_DIR/node1.ram",share=on \
	-numa node,nodeid=0,memdev=r0,cpus=0 -numa node,nodeid=1,memdev=r1,cpus=1 \
	-object memory-backend-memfd,id=d0,size=128M,share=on \
	-device pc-dimm,id=dimm0,memdev=d0,node=1
qemu_settle 3
qemu_check r0,r1,d0
exit 0
