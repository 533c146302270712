// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the e500 shadow-MAS2 policies (src/policy.c). Expected values are worked
 * out by hand from kernel-facts.md §1.2 and §7:
 *   <= 3.12: (g & 0x60) | M(SMP)        3.13: (g & 0x63) | M(SMP)
 *   >= 3.14: (g & 0x63) | pte WIMGE     seed proposal: (g & 0x60) | (mmio ? I|G : M(SMP))
 * with M = 0x04, I|G = 0x0a, and pte = M(SMP) for RAM, I|G for device PFNMAP, none
 * without a PTE (4.2+).
 */
#include <stdbool.h>

#include "policy.h"
#include "unit.h"

enum scen {
	S_RAM,		/* anonymous RAM */
	S_VFIO,		/* VFIO BAR, no struct page */
	S_RESERVED,	/* PG_reserved page (zero page) in an anonymous mapping */
	S_NOT_PRESENT,	/* no PTE */
	S_SWAPPED,	/* swap entry */
	S_PFNMAP,	/* VM_PFNMAP, PFN unknown */
	S_DEVMEM_RAM,	/* /dev/mem over System RAM */
	S_DEVMEM_HOLE,	/* /dev/mem outside System RAM */
	S_THP_TAIL_RSV, /* THP tail page whose compound head is PG_reserved */
	S_PCI_RES,	/* sysfs resourceN */
	S__COUNT
};

static struct policy_page scenario(enum scen s)
{
	struct policy_page pg = { 0 };

	switch (s) {
	case S_RAM:
		pg.pc = (struct page_class){ PC_RAM, PR_SYSTEM_RAM, PD(PD_ANON) };
		pg.mk = MK_ANON;
		pg.system_ram = true;
		break;
	case S_VFIO:
		pg.pc = (struct page_class){ PC_MMIO, PR_NOPAGE,
					     PD(PD_PFNMAP) | PD(PD_DEVMEM) };
		pg.mk = MK_VFIO;
		break;
	case S_RESERVED:
		pg.pc = (struct page_class){ PC_RESERVED, PR_PG_RESERVED, PD(PD_ZERO) };
		pg.mk = MK_ANON;
		pg.system_ram = true;
		break;
	case S_NOT_PRESENT:
		pg.pc = (struct page_class){ PC_NOT_PRESENT, PR_NOT_PRESENT, 0 };
		pg.mk = MK_ANON;
		break;
	case S_SWAPPED:
		pg.pc = (struct page_class){ PC_SWAPPED, PR_SWAPPED, PD(PD_ANON) };
		pg.mk = MK_ANON;
		break;
	case S_PFNMAP:
		pg.pc = (struct page_class){ PC_UNKNOWN, PR_PFNMAP_UNKNOWN,
					     PD(PD_PFNMAP) };
		pg.mk = MK_PFNMAP;
		break;
	case S_DEVMEM_RAM:
		pg.pc = (struct page_class){ PC_RAM, PR_SYSTEM_RAM,
					     PD(PD_PFNMAP) | PD(PD_DEVMEM) };
		pg.mk = MK_DEVMEM;
		pg.system_ram = true;
		break;
	case S_DEVMEM_HOLE:
		pg.pc = (struct page_class){ PC_MMIO, PR_NOT_SYSTEM_RAM,
					     PD(PD_PFNMAP) | PD(PD_DEVMEM) };
		pg.mk = MK_DEVMEM;
		break;
	case S_THP_TAIL_RSV:
		pg.pc = (struct page_class){ PC_RAM, PR_SYSTEM_RAM,
					     PD(PD_THP) | PD(PD_ANON) };
		pg.mk = MK_ANON;
		pg.system_ram = true;
		pg.tail = true;
		pg.head_reserved = true;
		break;
	case S_PCI_RES:
		pg.pc = (struct page_class){ PC_MMIO, PR_NOT_SYSTEM_RAM,
					     PD(PD_PFNMAP) | PD(PD_DEVMEM) };
		pg.mk = MK_PCI_RESOURCE;
		break;
	default:
		break;
	}
	return pg;
}

#define NA (-1) /* the policy cannot tell */

/* Per scenario: { SMP g=0, SMP g=0x7f, UP g=0, UP g=0x7f }. */
struct expect {
	const char *policy;
	short v[S__COUNT][4];
};

