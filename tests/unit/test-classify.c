// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the page classifier (src/classify.c): one case per rule. */
#include <errno.h>

#include "classify.h"
#include "kpf.h"
#include "unit.h"

/* A present page at PFN 0x1234 with kpageflags FLAGS. */
static struct page_facts present(uint64_t flags, bool system_ram)
{
	struct page_facts f = { 0 };

	f.present = true;
	f.pfn_known = true;
	f.pfn = 0x1234;
	f.pme = PM_PRESENT | f.pfn;
	f.kp.flags = flags;
	f.kp.have_count = true;
	f.kp.count = 1;
	f.system_ram = system_ram;
	f.mk = MK_ANON;
	return f;
}

#define EXPECT(f, c, r, d)                                                               \
	do {                                                                             \
		struct page_class _pc;                                                   \
		classify_page(&(f), &_pc);                                               \
		CHECK_STR(pfn_class_name(_pc.cls), pfn_class_name(c));                   \
		CHECK_STR(pfn_reason_name(_pc.reason), pfn_reason_name(r));              \
		CHECK_U64(_pc.detail, (d));                                              \
	} while (0)

static void test_rules(void)
{
	struct page_facts f;

	/* Past the end of kpageflags: no struct page. */
	f = present(0, true);
	f.kp.eof = true;
	EXPECT(f, PC_MMIO, PR_KPF_EOF, PD(PD_ANON));
	f.kp.flags = KPF(KPF_RESERVED) | KPF(KPF_THP); /* ignored past EOF */
	EXPECT(f, PC_MMIO, PR_KPF_EOF, PD(PD_ANON));

	/* NOPAGE beats everything else in the flags. */
	f = present(KPF(KPF_NOPAGE), true);
	EXPECT(f, PC_MMIO, PR_NOPAGE, PD(PD_ANON));
	f = present(KPF(KPF_NOPAGE) | KPF(KPF_RESERVED) | KPF(KPF_HUGE), false);
	EXPECT(f, PC_MMIO, PR_NOPAGE, PD(PD_ANON));

	/* PG_reserved, inside or outside System RAM. */
	f = present(KPF(KPF_RESERVED), true);
	EXPECT(f, PC_RESERVED, PR_PG_RESERVED, PD(PD_ANON));
	f = present(KPF(KPF_RESERVED), false);
	EXPECT(f, PC_RESERVED, PR_PG_RESERVED, PD(PD_ANON));

	/* A page frame outside every System RAM resource. */
	f = present(0, false);
	EXPECT(f, PC_MMIO, PR_NOT_SYSTEM_RAM, PD(PD_ANON));

	/* Plain RAM, anonymous and file-backed. */
	f = present(KPF(KPF_ANON) | KPF(KPF_LRU) | KPF(KPF_MMAP), true);
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_ANON));
	f.pme |= PM_FILE;
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_FILE));

	/* The 4 KiB zero page is PG_reserved (x86, and e500 by inference). */
	f = present(KPF(KPF_ZERO_PAGE) | KPF(KPF_RESERVED), true);
	EXPECT(f, PC_RESERVED, PR_PG_RESERVED, PD(PD_ZERO));
	/* The huge zero page: THP-flagged, not reserved, pagemap says "file". */
	f = present(KPF(KPF_ZERO_PAGE) | KPF(KPF_THP) | KPF(KPF_COMPOUND_TAIL), true);
	f.pme |= PM_FILE;
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_HUGE_ZERO));

	/* THP, hugetlb, KSM, offline, hwpoison. */
	f = present(KPF(KPF_THP) | KPF(KPF_ANON) | KPF(KPF_COMPOUND_HEAD), true);
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_THP) | PD(PD_ANON));
	f = present(KPF(KPF_HUGE) | KPF(KPF_COMPOUND_TAIL), true);
	f.pme |= PM_FILE;
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_HUGETLB) | PD(PD_FILE));
	f = present(KPF(KPF_KSM) | KPF(KPF_ANON), true);
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_KSM) | PD(PD_ANON));
	f = present(KPF(KPF_OFFLINE), true);
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_OFFLINE) | PD(PD_ANON));
	f = present(KPF(KPF_HWPOISON), true);
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_HWPOISON) | PD(PD_ANON));

	/* No PTE: first touch. */
	f = (struct page_facts){ .mk = MK_ANON };
	EXPECT(f, PC_NOT_PRESENT, PR_NOT_PRESENT, 0);
	f.mk = MK_FILE;
	EXPECT(f, PC_NOT_PRESENT, PR_NOT_PRESENT, 0);

	/* Swap entry. */
	f = (struct page_facts){ .swapped = true, .pme = PM_SWAP | (0x42 << 5) | 1 };
	EXPECT(f, PC_SWAPPED, PR_SWAPPED, PD(PD_ANON));

	/* VM_PFNMAP whose device does not reveal the PFN. */
	f = (struct page_facts){ .mk = MK_PFNMAP };
	EXPECT(f, PC_UNKNOWN, PR_PFNMAP_UNKNOWN, PD(PD_PFNMAP));

	/* VFIO BAR: PFN from the mapping offset, no struct page. */
	f = (struct page_facts){ .mk = MK_VFIO, .pfn_known = true, .pfn = 0xfe000 };
	f.kp.flags = KPF(KPF_NOPAGE);
	EXPECT(f, PC_MMIO, PR_NOPAGE, PD(PD_PFNMAP) | PD(PD_DEVMEM));
	f.kp = (struct kpage_info){ .eof = true };
	EXPECT(f, PC_MMIO, PR_KPF_EOF, PD(PD_PFNMAP) | PD(PD_DEVMEM));
	/* sysfs resourceN inside a hole that has page frames (reads as 0). */
	f = (struct page_facts){ .mk = MK_PCI_RESOURCE,
				 .pfn_known = true,
				 .pfn = 0xc0000 };
	EXPECT(f, PC_MMIO, PR_NOT_SYSTEM_RAM, PD(PD_PFNMAP) | PD(PD_DEVMEM));
	/* /dev/mem over RAM. */
	f = (struct page_facts){
		.mk = MK_DEVMEM, .pfn_known = true, .pfn = 0x100, .system_ram = true
	};
	EXPECT(f, PC_RAM, PR_SYSTEM_RAM, PD(PD_PFNMAP) | PD(PD_DEVMEM));
}

