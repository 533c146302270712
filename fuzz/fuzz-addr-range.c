// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: --range values (addr_range_parse) and merging
 * (addr_ranges_normalize). */
#include "fuzz.h"
#include "scan.h"

#define MAX_RANGES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *save = NULL, *tok;
	struct addr_range r[MAX_RANGES];
	size_t n = 0, m;

	/* Comma-separated, like repeated --range options. */
	for (tok = strtok_r(s, ",", &save); tok && n < MAX_RANGES;
	     tok = strtok_r(NULL, ",", &save)) {
		struct addr_range a;

		if (addr_range_parse(tok, &a) < 0)
			continue;
		FUZZ_ASSERT(a.start < a.end);
		r[n++] = a;
	}
	m = addr_ranges_normalize(r, n);
	FUZZ_ASSERT(m <= n);
	FUZZ_ASSERT(n == 0 || m >= 1);
	for (size_t i = 0; i < m; i++) {
		FUZZ_ASSERT(r[i].start < r[i].end);
		if (i)
			FUZZ_ASSERT(r[i - 1].end < r[i].start);
	}
	free(s);
	return 0;
}
