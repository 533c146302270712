// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: --flags values (kpf_parse) and their formatting (kpf_format). */
#include <errno.h>

#include "fuzz.h"
#include "kpf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char buf[1024];
	uint64_t m = 0, m2 = 0, named = 0;

	if (kpf_parse(s, &m) == 0) {
		FUZZ_ASSERT(kpf_format(m, buf, sizeof(buf)) == 0);
		for (unsigned b = 0; b < 64; b++)
			if (kpf_name(b))
				named |= KPF(b);
		/* Named bits round-trip through their names. */
		FUZZ_ASSERT(kpf_format(m & named, buf, sizeof(buf)) == 0);
		FUZZ_ASSERT(buf[0] == '\0' ? (m & named) == 0 : kpf_parse(buf, &m2) == 0);
		FUZZ_ASSERT(buf[0] == '\0' || m2 == (m & named));
	}
	/* Formatting into every short buffer fails cleanly or fits. */
	m = fuzz_u64(data, size, 0);
	for (size_t len = 0; len < 40; len++) {
		int err = kpf_format(m, buf, len);

		FUZZ_ASSERT(err == 0 || err == -ENOSPC);
		FUZZ_ASSERT(err || strlen(buf) < len);
	}
	free(s);
	return 0;
}