static const struct expect expected[] = {
	{ "e500-seed",
	  { [S_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_VFIO] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_RESERVED] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_NOT_PRESENT] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_SWAPPED] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_PFNMAP] = { NA, NA, NA, NA },
	    [S_DEVMEM_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_DEVMEM_HOLE] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_THP_TAIL_RSV] = { 0x04, 0x64, 0x00,
				 0x60 }, /* 3.12 form: the tail itself */
	    [S_PCI_RES] = { 0x0a, 0x6a, 0x0a, 0x6a } } },
	{ "e500-seed-thp",
	  { [S_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_VFIO] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_RESERVED] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_NOT_PRESENT] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_SWAPPED] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_PFNMAP] = { NA, NA, NA, NA },
	    [S_DEVMEM_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_DEVMEM_HOLE] = { 0x0a, 0x6a, 0x0a, 0x6a },
	    [S_THP_TAIL_RSV] = { 0x0a, 0x6a, 0x0a, 0x6a }, /* <= 3.11: the head decides */
	    [S_PCI_RES] = { 0x0a, 0x6a, 0x0a, 0x6a } } },
	{ "e500-3.12",
	  { [S_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_VFIO] = { 0x04, 0x64, 0x00, 0x60 }, /* device memory made cacheable */
	    [S_RESERVED] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_NOT_PRESENT] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_SWAPPED] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_PFNMAP] = { 0x04, 0x64, 0x00, 0x60 }, /* PFN-independent */
	    [S_DEVMEM_RAM] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_DEVMEM_HOLE] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_THP_TAIL_RSV] = { 0x04, 0x64, 0x00, 0x60 },
	    [S_PCI_RES] = { 0x04, 0x64, 0x00, 0x60 } } },
	{ "e500-3.13",
	  { [S_RAM] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_VFIO] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_RESERVED] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_NOT_PRESENT] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_SWAPPED] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_PFNMAP] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_DEVMEM_RAM] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_DEVMEM_HOLE] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_THP_TAIL_RSV] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_PCI_RES] = { 0x04, 0x67, 0x00, 0x63 } } },
	{ "e500-pte",
	  { [S_RAM] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_VFIO] = { 0x0a, 0x6b, 0x0a, 0x6b },
	    [S_RESERVED] = { 0x04, 0x67, 0x00, 0x63 },	  /* anon VMA: _PAGE_BASE */
	    [S_NOT_PRESENT] = { 0x00, 0x63, 0x00, 0x63 }, /* no PTE: wimg 0 */
	    [S_SWAPPED] = { 0x00, 0x63, 0x00, 0x63 },
	    [S_PFNMAP] = { NA, NA, NA, NA },
	    [S_DEVMEM_RAM] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_DEVMEM_HOLE] = { 0x0a, 0x6b, 0x0a, 0x6b },
	    [S_THP_TAIL_RSV] = { 0x04, 0x67, 0x00, 0x63 },
	    [S_PCI_RES] = { 0x0a, 0x6b, 0x0a, 0x6b } } },
};

static const struct expect *expect_for(const char *name)
{
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (strcmp(expected[i].policy, name) == 0)
			return &expected[i];
	return NULL;
}

static void test_table(void)
{
	static const struct {
		bool smp;
		uint8_t guest;
	} envs[4] = { { true, 0 }, { true, 0x7f }, { false, 0 }, { false, 0x7f } };

	CHECK_U64(pfn_npolicies, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < pfn_npolicies; i++) {
		const struct policy *p = &pfn_policies[i];
		const struct expect *e = expect_for(p->name);

		/* A new policy needs hand-computed expectations here. */
		CHECK(e != NULL);
		if (!e) {
			fprintf(stderr, "\tno expectations for policy %s\n", p->name);
			continue;
		}
		CHECK(p->kernels && *p->kernels && p->summary && *p->summary);
		CHECK(policy_find(p->name) == p);
		for (int s = 0; s < S__COUNT; s++) {
			struct policy_page pg = scenario((enum scen)s);

			for (int k = 0; k < 4; k++) {
				struct policy_env env = { .smp = envs[k].smp,
							  .guest = envs[k].guest };
				uint8_t mas2 = 0xff;
				bool known = policy_mas2(p, &env, &pg, &mas2);
				int want = e->v[s][k];

				CHECK_INT(known, want != NA);
				if (known && want != NA && mas2 != want)
					fprintf(stderr,
						"\t%s scenario %d smp=%d guest=0x%02x\n",
						p->name, s, envs[k].smp, envs[k].guest);
				if (known && want != NA)
					CHECK_INT(mas2, want);
				if (known)
					CHECK_INT(mas2 & ~MAS2_ATTR_MASK, 0);
			}
		}
	}
}

static void test_guest_bits(void)
{
	struct policy_page ram = scenario(S_RAM);
	struct policy_env env = { .smp = true, .guest = MAS2_W | MAS2_I };
	uint8_t mas2;

	/* No policy passes the guest's W or I through (kernel-facts §1.2). */
	for (size_t i = 0; i < pfn_npolicies; i++) {
		CHECK(policy_mas2(&pfn_policies[i], &env, &ram, &mas2));
		CHECK_INT(mas2, MAS2_M);
	}
	/* G and E pass from 3.13 on, X0/X1 always. */
	env.guest = MAS2_G | MAS2_E | MAS2_X0;
	CHECK(policy_mas2(policy_find("e500-3.12"), &env, &ram, &mas2));
	CHECK_INT(mas2, MAS2_X0 | MAS2_M);
	CHECK(policy_mas2(policy_find("e500-3.13"), &env, &ram, &mas2));
	CHECK_INT(mas2, MAS2_X0 | MAS2_M | MAS2_G | MAS2_E);
	CHECK(policy_mas2(policy_find("e500-pte"), &env, &ram, &mas2));
	CHECK_INT(mas2, MAS2_X0 | MAS2_M | MAS2_G | MAS2_E);
}

static void test_lookup_and_format(void)
{
	char buf[6];

	CHECK(policy_find("e500-pte") != NULL);
	CHECK(policy_find("e500") == NULL);
	CHECK(policy_find("") == NULL);
	CHECK(policy_default() == &pfn_policies[0]);
	CHECK_STR(policy_default()->name, "e500-seed");

	mas2_wimge(0x00, buf);
	CHECK_STR(buf, "-----");
	mas2_wimge(0x1f, buf);
	CHECK_STR(buf, "WIMGE");
	mas2_wimge(MAS2_I | MAS2_G, buf);
	CHECK_STR(buf, "-I-G-");
	mas2_wimge(MAS2_M, buf);
	CHECK_STR(buf, "--M--");
	mas2_wimge(0x67, buf);
	CHECK_STR(buf, "--MGE");
	mas2_wimge(0x6b, buf);
	CHECK_STR(buf, "-I-GE");
	mas2_wimge(MAS2_W, buf);
	CHECK_STR(buf, "W----");
	mas2_wimge(MAS2_X0 | MAS2_X1, buf);
	CHECK_STR(buf, "-----");
}

int main(void)
{
	test_table();
	test_guest_bits();
	test_lookup_and_format();
	return unit_exit("test-policy");
}
