// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the /proc/iomem parser and segment lookup (src/iomem.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "iomem.h"
#include "unit.h"

/* Segments must be sorted, non-overlapping and point at a valid resource. */
static void check_invariants(const struct iomem *io)
{
	for (size_t i = 0; i < io->nseg; i++) {
		CHECK(io->seg[i].start <= io->seg[i].end);
		CHECK(io->seg[i].res >= 0 && (size_t)io->seg[i].res < io->nres);
		if (i)
			CHECK(io->seg[i - 1].end < io->seg[i].start);
	}
}

static const char *path_at(const struct iomem *io, uint64_t addr)
{
	return iomem_seg_path(io, iomem_lookup(io, addr, NULL));
}

static bool ram_at(const struct iomem *io, uint64_t addr)
{
	return iomem_is_system_ram(io, iomem_lookup(io, addr, NULL));
}

static const char x86_sample[] = "00000000-00000fff : Reserved\n"
				 "00001000-0009fbff : System RAM\n"
				 "0009fc00-0009ffff : Reserved\n"
				 "000a0000-000bffff : PCI Bus 0000:00\n"
				 "000f0000-000fffff : System ROM\n"
				 "00100000-3fffffff : System RAM\n"
				 "  01000000-01ffffff : Kernel code\n"
				 "  02000000-027fffff : Kernel data\n"
				 "  02800000-02bfffff : Kernel bss\n"
				 "40000000-7fffffff : PCI Bus 0000:00\n"
				 "  40000000-4000ffff : 0000:00:02.0\n"
				 "    40000000-4000ffff : vfio-pci\n"
				 "  40010000-40010fff : 0000:00:03.0\n"
				 "fee00000-fee00fff : Local APIC\n"
				 "100000000-13fffffff : System RAM (kmem)\n"
				 "140000000-17fffffff : dax0.0\n";

