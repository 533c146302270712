/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared bits of the libFuzzer targets: NUL-terminated copies and invariant checks. */
#ifndef PFNCLASS_FUZZ_H
#define PFNCLASS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string (embedded NULs end it early, as in a text file read by C). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A violated invariant is a bug: crash so libFuzzer saves the input. */
#define FUZZ_ASSERT(cond)                                                                \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,       \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* Eight bytes of the input as a number (for lookups), 0 when short. */
static inline uint64_t fuzz_u64(const uint8_t *data, size_t size, size_t at)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8 && at + i < size; i++)
		v = (v << 8) | data[at + i];
	return v;
}

#endif
