// SPDX-License-Identifier: GPL-2.0-or-later
/* The --map text format: parse, write, parse again; malformed and hostile input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guestmap.h"
#include "unit.h"

static void test_parse(void)
{
	static const char text[] = "# pfnclass guest map\n"
				   "0x100000000 +2G ram 0x7fa0bfe00000 pc.ram\n"
				   "0 0x9ffff ram 0x7fa03fe00000 pc.ram   # low RAM\n"
				   "\n"
				   "0xa0000 0xbffff io - vga-lowmem\r\n"
				   "  0xfffc0000 +256K rom 0x7f1a40400000 pc.bios\n"
				   "0xfd000000 +16M ram - vga.vram\n"
				   "0xfebf0500 0xfebf0515 io - bochs dispi interface\n";
	struct guest_map gm = { 0 };
	const struct gm_region *r;
	unsigned bad = 0;

	CHECK_INT(guest_map_parse(text, &gm, &bad), 0);
	CHECK_INT(gm.n, 6);
	CHECK_U64(gm.r[0].gpa, 0); /* sorted */
	CHECK_U64(gm.r[0].size, 0xa0000);
	CHECK_STR(gm.r[0].name, "pc.ram");
	r = guest_map_find(&gm, 0x17fffffff);
	CHECK(r && r->hva == 0x7fa0bfe00000 && r->size == 2ULL << 30);
	r = guest_map_find(&gm, 0xa0000);
	CHECK(r && r->kind == GM_IO && !r->has_hva);
	r = guest_map_find(&gm, 0xfd000000);
	CHECK(r && r->kind == GM_RAM && !r->has_hva);
	r = guest_map_find(&gm, 0xfebf0515);
	CHECK(r && strcmp(r->name, "bochs dispi interface") == 0);
	CHECK(guest_map_find(&gm, 0xfebf0516) == NULL);
	CHECK_U64(guest_map_bytes(&gm, GM_RAM), 0xa0000 + (2ULL << 30) + (16 << 20));
	guest_map_free(&gm);
}

static void test_roundtrip(void)
{
	struct guest_map gm = { 0 }, back = { 0 };
	char *buf = NULL;
	size_t len = 0;
	unsigned bad;
	FILE *f;

	CHECK_INT(
		gm_add(&gm, 0x100000, 0x3ff00000, GM_RAM, true, 0x7f19b3f00000, "pc.ram"),
		0);
	CHECK_INT(gm_add(&gm, 0xfec00000, 0x1000, GM_IO, false, 0, "ioapic"), 0);
	CHECK_INT(
		gm_add(&gm, 0xfffc0000, 0x40000, GM_ROM, true, 0x7f1a40400000, "pc.bios"),
		0);
	CHECK_INT(guest_map_set_source(&gm, "qmp", true), 0);
	f = open_memstream(&buf, &len);
	CHECK_INT(guest_map_write(f, &gm), 0);
	fclose(f);
	CHECK(strstr(buf, "# source: qmp (exact)") != NULL);
	CHECK_INT(guest_map_parse(buf, &back, &bad), 0);
	CHECK_INT(back.n, gm.n);
	for (size_t i = 0; i < gm.n && i < back.n; i++) {
		CHECK_U64(back.r[i].gpa, gm.r[i].gpa);
		CHECK_U64(back.r[i].size, gm.r[i].size);
		CHECK_INT(back.r[i].kind, gm.r[i].kind);
		CHECK_INT(back.r[i].has_hva, gm.r[i].has_hva);
		CHECK_U64(back.r[i].hva, gm.r[i].hva);
		CHECK_STR(back.r[i].name, gm.r[i].name);
	}
	free(buf);
	guest_map_free(&gm);
	guest_map_free(&back);
}

static void bad_input(const char *text, int err, unsigned line)
{
	struct guest_map gm = { 0 };
	unsigned bad = 0;

	CHECK_INT(guest_map_parse(text, &gm, &bad), err);
	CHECK_INT(bad, line);
	guest_map_free(&gm);
}

static void test_hostile(void)
{
	char *big;

	bad_input("0 0xfff ram\n", -EINVAL, 1); /* missing HVA */
	bad_input("0 0xfff ram 0x1000 a\n0x1000 0xfff ram - b\n", -EINVAL,
		  2);						   /* end < start */
	bad_input("0 0xfff disk - a\n", -EINVAL, 1);		   /* unknown kind */
	bad_input("0 0xfff io 0x1000 a\n", -EINVAL, 1);		   /* i/o with an HVA */
	bad_input("0 +0 ram - a\n", -EINVAL, 1);		   /* empty */
	bad_input("0xffffffffffffffff +2 ram - a\n", -EINVAL, 1);  /* wraps */
	bad_input("0 +1K ram 0xfffffffffffffc00 a\n", 0, 0);	   /* fits exactly */
	bad_input("0 +1K ram 0xfffffffffffffe00 a\n", -EINVAL, 1); /* HVA wraps */
	bad_input("0 0xffffffffffffffff ram - a\n", -EINVAL, 1);   /* 2^64 bytes */
	bad_input("0x1g +1 ram - a\n", -EINVAL, 1);
	bad_input("99999999999999999999 +1 ram - a\n", -EINVAL, 1); /* overflow */
	bad_input("0 +1 ram - a\x01b\n", -EINVAL, 1); /* control character */
	bad_input("0 +2M ram - a\n# c\n0x100000 +4K rom - b\n", -ERANGE, 3); /* overlap */
	bad_input("0x100000 +4K rom - b\n0 +2M ram - a\n", -ERANGE, 2);
	big = malloc(GM_MAX_LINE + 64);
	memset(big, 'x', GM_MAX_LINE + 10);
	memcpy(big, "0 +1 ram - ", 11);
	big[GM_MAX_LINE + 10] = '\0';
	bad_input(big, -EINVAL, 1); /* line too long */
	memset(big + 11, 'n', GM_MAX_NAME + 1);
	big[11 + GM_MAX_NAME + 1] = '\0';
	bad_input(big, -EINVAL, 1); /* name too long */
	free(big);
}

int main(void)
{
	test_parse();
	test_roundtrip();
	test_hostile();
	return unit_exit("test-guestmap");
}