static void test_x86_sample(void)
{
	struct iomem io;
	unsigned bad = 0;

	CHECK_INT(iomem_parse(x86_sample, &io, &bad), 0);
	CHECK_U64(io.nres, 16);
	CHECK(!io.addresses_hidden);
	check_invariants(&io);

	/* Tree structure and paths. */
	CHECK_INT(io.res[6].parent, 5);
	CHECK_U64(io.res[6].depth, 1);
	CHECK_STR(io.res[7].path, "System RAM/Kernel data");
	CHECK_STR(io.res[11].path, "PCI Bus 0000:00/0000:00:02.0/vfio-pci");
	CHECK_U64(io.res[11].depth, 2);
	CHECK_INT(io.res[11].parent, 10);
	CHECK_INT(io.res[12].parent, 9);
	CHECK_INT(io.res[13].parent, -1);
	CHECK(io.res[7].system_ram);
	CHECK(!io.res[0].system_ram);
	CHECK(io.res[14].system_ram); /* "System RAM (kmem)" */
	CHECK(!io.res[15].system_ram);

	/* Inclusive ends: first and last byte of each resource, and one past. */
	CHECK_STR(path_at(&io, 0x0), "Reserved");
	CHECK_STR(path_at(&io, 0xfff), "Reserved");
	CHECK_STR(path_at(&io, 0x1000), "System RAM");
	CHECK_STR(path_at(&io, 0x9fbff), "System RAM");
	CHECK_STR(path_at(&io, 0x9fc00), "Reserved");
	CHECK_STR(path_at(&io, 0xbffff), "PCI Bus 0000:00");
	CHECK(iomem_lookup(&io, 0xc0000, NULL) == NULL); /* hole */
	CHECK(iomem_lookup(&io, 0xeffff, NULL) == NULL);
	CHECK_STR(path_at(&io, 0xf0000), "System ROM");

	/* Children split their parent into segments. */
	CHECK_STR(path_at(&io, 0x100000), "System RAM");
	CHECK_STR(path_at(&io, 0xffffff), "System RAM");
	CHECK_STR(path_at(&io, 0x1000000), "System RAM/Kernel code");
	CHECK_STR(path_at(&io, 0x1ffffff), "System RAM/Kernel code");
	CHECK_STR(path_at(&io, 0x2000000), "System RAM/Kernel data");
	CHECK_STR(path_at(&io, 0x2bfffff), "System RAM/Kernel bss");
	CHECK_STR(path_at(&io, 0x2c00000), "System RAM");
	CHECK_STR(path_at(&io, 0x3fffffff), "System RAM");
	CHECK(ram_at(&io, 0x2000000));
	CHECK(ram_at(&io, 0x3fffffff));
	CHECK(!ram_at(&io, 0x40000000));
	CHECK(!ram_at(&io, 0xc0000));

	CHECK_STR(path_at(&io, 0x40000000), "PCI Bus 0000:00/0000:00:02.0/vfio-pci");
	CHECK_STR(path_at(&io, 0x4000ffff), "PCI Bus 0000:00/0000:00:02.0/vfio-pci");
	CHECK_STR(path_at(&io, 0x40010000), "PCI Bus 0000:00/0000:00:03.0");
	CHECK_STR(path_at(&io, 0x40011000), "PCI Bus 0000:00");
	CHECK_STR(path_at(&io, 0x7fffffff), "PCI Bus 0000:00");
	CHECK(iomem_lookup(&io, 0x80000000, NULL) == NULL);
	CHECK_STR(path_at(&io, 0xfee00fff), "Local APIC");

	/* Above 4 GiB (36-bit e500mc, x86 hotplug). */
	CHECK_STR(path_at(&io, 0x100000000ULL), "System RAM (kmem)");
	CHECK(ram_at(&io, 0x13fffffffULL));
	CHECK(!ram_at(&io, 0x140000000ULL));
	CHECK(iomem_lookup(&io, 0x180000000ULL, NULL) == NULL);
	CHECK(iomem_lookup(&io, UINT64_MAX, NULL) == NULL);

	/* Hints: the hinted segment, the next one, and an unrelated one. */
	{
		const struct iomem_seg *s = iomem_lookup(&io, 0x1000000, NULL);
		const struct iomem_seg *n;

		CHECK(s != NULL);
		CHECK(iomem_lookup(&io, 0x1000001, s) == s);
		n = iomem_lookup(&io, 0x2000000, s);
		CHECK(n == s + 1);
		CHECK_STR(iomem_seg_path(&io, n), "System RAM/Kernel data");
		CHECK_STR(iomem_seg_path(&io, iomem_lookup(&io, 0x0, s)), "Reserved");
		CHECK(iomem_lookup(&io, 0xc0000, s) == NULL);
	}
	CHECK(iomem_seg_path(&io, NULL) == NULL);
	CHECK(!iomem_is_system_ram(&io, NULL));
	iomem_free(&io);
	CHECK_U64(io.nres, 0);
	CHECK(io.res == NULL);
}

/* An e500 layout (reconstructed, kernel-facts §5) with 36-bit CCSR. */
static void test_e500_sample(void)
{
	static const char text[] = "00000000-7fffffff : System RAM\n"
				   "c00000000-c1fffffff : pcie@ffe200000\n"
				   "  c00000000-c0000ffff : 0000:01:00.0\n"
				   "ffe11c500-ffe11c507 : serial\n";
	struct iomem io;

	CHECK_INT(iomem_parse(text, &io, NULL), 0);
	check_invariants(&io);
	CHECK(ram_at(&io, 0x7ffff000));
	CHECK(!ram_at(&io, 0x80000000));
	CHECK_STR(path_at(&io, 0xc00000000ULL), "pcie@ffe200000/0000:01:00.0");
	CHECK_STR(path_at(&io, 0xc00010000ULL), "pcie@ffe200000");
	CHECK_STR(path_at(&io, 0xffe11c507ULL), "serial");
	CHECK(iomem_lookup(&io, 0xffe11c508ULL, NULL) == NULL);
	iomem_free(&io);
}

