// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsers of QEMU monitor text: info mtree -f, info ramblock (7.2 and HVA-column
 * formats), gpa2hva replies, and the guest map built from them. Inputs are real QEMU 7.2
 * output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mtree.h"
#include "unit.h"

static const char mtree_72[] =
	"FlatView #0\n"
	" AS \"I/O\", root: io\n"
	" Root memory region: io\n"
	"  0000000000000000-0000000000000007 (prio 0, i/o): dma-chan\n"
	"\n"
	"FlatView #1\n"
	" AS \"memory\", root: system\n"
	" AS \"cpu-memory-0\", root: system\n"
	" Root memory region: system\n"
	"  0000000000000000-000000000009ffff (prio 0, ram): pc.ram\n"
	"  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem\n"
	"  00000000000c0000-00000000000dffff (prio 1, rom): pc.rom\n"
	"  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000\n"
	"  0000000000100000-000000003fffffff (prio 0, ram): pc.ram @0000000000100000\n"
	"  00000000fd000000-00000000fdffffff (prio 1, ram): vga.vram KVM\n"
	"  00000000febf0500-00000000febf0515 (prio 0, i/o): bochs dispi interface\n"
	"  00000000fec00000-00000000fec00fff (prio 0, i/o): ioapic\n"
	"  00000000fee00000-00000000feefffff (prio 4096, i/o): apic-msi\n"
	"  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios KVM\n"
	"  0000000100000000-000000013fffffff (prio 0, ram): pc.ram @0000000040000000 "
	"KVM\n"
	"\n"
	"FlatView #2\n"
	" AS \"other\", root: x\n"
	"  0000000000000000-0000000000000fff (prio 0, ram): not-this\n";

static const char ramblock_72[] =
	"              Block Name    PSize              Offset               Used        "
	"      Total\n"
	"                  pc.ram    4 KiB  0x0000000000000000 0x0000000040000000 "
	"0x0000000040000000\n"
	"   0000:00:02.0/vga.vram    4 KiB  0x0000000040080000 0x0000000001000000 "
	"0x0000000001000000\n"
	"    /rom@etc/acpi/tables    4 KiB  0x0000000041100000 0x0000000000020000 "
	"0x0000000000200000\n"
	"                  pc.bios    4 KiB  0x0000000040000000 0x0000000000040000 "
	"0x0000000000040000\n"
	"                      m0    2 MiB  0x0000000000000000 0x0000000040000000 "
	"0x0000000040000000\n";

/* The newer layout with HVA and RO columns (constructed in that format). */
static const char ramblock_hva[] =
	"              Block Name    PSize              Offset               Used        "
	"      Total                HVA  RO\n"
	"                  pc.ram    4 KiB  0x0000000000000000 0x0000000080000000 "
	"0x0000000080000000 0x00007f19b3e00000  rw\n"
	"   0000:00:02.0/vga.vram    4 KiB  0x0000000040080000 0x0000000001000000 "
	"0x0000000001000000 0x00007f19a0000000  rw\n"
	"                 pc.bios    4 KiB  0x0000000040000000 0x0000000000040000 "
	"0x0000000000040000 0x00007f1a40400000  ro\n"
	"                  pc.rom    4 KiB  0x0000000040040000 0x0000000000020000 "
	"0x0000000000020000 0x00007f1a40200000  ro\n";

struct fake_qemu {
	unsigned calls;
};

/* Answers like QEMU: pc.ram at 0x7f19b3e00000, pc.bios at 0x7f1a40400000... */
static int fake_gpa2hva(uint64_t gpa, uint64_t *hva, char *region, size_t len, void *ud)
{
	static const struct {
		uint64_t gpa, hva;
		const char *name;
	} t[] = {
		{ 0x0, 0x7f19b3e00000, "pc.ram" },
		{ 0xc0000, 0x7f1a40200000, "pc.rom" },
		{ 0xe0000, 0x7f1a40420000, "pc.bios" },
		{ 0xfd000000, 0x7f19a0000000, "vga.vram" },
	};
	struct fake_qemu *q = ud;
	char reply[128];

	q->calls++;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].gpa == gpa) {
			snprintf(reply, sizeof(reply),
				 "Host virtual address for 0x%llx (%s) is 0x%llx\r\n",
				 (unsigned long long)gpa, t[i].name,
				 (unsigned long long)t[i].hva);
			return gpa2hva_parse(reply, hva, region, len);
		}
	return gpa2hva_parse("No memory is mapped at address 0x1\r\n", hva, region, len);
}

