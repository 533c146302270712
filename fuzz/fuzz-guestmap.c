// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: guest map files (pfnclass-map(5)): parse, write, parse again. */
#include <errno.h>

#include "fuzz.h"
#include "guestmap.h"

static void check_sorted(const struct guest_map *gm)
{
	for (size_t i = 0; i < gm->n; i++) {
		const struct gm_region *r = &gm->r[i];

		FUZZ_ASSERT(r->size > 0);
		FUZZ_ASSERT((unsigned)r->kind < GM__COUNT);
		FUZZ_ASSERT(r->gpa + (r->size - 1) >= r->gpa); /* no wrap */
		if (i)
			FUZZ_ASSERT(gm->r[i - 1].gpa + (gm->r[i - 1].size - 1) < r->gpa);
		FUZZ_ASSERT(guest_map_find(gm, r->gpa) == r);
		FUZZ_ASSERT(guest_map_find(gm, r->gpa + (r->size - 1)) == r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *out = NULL;
	struct guest_map gm = { 0 }, gm2 = { 0 };
	size_t outlen = 0;
	unsigned bad = 0;
	FILE *f;
	int err;

	err = guest_map_parse(text, &gm, &bad);
	if (err < 0) {
		FUZZ_ASSERT(err == -EINVAL || err == -E2BIG || err == -ERANGE ||
			    err == -ENOMEM);
		FUZZ_ASSERT(err == -ENOMEM || err == -E2BIG || bad > 0);
		guest_map_free(&gm);
		free(text);
		return 0;
	}
	check_sorted(&gm);
	(void)guest_map_bytes(&gm, GM_RAM);

	/* What we write, we read back identically. */
	f = open_memstream(&out, &outlen);
	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(guest_map_write(f, &gm) == 0);
	fclose(f);
	err = guest_map_parse(out, &gm2, &bad);
	if (err != 0)
		fprintf(stderr, "re-parse failed (%d) at line %u of:\n%s\n", err, bad,
			out);
	FUZZ_ASSERT(err == 0);
	FUZZ_ASSERT(gm2.n == gm.n);
	for (size_t i = 0; i < gm.n; i++) {
		const struct gm_region *a = &gm.r[i], *b = &gm2.r[i];

		FUZZ_ASSERT(a->gpa == b->gpa && a->size == b->size && a->kind == b->kind);
		FUZZ_ASSERT(a->has_hva == b->has_hva &&
			    (!a->has_hva || a->hva == b->hva));
		FUZZ_ASSERT(!a->name == !b->name &&
			    (!a->name || !strcmp(a->name, b->name)));
	}
	guest_map_free(&gm2);
	guest_map_free(&gm);
	free(out);
	free(text);
	return 0;
}