static void test_top_of_space(void)
{
	static const char text[] = "00000000-0fffffff : System RAM\n"
				   "8000000000000000-ffffffffffffffff : PCI Bus 0000:40\n"
				   "  fffffffffffff000-ffffffffffffffff : top\n";
	struct iomem io;

	CHECK_INT(iomem_parse(text, &io, NULL), 0);
	check_invariants(&io);
	CHECK_U64(io.res[1].end, UINT64_MAX);
	CHECK_STR(path_at(&io, UINT64_MAX), "PCI Bus 0000:40/top");
	CHECK_STR(path_at(&io, UINT64_MAX - 0xfff), "PCI Bus 0000:40/top");
	CHECK_STR(path_at(&io, UINT64_MAX - 0x1000), "PCI Bus 0000:40");
	CHECK_STR(path_at(&io, 0x8000000000000000ULL), "PCI Bus 0000:40");
	CHECK(iomem_lookup(&io, 0x7fffffffffffffffULL, NULL) == NULL);
	CHECK_U64(io.seg[io.nseg - 1].end, UINT64_MAX);
	iomem_free(&io);

	/* A single resource covering everything. */
	CHECK_INT(iomem_parse("0-ffffffffffffffff : all\n", &io, NULL), 0);
	CHECK_U64(io.nseg, 1);
	CHECK_STR(path_at(&io, 0), "all");
	CHECK_STR(path_at(&io, UINT64_MAX), "all");
	iomem_free(&io);
}

static void test_hidden(void)
{
	static const char text[] = "00000000-00000000 : Reserved\n"
				   "00000000-00000000 : System RAM\n"
				   "  00000000-00000000 : Kernel code\n"
				   "00000000-00000000 : PCI Bus 0000:00\n";
	struct iomem io;

	CHECK_INT(iomem_parse(text, &io, NULL), 0);
	CHECK(io.addresses_hidden);
	CHECK_U64(io.nres, 4);
	check_invariants(&io);
	iomem_free(&io);

	/* One real address is enough to trust the file. */
	CHECK_INT(
		iomem_parse("00000000-00000000 : a\n00001000-00001fff : b\n", &io, NULL),
		0);
	CHECK(!io.addresses_hidden);
	iomem_free(&io);

	/* An empty file is not "hidden", just empty. */
	CHECK_INT(iomem_parse("", &io, NULL), 0);
	CHECK(!io.addresses_hidden);
	CHECK_U64(io.nres, 0);
	CHECK(iomem_lookup(&io, 0, NULL) == NULL);
	iomem_free(&io);
}

static void expect_bad(const char *text, unsigned line)
{
	struct iomem io;
	unsigned bad = 0;

	CHECK_INT(iomem_parse(text, &io, &bad), -EINVAL);
	CHECK_U64(bad, line);
	CHECK(io.res == NULL && io.nres == 0 && io.seg == NULL);
}

static void test_malformed(void)
{
	expect_bad("00000000-00000fff Reserved\n", 1);
	expect_bad("00000000-00000fff : a\n\n00001000-00001fff : b\nzz\n", 4);
	expect_bad("00001000-00000fff : backwards\n", 1);
	expect_bad("00000000 : no end\n", 1);
	expect_bad("-00000fff : no start\n", 1);
	expect_bad("00000000-00000fff :\n", 1);
	expect_bad("00000000-00000fff: x\n", 1);
	expect_bad("10000000000000000-1ffffffffffffffff : 17 digits\n", 1);
	expect_bad("00000000-00000fff : a\n\t00000000-000000ff : tab\n", 2);
	expect_bad("0x0-0xfff : prefixed\n", 1);

	/* Blank lines, CRLF and a missing final newline are accepted. */
	{
		struct iomem io;

		CHECK_INT(iomem_parse("\n  \n00000000-00000fff : "
				      "a\r\n\r\n00001000-00001fff : b",
				      &io, NULL),
			  0);
		CHECK_U64(io.nres, 2);
		CHECK_STR(io.res[0].name, "a");
		CHECK_STR(io.res[1].name, "b");
		iomem_free(&io);
	}
	/* NULL badline is allowed. */
	{
		struct iomem io;

		CHECK_INT(iomem_parse("garbage\n", &io, NULL), -EINVAL);
	}
}

