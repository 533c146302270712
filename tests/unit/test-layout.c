// SPDX-License-Identifier: GPL-2.0-or-later
/* VMM layout rules: smaps text in, inferred guest map out. Mapping lines follow real
 * QEMU 7.2 smaps (peers-and-measurements 2.4) and the other VMMs' documented layouts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "unit.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

static size_t load(const char *smaps, struct vma *v, size_t max)
{
	FILE *f = fmemopen((void *)smaps, strlen(smaps), "r");
	struct maps_iter it;
	size_t n = 0;

	maps_init_stream(&it, f, true);
	while (n < max && maps_next(&it, &v[n]) > 0)
		n++;
	maps_close(&it);
	return n;
}

static void unload(struct vma *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vma_clear(&v[i]);
}

static int infer(enum vmm_type t, const struct qemu_args *qa, const char *smaps,
		 struct guest_map *gm)
{
	struct vma v[32];
	size_t n = load(smaps, v, 32);
	int err = layout_infer(t, qa, v, n, gm);

	unload(v, n);
	return err;
}

#define CHECK_REGION(gm, i, g, s, h, nm)                                                 \
	do {                                                                             \
		CHECK((gm)->n > (i));                                                    \
		if ((gm)->n > (i)) {                                                     \
			CHECK_U64((gm)->r[i].gpa, g);                                    \
			CHECK_U64((gm)->r[i].size, s);                                   \
			CHECK_U64((gm)->r[i].hva, h);                                    \
			CHECK_STR((gm)->r[i].name, nm);                                  \
		}                                                                        \
	} while (0)

static const char qemu_pc[] = "55d0c0000000-55d0c0100000 rw-p 00000000 00:00 0           "
			      "               [heap]\n"
			      "VmFlags: rd wr mr mw me ac\n"
			      "7f19b3e00000-7f19f3e00000 rw-p 00000000 00:00 0 \n"
			      "VmFlags: rd wr mr mw me dc ac hg mg\n"
			      "7f19f4000000-7f1a34000000 rw-p 00000000 00:00 0 \n"
			      "VmFlags: rd wr mr mw me ac\n"
			      "7f19fc000000-7f1a3bfff000 rwxp 00000000 00:00 0 \n"
			      "VmFlags: rd wr ex mr mw me ac hg\n"
			      "7f1a40200000-7f1a40220000 rw-p 00000000 00:00 0 \n"
			      "VmFlags: rd wr mr mw me dc ac hg mg\n"
			      "7f1a40400000-7f1a40440000 rw-p 00000000 00:00 0 \n"
			      "VmFlags: rd wr mr mw me dc ac hg mg\n"
			      "7fc6ff372000-7fc6ff375000 rw-s 00000000 00:10 26          "
			      "               anon_inode:kvm-vcpu:0\n"
			      "VmFlags: rd wr sh mr mw me ms dc\n";

static void test_qemu(void)
{
	struct qemu_args qa = { .ram_size = 1 * G };
	struct guest_map gm = { 0 };

	/* The 1 GiB dc block is pc.ram; the TCG buffer and the plain 1 GiB arena are not.
	 */
	CHECK_INT(infer(VMM_QEMU, &qa, qemu_pc, &gm), 0);
	CHECK(!gm.exact);
	CHECK_STR(gm.source, "layout:qemu");
	CHECK_INT(gm.n, 1);
	CHECK_REGION(&gm, 0, 0, 1 * G, 0x7f19b3e00000, "pc.ram");
	guest_map_free(&gm);

	/* Without a dc block of -m bytes there is nothing to infer. */
	qa.ram_size = 2 * G;
	CHECK_INT(infer(VMM_QEMU, &qa, qemu_pc, &gm), -ENOENT);
	CHECK_INT(gm.n, 0);
}

