// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for kpageflags names, parsing and formatting (src/kpf.c). */
#include <errno.h>

#include "kpf.h"
#include "unit.h"

static void test_names(void)
{
	CHECK_STR(kpf_name(KPF_LOCKED), "locked");
	CHECK_STR(kpf_name(KPF_NOPAGE), "nopage");
	CHECK_STR(kpf_name(KPF_ZERO_PAGE), "zero_page");
	CHECK_STR(kpf_name(KPF_PGTABLE), "pgtable");
	CHECK_STR(kpf_name(KPF_RESERVED), "reserved");
	CHECK_STR(kpf_name(KPF_OWNER_2), "owner_2");
	CHECK_STR(kpf_name(KPF_ARCH_3), "arch_3");
	CHECK(kpf_name(27) == NULL);
	CHECK(kpf_name(31) == NULL);
	CHECK(kpf_name(43) == NULL);
	CHECK(kpf_name(63) == NULL);
	CHECK(kpf_name(64) == NULL);
	CHECK(kpf_name(~0u) == NULL);
	/* Bits 0-26 and 32-42 are all named (kernel-facts §3.1). */
	for (unsigned b = 0; b <= 26; b++)
		CHECK(kpf_name(b) != NULL);
	for (unsigned b = 32; b <= 42; b++)
		CHECK(kpf_name(b) != NULL);
}

static void test_format(void)
{
	char buf[512];

	CHECK_INT(kpf_format(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_INT(kpf_format(KPF(KPF_ZERO_PAGE) | KPF(KPF_RESERVED), buf, sizeof(buf)),
		  0);
	CHECK_STR(buf, "zero_page,reserved");
	CHECK_INT(kpf_format(KPF(KPF_LOCKED) | KPF(27) | KPF(63), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "locked,bit27,bit63");
	CHECK_INT(kpf_format(KPF(KPF_THP) | KPF(KPF_COMPOUND_HEAD), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "compound_head,thp");
	/* Every bit set fits in 512 bytes and parses back. */
	CHECK_INT(kpf_format(UINT64_MAX, buf, sizeof(buf)), 0);
	/* Too small: exact fit needs the NUL too. */
	CHECK_INT(kpf_format(KPF(KPF_LOCKED), buf, 0), -ENOSPC);
	CHECK_INT(kpf_format(KPF(KPF_LOCKED), buf, 6), -ENOSPC);
	CHECK_INT(kpf_format(KPF(KPF_LOCKED), buf, 7), 0);
	CHECK_STR(buf, "locked");
	CHECK_INT(kpf_format(KPF(KPF_LOCKED) | KPF(KPF_ERROR), buf, 12), -ENOSPC);
	CHECK_INT(kpf_format(KPF(KPF_LOCKED) | KPF(KPF_ERROR), buf, 13), 0);
	CHECK_STR(buf, "locked,error");
}

static void test_parse(void)
{
	uint64_t m = 0;
	char buf[512];

	CHECK_INT(kpf_parse("reserved", &m), 0);
	CHECK_U64(m, KPF(KPF_RESERVED));
	CHECK_INT(kpf_parse("thp,zero_page,nopage", &m), 0);
	CHECK_U64(m, KPF(KPF_THP) | KPF(KPF_ZERO_PAGE) | KPF(KPF_NOPAGE));
	CHECK_INT(kpf_parse("reserved,", &m), 0);
	CHECK_U64(m, KPF(KPF_RESERVED));
	CHECK_INT(kpf_parse("0x100000000", &m), 0);
	CHECK_U64(m, KPF(KPF_RESERVED));
	CHECK_INT(kpf_parse("4096", &m), 0);
	CHECK_U64(m, 4096);
	CHECK_INT(kpf_parse("0", &m), 0);
	CHECK_U64(m, 0);
	CHECK_INT(kpf_parse("0xffffffffffffffff", &m), 0);
	CHECK_U64(m, UINT64_MAX);

	m = 0x1234;
	CHECK_INT(kpf_parse("", &m), -EINVAL);
	CHECK_INT(kpf_parse(NULL, &m), -EINVAL);
	CHECK_INT(kpf_parse("bogus", &m), -EINVAL);
	CHECK_INT(kpf_parse("reserved,bogus", &m), -EINVAL);
	CHECK_INT(kpf_parse(",reserved", &m), -EINVAL);
	CHECK_INT(kpf_parse("reserved,,thp", &m), -EINVAL);
	CHECK_INT(kpf_parse("Reserved", &m), -EINVAL);
	CHECK_INT(kpf_parse("reserve", &m), -EINVAL);
	CHECK_INT(kpf_parse("reservedx", &m), -EINVAL);
	CHECK_INT(kpf_parse("bit27", &m), -EINVAL);
	CHECK_INT(kpf_parse("0x", &m), -EINVAL);
	CHECK_INT(kpf_parse("12k", &m), -EINVAL);
	CHECK_INT(kpf_parse("0x10000000000000000", &m), -EINVAL);
	CHECK_INT(kpf_parse("-1", &m), -EINVAL);
	CHECK_INT(kpf_parse(" 1", &m), -EINVAL);
	CHECK_INT(kpf_parse("+1", &m), -EINVAL);
	CHECK_U64(m, 0x1234); /* untouched on error */

	/* Round trips: every named bit, and the union of all of them. */
	{
		uint64_t all = 0;

		for (unsigned b = 0; b < 64; b++) {
			const char *n = kpf_name(b);

			if (!n)
				continue;
			all |= KPF(b);
			CHECK_INT(kpf_parse(n, &m), 0);
			CHECK_U64(m, KPF(b));
		}
		CHECK_INT(kpf_format(all, buf, sizeof(buf)), 0);
		CHECK_INT(kpf_parse(buf, &m), 0);
		CHECK_U64(m, all);
	}
}

int main(void)
{
	test_names();
	test_format();
	test_parse();
	return unit_exit("test-kpf");
}
