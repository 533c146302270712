// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for --range parsing and merging (addr_range_parse, addr_ranges_normalize).
 */
#include <errno.h>

#include "scan.h"
#include "unit.h"

static void good(const char *s, uint64_t start, uint64_t end)
{
	struct addr_range r = { 1, 1 };
	int err = addr_range_parse(s, &r);

	CHECK_INT(err, 0);
	if (err)
		fprintf(stderr, "\tinput \"%s\"\n", s);
	CHECK_U64(r.start, start);
	CHECK_U64(r.end, end);
}

static void bad(const char *s)
{
	struct addr_range r = { 7, 9 };
	int err = addr_range_parse(s, &r);

	CHECK(err < 0);
	if (err >= 0)
		fprintf(stderr, "\tinput \"%s\" accepted as [0x%llx, 0x%llx)\n", s,
			(unsigned long long)r.start, (unsigned long long)r.end);
	CHECK(r.start == 7 && r.end == 9);
}

static void test_parse(void)
{
	good("0x1000-0x1fff", 0x1000, 0x2000);
	good("0x1000-0x1000", 0x1000, 0x1001);
	good("4096-8191", 4096, 8192);
	good("0x1000+0x1000", 0x1000, 0x2000);
	good("4096+4K", 4096, 8192);
	good("4k+4k", 4096, 8192);
	good("1G+2M", 1ULL << 30, (1ULL << 30) + (2ULL << 20));
	good("1g-2g", 1ULL << 30, (2ULL << 30) + 1);
	good("1T+1", 1ULL << 40, (1ULL << 40) + 1);
	good("0+1", 0, 1);
	good("0-0", 0, 1);
	good("0x7f19b3e00000+1G", 0x7f19b3e00000ULL, 0x7f19f3e00000ULL);
	good("0xfffffffffffff000+0xfff", 0xfffffffffffff000ULL, 0xffffffffffffffffULL);
	good("0-0xfffffffffffffffe", 0, UINT64_MAX);
	good("0x3ffffffffffffK+1", 0xffffffffffffc00ULL, 0xffffffffffffc01ULL);

	bad("");
	bad("0x1000");
	bad("0x1000-");
	bad("0x1000+");
	bad("-0x1000");
	bad("+5");
	bad("abc-def");
	bad("0x2000-0x1000");
	bad("0x1000+0");
	bad("0x1000-0x2000x");
	bad("0x1000+4KK");
	bad("1- 2");
	bad(" 1-2");
	bad("1--2");
	bad("1-+2");
	bad("1+-2");
	bad("1-2-3");
	bad("0-0xffffffffffffffff"); /* the inclusive end cannot be represented */
	bad("0xffffffffffffffff+1"); /* wraps */
	bad("0x8000000000000000+0x8000000000000000");
	bad("18446744073709551616-0"); /* 2^64 */
	bad("0-18446744073709551616");
	/* Suffixes that shift bits out of 64. */
	bad("0x40000000000000K+1");
	bad("16777216T+1");
	bad("0-0x400000000000000G");
	bad("1+0x100000000000000000");
}

static void test_normalize(void)
{
	struct addr_range r[] = {
		{ 0x3000, 0x4000 }, { 0x1000, 0x2000 }, { 0x2000, 0x2800 },
		{ 0x1800, 0x1900 }, { 0x3800, 0x3900 }, { 0x9000, 0xa000 },
	};
	struct addr_range one = { 5, 6 };
	struct addr_range top[] = { { 0xfffffffffffff000ULL, UINT64_MAX },
				    { 0, 1 },
				    { 0xffffffffffff0000ULL, 0xfffffffffffff001ULL } };
	size_t n = addr_ranges_normalize(r, 6);

	CHECK_U64(n, 3);
	CHECK_U64(r[0].start, 0x1000); /* touching ranges merge */
	CHECK_U64(r[0].end, 0x2800);
	CHECK_U64(r[1].start, 0x3000);
	CHECK_U64(r[1].end, 0x4000);
	CHECK_U64(r[2].start, 0x9000);
	CHECK_U64(r[2].end, 0xa000);

	CHECK_U64(addr_ranges_normalize(NULL, 0), 0);
	CHECK_U64(addr_ranges_normalize(&one, 1), 1);
	CHECK_U64(one.start, 5);
	CHECK_U64(one.end, 6);

	CHECK_U64(addr_ranges_normalize(top, 3), 2);
	CHECK_U64(top[0].start, 0);
	CHECK_U64(top[0].end, 1);
	CHECK_U64(top[1].start, 0xffffffffffff0000ULL);
	CHECK_U64(top[1].end, UINT64_MAX);
}

int main(void)
{
	test_parse();
	test_normalize();
	return unit_exit("test-scan-util");
}
