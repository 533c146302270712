// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: QEMU monitor text ("info mtree -f", "info ramblock", "gpa2hva"
 * replies) and the guest map built from them (src/mtree.c).
 */
#include <errno.h>

#include "fuzz.h"
#include "guestmap.h"
#include "mtree.h"

/* A fake VMM: HVA = GPA + a base, region = the flat-view entry holding GPA. */
static int fake_hva(uint64_t gpa, uint64_t *hva, char *region, size_t len, void *ud)
{
	const struct mtree_flat *f = ud;

	for (size_t i = 0; i < f->n; i++) {
		if (gpa >= f->e[i].start && gpa - f->e[i].start < f->e[i].size) {
			if (gpa & 0x1000)
				return -ENOENT;
			snprintf(region, len, "%s", f->e[i].name);
			*hva = 0x7f0000000000ULL + gpa;
			return 0;
		}
	}
	return -ENOENT;
}

static void check_map(const struct guest_map *gm)
{
	for (size_t i = 0; i < gm->n; i++) {
		const struct gm_region *r = &gm->r[i];

		FUZZ_ASSERT(r->size > 0);
		FUZZ_ASSERT((unsigned)r->kind < GM__COUNT);
		if (i)
			FUZZ_ASSERT(gm->r[i - 1].gpa + (gm->r[i - 1].size - 1) < r->gpa);
		FUZZ_ASSERT(guest_map_find(gm, r->gpa) == r);
		FUZZ_ASSERT(guest_map_find(gm, r->gpa + (r->size - 1)) == r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct mtree_flat flat = { 0 };
	struct ramblock_list rb = { 0 };
	char region[64];
	uint64_t hva;
	unsigned bad = 0;
	int err, rerr;

	err = mtree_parse_flat(text, "memory", &flat, &bad);
	FUZZ_ASSERT(err <= 0);
	if (err == 0) {
		for (size_t i = 0; i < flat.n; i++) {
			FUZZ_ASSERT(flat.e[i].name != NULL);
			FUZZ_ASSERT((unsigned)flat.e[i].kind < GM__COUNT);
		}
	}
	rerr = ramblock_parse(text, &rb, &bad);
	FUZZ_ASSERT(rerr <= 0);
	if (rerr == 0)
		for (size_t i = 0; i < rb.n; i++) {
			FUZZ_ASSERT(rb.b[i].name != NULL);
			(void)ramblock_for_region(&rb, rb.b[i].name);
		}
	if (err == 0) {
		struct guest_map gm = { 0 }, gm2 = { 0 };

		if (mtree_build_map(&flat, rerr == 0 ? &rb : NULL, fake_hva, &flat,
				    &gm) == 0)
			check_map(&gm);
		guest_map_free(&gm);
		if (mtree_build_map(&flat, NULL, NULL, NULL, &gm2) == 0)
			check_map(&gm2);
		guest_map_free(&gm2);
	}
	err = gpa2hva_parse(text, &hva, region, sizeof(region));
	FUZZ_ASSERT(err == 0 || err == -ENOENT || err == -EINVAL);
	FUZZ_ASSERT(err || strlen(region) < sizeof(region));
	err = gpa2hva_parse(text, &hva, region, 1);
	FUZZ_ASSERT(err || region[0] == '\0');
	(void)gpa2hva_parse(text, &hva, NULL, 0);

	mtree_flat_free(&flat);
	if (rerr == 0)
		ramblock_list_free(&rb);
	free(text);
	return 0;
}