static void test_qemu_q35(void)
{
	static const char smaps[] = "7fa03fe00000-7fa13fe00000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me dc ac hg mg\n";
	struct qemu_args qa = { .ram_size = 4 * G, .machine = (char *)"q35" };
	struct guest_map gm = { 0 };

	CHECK_INT(infer(VMM_QEMU, &qa, smaps, &gm), 0);
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 2 * G, 0x7fa03fe00000, "pc.ram");
	CHECK_REGION(&gm, 1, 4 * G, 2 * G, 0x7fa0bfe00000, "pc.ram");
	guest_map_free(&gm);
	CHECK_U64(layout_qemu_below_4g("pc-i440fx-7.2", 4 * G), 3 * G);
	CHECK_U64(layout_qemu_below_4g(NULL, 1 * G), 1 * G);
	CHECK_U64(layout_qemu_below_4g("q35", 0xa0000000), 0xa0000000);
}

static void test_qemu_numa(void)
{
	static const char smaps[] =
		"7f77e7dfe000-7f77f7dfe000 rw-s 00000000 00:01 1031                      "
		" /memfd:memory-backend-memfd (deleted)\n"
		"VmFlags: rd wr sh mr mw me ms dc hg\n"
		"7f77f7dff000-7f7817dff000 rw-s 00000000 fe:00 10954849                  "
		" /tmp/t/node1.ram\n"
		"VmFlags: rd wr sh mr mw me ms dc hg\n"
		"7f7817e00000-7f7837e00000 rw-p 00000000 00:00 0 \n"
		"VmFlags: rd wr mr mw me dc ac hg mg\n";
	struct qemu_args qa = { 0 };
	struct guest_map gm = { 0 };

	qa.be[0] = (struct qemu_backend){ (char *)"r0", (char *)"ram", 512 * M, NULL };
	qa.be[1] = (struct qemu_backend){ (char *)"r1", (char *)"file", 512 * M,
					  (char *)"/tmp/t/node1.ram" };
	qa.be[2] = (struct qemu_backend){ (char *)"d0", (char *)"memfd", 256 * M, NULL };
	qa.nbe = 3;
	qa.numa_memdev[0] = (char *)"r0";
	qa.numa_memdev[1] = (char *)"r1";
	qa.nnuma = 2;
	CHECK_INT(infer(VMM_QEMU, &qa, smaps, &gm), 0);
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 512 * M, 0x7f7817e00000, "r0");
	CHECK_REGION(&gm, 1, 512 * M, 512 * M, 0x7f77f7dff000, "r1");
	guest_map_free(&gm);

	/* -machine memory-backend=d0 picks the memfd block. */
	qa.nnuma = 0;
	qa.memory_backend = (char *)"d0";
	CHECK_INT(infer(VMM_QEMU, &qa, smaps, &gm), 0);
	CHECK_REGION(&gm, 0, 0, 256 * M, 0x7f77e7dfe000, "d0");
	guest_map_free(&gm);
}

