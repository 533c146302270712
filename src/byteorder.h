/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explicit little-endian encoding for files pfnclass writes itself (captures).
 * /proc binary files (and --sysroot trees, generated on the host that reads them) are in
 * host byte order and are never converted.
 */
#ifndef PFNCLASS_BYTEORDER_H
#define PFNCLASS_BYTEORDER_H

#include <stdint.h>

static inline uint64_t le64_get(const void *p)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static inline void le64_put(void *p, uint64_t v)
{
	unsigned char *b = p;

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

#endif