static void test_flat(void)
{
	struct mtree_flat f;
	unsigned bad = 0;

	CHECK_INT(mtree_parse_flat(mtree_72, "memory", &f, &bad), 0);
	CHECK_INT(f.n, 11);
	CHECK_U64(f.e[0].start, 0);
	CHECK_U64(f.e[0].size, 0xa0000);
	CHECK_STR(f.e[0].name, "pc.ram");
	CHECK_INT(f.e[1].kind, GM_IO);
	CHECK_INT(f.e[2].kind, GM_ROM);
	CHECK_STR(f.e[3].name, "pc.bios");
	CHECK_U64(f.e[3].off, 0x20000);
	CHECK_STR(f.e[5].name, "vga.vram"); /* " KVM" stripped */
	CHECK_STR(f.e[6].name, "bochs dispi interface");
	CHECK_U64(f.e[6].size, 0x16);
	CHECK_STR(f.e[9].name, "pc.bios");
	CHECK_U64(f.e[10].off, 0x40000000);
	CHECK_STR(f.e[10].name, "pc.ram");
	mtree_flat_free(&f);

	CHECK_INT(mtree_parse_flat(mtree_72, "nosuch", &f, &bad), -ENOENT);
	CHECK_INT(mtree_parse_flat("FlatView #1\n AS \"memory\", root: s\n"
				   "  0000-0fff (prio 0, ram: x\n",
				   "memory", &f, &bad),
		  -EINVAL);
	CHECK_INT(bad, 3);
	CHECK_INT(mtree_parse_flat("FlatView #1\n AS \"memory\", root: s\n"
				   "  2000-0fff (prio 0, ram): x\n",
				   "memory", &f, &bad),
		  -EINVAL);
	CHECK_INT(mtree_parse_flat("FlatView #1\n AS \"memory\", root: s\n"
				   "  fffffffffffffffff-0fff (prio 0, ram): x\n",
				   "memory", &f, &bad),
		  -EINVAL);
	CHECK_INT(mtree_parse_flat("", "memory", &f, &bad), -ENOENT);
}

static void test_ramblock(void)
{
	struct ramblock_list l;
	unsigned bad = 0;

	CHECK_INT(ramblock_parse(ramblock_72, &l, &bad), 0);
	CHECK_INT(l.n, 5);
	CHECK(!l.hva_column);
	CHECK_STR(l.b[1].name, "0000:00:02.0/vga.vram");
	CHECK_U64(l.b[1].used, 0x1000000);
	CHECK_U64(l.b[2].total, 0x200000);
	CHECK_U64(l.b[4].psize, 2 << 20);
	CHECK(ramblock_for_region(&l, "vga.vram") == &l.b[1]);
	CHECK(ramblock_for_region(&l, "pc.ram") == &l.b[0]);
	CHECK(ramblock_for_region(&l, "vram") == NULL);
	ramblock_list_free(&l);

	CHECK_INT(ramblock_parse(ramblock_hva, &l, &bad), 0);
	CHECK(l.hva_column);
	CHECK_INT(l.n, 4);
	CHECK(l.b[0].has_hva);
	CHECK_U64(l.b[0].hva, 0x7f19b3e00000);
	CHECK(!l.b[0].readonly);
	CHECK(l.b[2].readonly);
	ramblock_list_free(&l);

	CHECK_INT(ramblock_parse("no header\n", &l, &bad), -EINVAL);
	CHECK_INT(ramblock_parse(
			  "Block Name PSize Offset Used Total\n x 4 KiB 0x0 0x10 0x8\n",
			  &l, &bad),
		  -EINVAL); /* used > total */
	CHECK_INT(bad, 2);
}