static void test_memfd_vmms(void)
{
	static const char fc[] = "7f0000000000-7f00c0000000 rw-s 00000000 00:01 77       "
				 "                  /memfd:guest_mem (deleted)\n"
				 "VmFlags: rd wr sh mr mw me ms\n"
				 "7f1000000000-7f1040000000 rw-s c0000000 00:01 77       "
				 "                  /memfd:guest_mem (deleted)\n"
				 "VmFlags: rd wr sh mr mw me ms\n"
				 "7f2000000000-7f2040000000 rw-p 00000000 00:00 0 \n"
				 "VmFlags: rd wr mr mw me ac\n";
	static const char ch[] = "7f5000000000-7f5040000000 rw-s 00000000 00:01 901      "
				 "                  /memfd:ch_ram (deleted)\n"
				 "VmFlags: rd wr sh mr mw me ms dd\n"
				 "7f6000000000-7f60c0000000 rw-s 00000000 00:01 900      "
				 "                  /memfd:ch_ram (deleted)\n"
				 "VmFlags: rd wr sh mr mw me ms dd\n";
	static const char ch_anon[] = "7f5000000000-7f5040000000 rw-p 00000000 00:00 0 \n"
				      "VmFlags: rd wr mr mw me dd\n"
				      "7f6000000000-7f60c0000000 rw-p 00000000 00:00 0 \n"
				      "VmFlags: rd wr mr mw me dd\n"
				      "7f7000000000-7f7000100000 rw-p 00000000 00:00 0 \n"
				      "VmFlags: rd wr mr mw me ac\n";
	static const char crosvm[] =
		"7e0000000000-7e0020000000 rw-s 00000000 00:01 5                         "
		" /memfd:crosvm_guest (deleted)\n"
		"VmFlags: rd wr sh mr mw me ms\n";
	struct guest_map gm = { 0 };

	CHECK_INT(infer(VMM_FIRECRACKER, NULL, fc, &gm), 0);
	CHECK_STR(gm.source, "layout:firecracker");
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 3 * G, 0x7f0000000000, "memfd:guest_mem");
	CHECK_REGION(&gm, 1, 4 * G, 1 * G, 0x7f1000000000, "memfd:guest_mem");
	guest_map_free(&gm);
	/* The same mappings found without knowing the VMM. */
	CHECK_INT(infer(VMM_UNKNOWN, NULL, fc, &gm), 0);
	CHECK_STR(gm.source, "layout:firecracker");
	guest_map_free(&gm);

	/* cloud-hypervisor: one memfd per region, created (inode) in GPA order. */
	CHECK_INT(infer(VMM_CLOUD_HYPERVISOR, NULL, ch, &gm), 0);
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 3 * G, 0x7f6000000000, "memfd:ch_ram");
	CHECK_REGION(&gm, 1, 4 * G, 1 * G, 0x7f5000000000, "memfd:ch_ram");
	guest_map_free(&gm);
	CHECK_INT(infer(VMM_CLOUD_HYPERVISOR, NULL, ch_anon, &gm), 0);
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 3 * G, 0x7f6000000000, "ram");
	guest_map_free(&gm);
	/* Anonymous dd mappings alone do not identify an unknown VMM. */
	CHECK_INT(infer(VMM_UNKNOWN, NULL, ch_anon, &gm), -ENOENT);

	CHECK_INT(infer(VMM_CROSVM, NULL, crosvm, &gm), 0);
	CHECK_INT(gm.n, 1);
	CHECK_REGION(&gm, 0, 0, 512 * M, 0x7e0000000000, "memfd:crosvm_guest");
	guest_map_free(&gm);
	CHECK_INT(infer(VMM_FIRECRACKER, NULL, crosvm, &gm), -ENOENT);
}

static void test_kvmtool(void)
{
	/* 4 GiB guest: [0, 3.25G) rw, 768 MiB PROT_NONE hole, then 768 MiB above 4 GiB.
	 */
	static const char smaps[] = "7f0000000000-7f00d0000000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me ac mg\n"
				    "7f00d0000000-7f0100000000 ---p 00000000 00:00 0 \n"
				    "VmFlags: mr mw me ac mg\n"
				    "7f0100000000-7f0130000000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me ac mg\n"
				    "7f2000000000-7f2000021000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me ac\n";
	static const char small[] = "7f0000000000-7f0040000000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me ac mg\n"
				    "7f2000000000-7f2080000000 rw-p 00000000 00:00 0 \n"
				    "VmFlags: rd wr mr mw me ac\n";
	static const char two[] = "7f0000000000-7f0040000000 rw-p 00000000 00:00 0 \n"
				  "VmFlags: rd wr mr mw me ac mg\n"
				  "7f1000000000-7f1040000000 rw-p 00000000 00:00 0 \n"
				  "VmFlags: rd wr mr mw me ac mg\n";
	struct guest_map gm = { 0 };

	CHECK_INT(infer(VMM_KVMTOOL, NULL, smaps, &gm), 0);
	CHECK_INT(gm.n, 2);
	CHECK_REGION(&gm, 0, 0, 0xd0000000, 0x7f0000000000, "ram");
	CHECK_REGION(&gm, 1, 4 * G, 768 * M, 0x7f0100000000,
		     "ram"); /* GPA = HVA - base */
	guest_map_free(&gm);
	CHECK_INT(infer(VMM_KVMTOOL, NULL, small, &gm), 0);
	CHECK_REGION(&gm, 0, 0, 1 * G, 0x7f0000000000, "ram");
	guest_map_free(&gm);
	CHECK_INT(infer(VMM_KVMTOOL, NULL, two, &gm), -ENOENT); /* ambiguous */
}

int main(void)
{
	test_qemu();
	test_qemu_q35();
	test_qemu_numa();
	test_memfd_vmms();
	test_kvmtool();
	return unit_exit("test-layout");
}
