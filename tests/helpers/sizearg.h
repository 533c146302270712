/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: a size argument "N", "NK", "NM" or "NG" (decimal or 0x hex). */
#ifndef PFNCLASS_TESTS_SIZEARG_H
#define PFNCLASS_TESTS_SIZEARG_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

static inline int parse_size_arg(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	}
	if (shift)
		end++;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

#endif