static void test_names(void)
{
	char buf[64];
	enum pfn_class c = PC_RAM;

	CHECK_STR(pfn_class_name(PC_RAM), "ram");
	CHECK_STR(pfn_class_name(PC_NOT_PRESENT), "not-present");
	CHECK_STR(pfn_class_name(PC__COUNT), "?");
	CHECK_STR(pfn_class_name((enum pfn_class) - 1), "?");
	CHECK_STR(pfn_reason_name(PR_KPF_EOF), "past-kpageflags");
	CHECK_STR(pfn_reason_name(PR__COUNT), "?");
	CHECK_STR(pfn_detail_name(PD_HUGE_ZERO), "huge-zero");
	CHECK_STR(pfn_detail_name(PD__COUNT), "?");
	for (unsigned i = 0; i < PC__COUNT; i++) {
		CHECK_INT(pfn_class_parse(pfn_class_name((enum pfn_class)i), &c), 0);
		CHECK_INT(c, i);
	}
	for (unsigned i = 0; i < PR__COUNT; i++)
		CHECK(pfn_reason_name((enum pfn_reason)i) != NULL);
	for (unsigned i = 0; i < MK__COUNT; i++)
		CHECK(map_kind_name((enum map_kind)i) != NULL);
	CHECK_INT(pfn_class_parse("RAM", &c), -EINVAL);
	CHECK_INT(pfn_class_parse("", &c), -EINVAL);

	CHECK_INT(pfn_detail_format(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_INT(pfn_detail_format(PD(PD_ANON) | PD(PD_THP), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "thp,anon");
	CHECK_INT(pfn_detail_format(PD(PD_PFNMAP) | PD(PD_DEVMEM), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "pfnmap,device-offset");
	CHECK_INT(pfn_detail_format(PD(PD_ANON), buf, 4), -ENOSPC);
	CHECK_INT(pfn_detail_format(PD(PD_ANON), buf, 5), 0);
	CHECK_STR(buf, "anon");
	CHECK_INT(pfn_detail_format(PD(PD_ANON), buf, 0), -ENOSPC);
	/* All details fit in 128 bytes (column buffers). */
	{
		char big[128];

		CHECK_INT(pfn_detail_format(PD(PD__COUNT) - 1, big, sizeof(big)), 0);
	}
}

int main(void)
{
	test_rules();
	test_names();
	return unit_exit("test-classify");
}