static void test_indentation(void)
{
	struct iomem io;
	/* Deeper than the kernel's 5 levels, odd widths, jumps and an indented first
	 * line. */
	static const char deep[] = "   00000000-0000ffff : first\n"
				   "  00000000-00000fff : c1\n"
				   "          00000000-000000ff : jump\n"
				   "             00000000-0000000f : odd\n"
				   "00010000-0001ffff : second\n"
				   "   00010000-00017fff : three-spaces\n"
				   "     00010000-00010fff : five\n"
				   "  00018000-0001ffff : two\n"
				   " 00020000-00020fff : one-space\n";

	CHECK_INT(iomem_parse(deep, &io, NULL), 0);
	check_invariants(&io);
	CHECK_U64(io.nres, 9);
	CHECK_U64(io.res[0].depth, 0);
	CHECK_INT(io.res[0].parent, -1);
	CHECK_INT(io.res[1].parent, 0);
	CHECK_U64(io.res[2].depth, 2); /* clamped to one below its predecessor */
	CHECK_INT(io.res[2].parent, 1);
	CHECK_U64(io.res[3].depth, 3);
	CHECK_STR(io.res[3].path, "first/c1/jump/odd");
	CHECK_STR(path_at(&io, 0x0), "first/c1/jump/odd");
	CHECK_STR(path_at(&io, 0x10), "first/c1/jump");
	CHECK_STR(path_at(&io, 0x100), "first/c1");
	CHECK_STR(path_at(&io, 0x1000), "first");
	CHECK_U64(io.res[5].depth, 1); /* three spaces round down */
	CHECK_INT(io.res[5].parent, 4);
	CHECK_STR(io.res[6].path, "second/three-spaces/five");
	CHECK_INT(io.res[7].parent, 4);
	CHECK_STR(io.res[7].path, "second/two");
	CHECK_U64(io.res[8].depth, 0); /* one space: top level */
	CHECK_INT(io.res[8].parent, -1);
	CHECK_STR(path_at(&io, 0x10000), "second/three-spaces/five");
	CHECK_STR(path_at(&io, 0x11000), "second/three-spaces");
	CHECK_STR(path_at(&io, 0x18000), "second/two");
	CHECK_STR(path_at(&io, 0x20000), "one-space");
	iomem_free(&io);

	/* 200 nested levels: bounded depth, every lookup still answers. */
	{
		size_t cap = 65536;
		char *t = malloc(cap);
		size_t off = 0;

		CHECK(t != NULL);
		if (!t)
			return;
		for (int d = 0; d < 200; d++)
			off += (size_t)snprintf(t + off, cap - off,
						"%*s%08x-%08x : l%d\n", 2 * d, "", d,
						0x10000 - d, d);
		CHECK_INT(iomem_parse(t, &io, NULL), 0);
		check_invariants(&io);
		CHECK_U64(io.nres, 200);
		CHECK(iomem_lookup(&io, 0x8000, NULL) != NULL);
		CHECK(iomem_lookup(&io, 0, NULL) != NULL);
		CHECK_STR(path_at(&io, 0x10000), "l0");
		iomem_free(&io);
		free(t);
	}
}

static void test_overlap(void)
{
	struct iomem io;
	/* Hostile input: overlapping and unsorted siblings. The first one wins. */
	static const char text[] = "00000000-0000ffff : A\n"
				   "00008000-00017fff : B\n"
				   "00004000-00004fff : C\n"
				   "00020000-0002ffff : D\n"
				   "  00028000-0003ffff : child past its parent\n"
				   "00030000-00030fff : E\n";

	CHECK_INT(iomem_parse(text, &io, NULL), 0);
	check_invariants(&io);
	CHECK_STR(path_at(&io, 0x8000), "A");
	CHECK_STR(path_at(&io, 0x4000), "A");
	CHECK_STR(path_at(&io, 0xffff), "A");
	CHECK_STR(path_at(&io, 0x20000), "D");
	CHECK_STR(path_at(&io, 0x28000), "D/child past its parent");
	iomem_free(&io);
}

int main(void)
{
	test_x86_sample();
	test_e500_sample();
	test_top_of_space();
	test_hidden();
	test_malformed();
	test_indentation();
	test_overlap();
	return unit_exit("test-iomem");
}