static void test_gpa2hva(void)
{
	char name[16];
	uint64_t hva = 0;

	CHECK_INT(gpa2hva_parse("Host virtual address for 0x100000 (pc.ram) is "
				"0x7f19b3f00000\r\n",
				&hva, name, sizeof(name)),
		  0);
	CHECK_U64(hva, 0x7f19b3f00000);
	CHECK_STR(name, "pc.ram");
	CHECK_INT(gpa2hva_parse("No memory is mapped at address 0x40000000\r\n", &hva,
				name, sizeof(name)),
		  -ENOENT);
	CHECK_INT(gpa2hva_parse("Host virtual address for 0x1 (x) is zz\r\n", &hva, name,
				sizeof(name)),
		  -EINVAL);
	CHECK_INT(gpa2hva_parse("garbage", &hva, name, sizeof(name)), -EINVAL);
	/* Long names are truncated, not overflowed. */
	CHECK_INT(
		gpa2hva_parse(
			"Host virtual address for 0x0 (a-very-long-region-name) is 0x10",
			&hva, name, sizeof(name)),
		0);
	CHECK_INT(strlen(name), sizeof(name) - 1);
}

static void test_build(void)
{
	struct mtree_flat f;
	struct ramblock_list rb;
	struct guest_map gm = { 0 };
	struct fake_qemu q = { 0 };
	const struct gm_region *r;
	unsigned bad;

	/* 7.2: no HVA column, one gpa2hva per region name. */
	CHECK_INT(mtree_parse_flat(mtree_72, "memory", &f, &bad), 0);
	CHECK_INT(ramblock_parse(ramblock_72, &rb, &bad), 0);
	CHECK_INT(mtree_build_map(&f, &rb, fake_gpa2hva, &q, &gm), 0);
	CHECK_INT(gm.n, 11);
	CHECK_INT(q.calls, 4); /* pc.ram, pc.rom, pc.bios, vga.vram */
	r = guest_map_find(&gm, 0x100000);
	CHECK(r && r->has_hva && r->hva == 0x7f19b3f00000);
	r = guest_map_find(&gm, 0x100000000);
	CHECK(r && r->hva == 0x7f19b3e00000 + 0x40000000);
	r = guest_map_find(&gm, 0xfffc0000);
	CHECK(r && r->kind == GM_ROM && r->hva == 0x7f1a40400000);
	r = guest_map_find(&gm, 0xfec00000);
	CHECK(r && r->kind == GM_IO && !r->has_hva);
	CHECK(guest_map_find(&gm, 0x50000000) == NULL);
	guest_map_free(&gm);
	ramblock_list_free(&rb);

	/* Newer QEMU: the HVA column answers, no gpa2hva needed for those blocks. */
	q.calls = 0;
	CHECK_INT(ramblock_parse(ramblock_hva, &rb, &bad), 0);
	CHECK_INT(mtree_build_map(&f, &rb, fake_gpa2hva, &q, &gm), 0);
	CHECK_INT(q.calls, 0);
	r = guest_map_find(&gm, 0xe0000);
	CHECK(r && r->hva == 0x7f1a40400000 + 0x20000);
	r = guest_map_find(&gm, 0xfd000000);
	CHECK(r && r->hva == 0x7f19a0000000);
	guest_map_free(&gm);
	ramblock_list_free(&rb);

	/* No way to learn HVAs: RAM regions stay without one. */
	CHECK_INT(mtree_build_map(&f, NULL, NULL, NULL, &gm), 0);
	r = guest_map_find(&gm, 0);
	CHECK(r && !r->has_hva);
	guest_map_free(&gm);
	mtree_flat_free(&f);
}

int main(void)
{
	test_flat();
	test_ramblock();
	test_gpa2hva();
	test_build();
	return unit_exit("test-mtree");
}
