// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for /proc/PID/maps and smaps parsing (src/maps.c) and vma_map_kind. */
#include <errno.h>
#include <stdlib.h>

#include "classify.h"
#include "maps.h"
#include "scan.h"
#include "unit.h"

static void test_header(void)
{
	struct vma v;

	CHECK_INT(maps_parse_header("7f19b3e00000-7f19f3e00000 rw-p 00000000 00:00 0\n",
				    &v),
		  0);
	CHECK_U64(v.start, 0x7f19b3e00000ULL);
	CHECK_U64(v.end, 0x7f19f3e00000ULL);
	CHECK_STR(v.perms, "rw-p");
	CHECK_U64(v.offset, 0);
	CHECK(v.path == NULL);
	CHECK_STR(vma_name(&v), "[anon]");
	CHECK(!v.have_vmflags);
	vma_clear(&v);

	CHECK_INT(
		maps_parse_header(
			"7f5767fff000-7f57a7fff000 rw-s 00000000 00:01 1031"
			"                       /memfd:memory-backend-memfd (deleted)\n",
			&v),
		0);
	CHECK_STR(v.perms, "rw-s");
	CHECK_U64(v.dev_major, 0);
	CHECK_U64(v.dev_minor, 1);
	CHECK_U64(v.inode, 1031);
	CHECK_STR(v.path, "/memfd:memory-backend-memfd (deleted)");
	CHECK_INT(vma_map_kind(&v), MK_ANON);
	vma_clear(&v);

	/* Spaces inside the path, hex device numbers, a large offset. */
	CHECK_INT(maps_parse_header(
			  "7f77f7dff000-7f7817dff000 rw-s 1ffff000 fe:1a 10954849 "
			  "/srv/vm images/node 1.ram",
			  &v),
		  0);
	CHECK_STR(v.path, "/srv/vm images/node 1.ram");
	CHECK_U64(v.offset, 0x1ffff000);
	CHECK_U64(v.dev_major, 0xfe);
	CHECK_U64(v.dev_minor, 0x1a);
	CHECK_U64(v.inode, 10954849);
	CHECK_STR(vma_name(&v), "/srv/vm images/node 1.ram");
	CHECK_INT(vma_map_kind(&v), MK_FILE);
	vma_clear(&v);

	/* 32-bit host style (8 hex digits), pseudo paths. */
	CHECK_INT(maps_parse_header(
			  "bf8e2000-bf903000 rw-p 00000000 00:00 0          [stack]", &v),
		  0);
	CHECK_U64(v.start, 0xbf8e2000);
	CHECK_STR(v.path, "[stack]");
	vma_clear(&v);

	/* Bad headers. */
	CHECK_INT(maps_parse_header("", &v), -EINVAL);
	CHECK_INT(maps_parse_header("00400000 r-xp 00000000 08:01 1 /bin/x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00401000-00400000 r-xp 00000000 08:01 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400001-00401000 r-xp 00000000 08:01 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401001 r-xp 00000000 08:01 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401000 rzxp 00000000 08:01 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401000 r-x 00000000 08:01 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401000 r-xp 00000000 0801 1 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401000 r-xp 00000000 08:01 /x", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-00401000 r-xp 00000000 08:01", &v),
		  -EINVAL);
	CHECK_INT(maps_parse_header("00400000-10000000000000000 r-xp 0 08:01 1", &v),
		  -EINVAL);
	CHECK(v.path == NULL);

	/* Truncated after the range: must not read past the terminating NUL. */
	{
		static const char cut[] = "00400000-00401000 ";
		char *h = malloc(sizeof(cut));

		CHECK(h != NULL);
		if (h) {
			memcpy(h, cut, sizeof(cut));
			CHECK_INT(maps_parse_header(h, &v), -EINVAL);
			free(h);
		}
		CHECK_INT(maps_parse_header("00400000-00401000 r-", &v), -EINVAL);
		CHECK_INT(maps_parse_header("00400000-00401000 r-xp", &v), -EINVAL);
	}
}

static void test_vmflags(void)
{
	char buf[128];
	uint64_t m;

	m = maps_parse_vmflags(" rd wr mr mw me dc ac hg mg \n");
	CHECK_U64(m, VMF(VMF_RD) | VMF(VMF_WR) | VMF(VMF_MR) | VMF(VMF_MW) | VMF(VMF_ME) |
			     VMF(VMF_DC) | VMF(VMF_AC) | VMF(VMF_HG) | VMF(VMF_MG));
	CHECK_U64(maps_parse_vmflags("pf io"), VMF(VMF_PF) | VMF(VMF_IO));
	CHECK_U64(maps_parse_vmflags("\tpf\tio\t"), VMF(VMF_PF) | VMF(VMF_IO));
	CHECK_U64(maps_parse_vmflags(""), 0);
	CHECK_U64(maps_parse_vmflags("   "), 0);
	CHECK_U64(maps_parse_vmflags("zz"), VMF(VMF_OTHER));
	CHECK_U64(maps_parse_vmflags("rd xyz"), VMF(VMF_RD) | VMF(VMF_OTHER));
	CHECK_U64(maps_parse_vmflags("lf gu"), VMF(VMF_LF) | VMF(VMF_GU));

	CHECK_INT(vmflags_format(VMF(VMF_PF) | VMF(VMF_IO), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "pf io");
	CHECK_INT(vmflags_format(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	/* VMF_OTHER is not printed. */
	CHECK_INT(vmflags_format(VMF(VMF_RD) | VMF(VMF_OTHER), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "rd");
	CHECK_INT(vmflags_format(VMF(VMF_RD), buf, 0), -ENOSPC);
	CHECK_INT(vmflags_format(VMF(VMF_RD) | VMF(VMF_WR), buf, 5), -ENOSPC);
	/* Every code round-trips. */
	for (unsigned i = 0; i < VMF_OTHER; i++) {
		CHECK_INT(vmflags_format(VMF(i), buf, sizeof(buf)), 0);
		CHECK_U64(maps_parse_vmflags(buf), VMF(i));
	}
	/* All codes at once fit in a 128-byte buffer. */
	CHECK_INT(vmflags_format(VMF(VMF_OTHER) - 1, buf, sizeof(buf)), 0);
	CHECK_U64(maps_parse_vmflags(buf), VMF(VMF_OTHER) - 1);
}

static const char smaps_text[] =
	"55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0                          "
	"[heap]\n"
	"Size:                132 kB\n"
	"Rss:                   8 kB\n"
	"VmFlags: rd wr mr mw me ac \n"
	"7f19b3e00000-7f19f3e00000 rw-p 00000000 00:00 0 \n"
	"Size:            1048576 kB\n"
	"AnonHugePages:      2048 kB\n"
	"THPeligible:    1\n"
	"VmFlags: rd wr mr mw me dc ac hg mg\n"
	"7fc6ff372000-7fc6ff375000 rw-s 00000000 00:10 26 anon_inode:kvm-vcpu:0\n"
	"7ffd5e3f0000-7ffd5e3f4000 r--p 00000000 00:00 0                          "
	"[vvar]\n"
	"Size:                 16 kB\n"
	"VmFlags: rd mr pf io de dd\n"
	"7f0000000000-7f0000010000 rw-s 00000000 00:05 4 /dev/mem\n"
	"VmFlags: rd wr sh mr mw me ms pf io de dd";

static void test_smaps_stream(void)
{
	struct maps_iter it;
	struct vma v = { 0 }, copy;
	FILE *f = fmemopen((void *)smaps_text, sizeof(smaps_text) - 1, "r");

	CHECK(f != NULL);
	if (!f)
		return;
	maps_init_stream(&it, f, true);

	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_STR(v.path, "[heap]");
	CHECK(v.have_vmflags);
	CHECK_U64(v.vmflags, VMF(VMF_RD) | VMF(VMF_WR) | VMF(VMF_MR) | VMF(VMF_MW) |
				     VMF(VMF_ME) | VMF(VMF_AC));
	CHECK_INT(vma_map_kind(&v), MK_ANON);
	CHECK_INT(vma_copy(&copy, &v), 0);
	CHECK(copy.path != v.path);
	CHECK_STR(copy.path, "[heap]");
	CHECK_U64(copy.vmflags, v.vmflags);
	vma_clear(&copy);
	vma_clear(&v);

	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_U64(v.start, 0x7f19b3e00000ULL);
	CHECK(v.path == NULL); /* trailing space only */
	CHECK(v.vmflags & VMF(VMF_DC));
	CHECK_INT(vma_map_kind(&v), MK_ANON);
	vma_clear(&v);

	/* No fields at all: no VmFlags. */
	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_STR(v.path, "anon_inode:kvm-vcpu:0");
	CHECK(!v.have_vmflags);
	CHECK_INT(vma_map_kind(&v), MK_ANON);
	vma_clear(&v);

	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_STR(v.path, "[vvar]");
	CHECK(v.vmflags & VMF(VMF_PF));
	CHECK_INT(vma_map_kind(&v), MK_PFNMAP);
	vma_clear(&v);

	/* Last record, no final newline. */
	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_STR(v.path, "/dev/mem");
	CHECK(v.vmflags & VMF(VMF_PF));
	CHECK(v.vmflags & VMF(VMF_DD));
	CHECK_INT(vma_map_kind(&v), MK_DEVMEM);
	vma_clear(&v);

	CHECK_INT(maps_next(&it, &v), 0);
	CHECK_INT(maps_next(&it, &v), 0);
	CHECK_U64(it.lineno, 15);
	maps_close(&it);
}

static void test_maps_stream(void)
{
	static const char text[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				   "00600000-00601000 rw-p 00000000 08:01 12 /bin/x\n";
	static const char bad[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				  "Size: 4 kB\n";
	static const char bad_smaps[] = "Size: 4 kB\n";
	static const char bad_hdr[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				      "00600000-00601000 rw-p zz 08:01 12 /bin/x\n";
	struct maps_iter it;
	struct vma v = { 0 };
	FILE *f;

	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	maps_init_stream(&it, f, false);
	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_U64(v.start, 0x400000);
	vma_clear(&v);
	CHECK_INT(maps_next(&it, &v), 1);
	CHECK_U64(v.start, 0x600000);
	CHECK(!v.have_vmflags);
	vma_clear(&v);
	CHECK_INT(maps_next(&it, &v), 0);
	maps_close(&it);

	/* A field line in a plain maps stream is malformed. */
	f = fmemopen((void *)bad, sizeof(bad) - 1, "r");
	maps_init_stream(&it, f, false);
	CHECK_INT(maps_next(&it, &v), 1);
	vma_clear(&v);
	CHECK_INT(maps_next(&it, &v), -EBADMSG);
	CHECK_U64(it.lineno, 2);
	maps_close(&it);

	f = fmemopen((void *)bad_smaps, sizeof(bad_smaps) - 1, "r");
	maps_init_stream(&it, f, true);
	CHECK_INT(maps_next(&it, &v), -EBADMSG);
	maps_close(&it);

	f = fmemopen((void *)bad_hdr, sizeof(bad_hdr) - 1, "r");
	maps_init_stream(&it, f, true);
	CHECK_INT(maps_next(&it, &v), 1);
	vma_clear(&v);
	CHECK_INT(maps_next(&it, &v), -EBADMSG);
	CHECK_U64(it.lineno, 2);
	maps_close(&it);
}

static enum map_kind kind_of(const char *path, const char *vmflags)
{
	struct vma v = { 0 };

	v.path = (char *)path;
	if (vmflags) {
		v.have_vmflags = true;
		v.vmflags = maps_parse_vmflags(vmflags);
	}
	return vma_map_kind(&v);
}

static void test_map_kind(void)
{
	CHECK_INT(kind_of("/dev/mem", "rd wr sh pf io"), MK_DEVMEM);
	CHECK_INT(kind_of("/dev/mem", NULL), MK_DEVMEM);
	CHECK_INT(kind_of("/dev/memory", NULL), MK_FILE);
	CHECK_INT(kind_of("/dev/vfio/12", "rd wr sh pf io"), MK_VFIO);
	CHECK_INT(kind_of("/dev/vfio/devices/vfio0", "pf io"), MK_VFIO);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource2", "pf io"),
		  MK_PCI_RESOURCE);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource0_wc", NULL),
		  MK_PCI_RESOURCE);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource10", NULL),
		  MK_PCI_RESOURCE);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource", NULL),
		  MK_FILE);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource2_uc", NULL),
		  MK_FILE);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/resource2_uc", "pf"),
		  MK_PFNMAP);
	CHECK_INT(kind_of("/sys/devices/pci0000:00/0000:00:02.0/config", NULL), MK_FILE);
	CHECK_INT(kind_of("/tmp/sys/devices/x/resource2", NULL), MK_FILE);
	CHECK_INT(kind_of("/dev/dri/card0", "rd wr sh pf io"), MK_PFNMAP);
	CHECK_INT(kind_of(NULL, "rd pf io"), MK_PFNMAP);
	CHECK_INT(kind_of("[vvar]", "rd mr pf io"), MK_PFNMAP);
	CHECK_INT(kind_of(NULL, "rd wr mr mw me dc ac hg mg"), MK_ANON);
	CHECK_INT(kind_of(NULL, NULL), MK_ANON);
	CHECK_INT(kind_of("[heap]", NULL), MK_ANON);
	CHECK_INT(kind_of("[anon:guest ram]", NULL), MK_ANON);
	CHECK_INT(kind_of("/memfd:memory-backend-memfd (deleted)", "rd wr sh"), MK_ANON);
	CHECK_INT(kind_of("/memfd:ch_ram (deleted)", NULL), MK_ANON);
	CHECK_INT(kind_of("/dev/zero (deleted)", NULL), MK_ANON);
	CHECK_INT(kind_of("/SYSV00000000 (deleted)", NULL), MK_ANON);
	CHECK_INT(kind_of("anon_inode:kvm-vcpu:0", NULL), MK_ANON);
	CHECK_INT(kind_of("/dev/hugepages/qemu_back_mem.pc.ram.abc (deleted)", "ht"),
		  MK_FILE);
	CHECK_INT(kind_of("/srv/vm images/node 1.ram", "rd wr sh"), MK_FILE);
	/* The kind names used in output. */
	CHECK_STR(map_kind_name(MK_PCI_RESOURCE), "pci-resource");
	CHECK_STR(map_kind_name(MK__COUNT), "?");
}

int main(void)
{
	test_header();
	test_vmflags();
	test_smaps_stream();
	test_maps_stream();
	test_map_kind();
	return unit_exit("test-maps");
}
