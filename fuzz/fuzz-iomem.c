// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: /proc/iomem text -> resource tree and segments (iomem_parse). */
#include <errno.h>

#include "fuzz.h"
#include "iomem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct iomem io;
	unsigned bad = 0;
	int err = iomem_parse(text, &io, &bad);

	if (err < 0) {
		FUZZ_ASSERT(err == -EINVAL || err == -ENOMEM);
		FUZZ_ASSERT(err != -EINVAL || bad > 0);
		free(text);
		return 0;
	}
	for (size_t i = 0; i < io.nres; i++) {
		const struct iomem_res *r = &io.res[i];

		FUZZ_ASSERT(r->start <= r->end);
		FUZZ_ASSERT(r->parent < (int)i);
		FUZZ_ASSERT(r->path && r->name);
		FUZZ_ASSERT(r->parent < 0 ? r->depth == 0
					  : r->depth == io.res[r->parent].depth + 1);
	}
	for (size_t i = 0; i < io.nseg; i++) {
		const struct iomem_seg *s = &io.seg[i];

		FUZZ_ASSERT(s->start <= s->end);
		FUZZ_ASSERT(s->res >= 0 && (size_t)s->res < io.nres);
		FUZZ_ASSERT(s->start >= io.res[s->res].start &&
			    s->end <= io.res[s->res].end);
		if (i)
			FUZZ_ASSERT(io.seg[i - 1].end < s->start);
		/* Both ends of every segment look up to it, with and without a hint. */
		FUZZ_ASSERT(iomem_lookup(&io, s->start, NULL) == s);
		FUZZ_ASSERT(iomem_lookup(&io, s->end, NULL) == s);
		FUZZ_ASSERT(iomem_lookup(&io, s->end, i ? s - 1 : NULL) == s);
		(void)iomem_is_system_ram(&io, s);
		FUZZ_ASSERT(iomem_seg_path(&io, s) != NULL);
	}
	/* Arbitrary addresses from the input. */
	for (size_t at = 0; at < size && at < 64; at += 8) {
		uint64_t a = fuzz_u64(data, size, at);
		const struct iomem_seg *s = iomem_lookup(&io, a, io.nseg ? io.seg : NULL);

		FUZZ_ASSERT(!s || (a >= s->start && a <= s->end));
	}
	iomem_free(&io);
	free(text);
	return 0;
}
