// SPDX-License-Identifier: GPL-2.0-or-later
#include "policy.h"

#include <string.h>

#include "kpf.h"
#include "macro.h"

/*
 * One entry per kernel rule. Sources: kernel-facts.md §1.2 (e500_shadow_mas2_attrib and
 * the PTE-based code), §2.1 (kvm_is_mmio_pfn history) and the seed patch.
 */
const struct policy pfn_policies[] = {
	{
		.name = "e500-seed",
		.kernels = "3.11-3.12 proposal (Bhushan/Arcangeli, 2013; never released)",
		.summary =
			"kvm_is_mmio_pfn (3.12 form) ? I|G : M on SMP; guest X0|X1 kept",
		.guest_mask = MAS2_X0 | MAS2_X1,
		.rule = RULE_PFN_PREDICATE,
		.pred = PRED_MMIO_3_12,
	},
	{
		.name = "e500-seed-thp",
		.kernels =
			"3.11-3.12 proposal with the <= 3.11 THP-aware kvm_is_mmio_pfn",
		.summary = "as e500-seed, PG_reserved of a tail page read from its "
			   "compound head",
		.guest_mask = MAS2_X0 | MAS2_X1,
		.rule = RULE_PFN_PREDICATE,
		.pred = PRED_MMIO_THP,
	},
	{
		.name = "e500-3.12",
		.kernels = "<= 3.12 (e500_shadow_mas2_attrib, mask 0x60)",
		.summary = "M on SMP whatever the PFN; guest X0|X1 kept",
		.guest_mask = MAS2_X0 | MAS2_X1,
		.rule = RULE_ALWAYS_M,
		.pred = PRED_NONE,
	},
	{
		.name = "e500-3.13",
		.kernels = "3.13 (e500_shadow_mas2_attrib, mask 0x63)",
		.summary = "M on SMP whatever the PFN; guest X0|X1|G|E kept",
		.guest_mask = MAS2_X0 | MAS2_X1 | MAS2_G | MAS2_E,
		.rule = RULE_ALWAYS_M,
		.pred = PRED_NONE,
	},
	{
		.name = "e500-pte",
		.kernels = ">= 3.14 (WIMGE from the host Linux PTE; 4.2+ wimg 0 without "
			   "a PTE)",
		.summary = "host PTE WIMGE (RAM: M on SMP; device PFNMAP: I|G) | guest "
			   "X0|X1|G|E",
		.guest_mask = MAS2_X0 | MAS2_X1 | MAS2_G | MAS2_E,
		.rule = RULE_HOST_PTE,
		.pred = PRED_NONE,
	},
};

const size_t pfn_npolicies = ARRAY_SIZE(pfn_policies);

const struct policy *policy_find(const char *name)
{
	for (size_t i = 0; i < pfn_npolicies; i++)
		if (strcmp(pfn_policies[i].name, name) == 0)
			return &pfn_policies[i];
	return NULL;
}

const struct policy *policy_default(void)
{
	return &pfn_policies[0];
}

static bool predicate(enum mmio_predicate pred, const struct policy_page *pg)
{
	bool mmio = pg->pc.cls == PC_MMIO || pg->pc.cls == PC_RESERVED;

	if (pred == PRED_MMIO_THP && pg->tail && pg->head_reserved)
		return true;
	return mmio;
}

static bool has_page(const struct policy_page *pg)
{
	return pg->pc.cls == PC_RAM || pg->pc.cls == PC_RESERVED || pg->pc.cls == PC_MMIO;
}

bool policy_mas2(const struct policy *p, const struct policy_env *env,
		 const struct policy_page *pg, uint8_t *mas2)
{
	uint8_t g = env->guest & p->guest_mask;
	uint8_t m = env->smp ? MAS2_M : 0;

	if (pg->pc.cls == PC_UNKNOWN && p->rule != RULE_ALWAYS_M)
		return false;
	switch (p->rule) {
	case RULE_ALWAYS_M:
		*mas2 = g | m;
		return true;
	case RULE_PFN_PREDICATE:
		/* Not present or swapped: the first touch brings fresh RAM. */
		*mas2 = g |
			(has_page(pg) && predicate(p->pred, pg) ? MAS2_I | MAS2_G : m);
		return true;
	case RULE_HOST_PTE:
		if (!has_page(pg)) {
			/* No PTE yet: 4.2+ uses wimg 0, only the guest's bits remain. */
			*mas2 = g;
			return true;
		}
		switch (pg->mk) {
		case MK_DEVMEM:
			/* phys_mem_access_prot: non-cached unless page_is_ram(). */
			*mas2 = g | (pg->system_ram ? m : MAS2_I | MAS2_G);
			return true;
		case MK_VFIO:
		case MK_PCI_RESOURCE:
			*mas2 = g | MAS2_I | MAS2_G;
			return true;
		case MK_PFNMAP:
			return false;
		default:
			*mas2 = g | m;
			return true;
		}
	}
	return false;
}

void mas2_wimge(uint8_t mas2, char buf[6])
{
	static const char letters[] = "WIMGE";

	for (int i = 0; i < 5; i++)
		buf[i] = (mas2 & (0x10 >> i)) ? letters[i] : '-';
	buf[5] = '\0';
}

const struct kvm_predicate kvm_predicates[KP__COUNT] = {
	[KP_MMIO_3_12] = { "MMIO-3.12", "kvm_is_mmio_pfn", "3.12-3.16", 0 },
	[KP_MMIO_3_17] = { "MMIO-3.17", "kvm_is_mmio_pfn", "3.17", KPT_EXCL_ZERO },
	[KP_RESERVED_3_18] = { "RSVD-3.18", "kvm_is_reserved_pfn", "3.18-5.3", 0 },
	[KP_RESERVED_5_4] = { "RSVD-5.4", "kvm_is_reserved_pfn", "5.4-5.5",
			      KPT_EXCL_ZONE_DEVICE },
	[KP_RESERVED_5_6] = { "RSVD-5.6", "kvm_is_reserved_pfn", "5.6-5.19",
			      KPT_EXCL_ZONE_DEVICE | KPT_EXCL_ZERO },
	[KP_REFCOUNTED_6_0] = { "REFCOUNTED-6.0", "kvm_pfn_to_refcounted_page", "6.0+",
				KPT_EXCL_ZONE_DEVICE | KPT_EXCL_ZERO | KPT_INVERT },
};

static bool is_zero(const struct policy_page *pg)
{
	return pg->pc.detail & (PD(PD_ZERO) | PD(PD_HUGE_ZERO));
}

/* The kernel's "no struct page" (pfn_valid false) as seen from /proc. */
static bool no_struct_page(const struct policy_page *pg)
{
	return pg->pc.reason == PR_NOPAGE || pg->pc.reason == PR_KPF_EOF ||
	       pg->pc.reason == PR_NOT_SYSTEM_RAM;
}

unsigned kvm_predicates_eval(const struct policy_page *pg)
{
	unsigned mask = 0;

	if (!has_page(pg))
		return 0;
	for (unsigned i = 0; i < KP__COUNT; i++) {
		const struct kvm_predicate *p = &kvm_predicates[i];
		bool v;

		if (pg->zone_device && (p->terms & KPT_EXCL_ZONE_DEVICE))
			v = false; /* ZONE_DEVICE pages have struct pages (though NOPAGE
				      in /proc) */
		else if (no_struct_page(pg))
			v = true;
		else
			v = (pg->kpf & KPF(KPF_RESERVED)) &&
			    !((p->terms & KPT_EXCL_ZERO) && is_zero(pg));
		if (p->terms & KPT_INVERT)
			v = !v;
		if (v)
			mask |= 1u << i;
	}
	return mask;
}

enum x86_memtype x86_ept_memtype(const struct policy_page *pg)
{
	bool mmio;

	if (!has_page(pg))
		return X86_MT_NONE;
	if (no_struct_page(pg) && !pg->zone_device) {
		/* !pfn_valid: MMIO unless the firmware e820 table says RAM (5.2+). */
		mmio = !pg->fw_ram;
	} else {
		/* PG_reserved, not the zero page, and a host PAT type of UC, UC- or WC.
		 */
		/* PAT from page flags: arch_1 alone WC, uncached alone UC-, both WT, none
		 * WB. */
		bool pat_uc =
			!(pg->kpf & KPF(KPF_ARCH)) != !(pg->kpf & KPF(KPF_UNCACHED));

		mmio = (pg->kpf & KPF(KPF_RESERVED)) && !is_zero(pg) && pat_uc;
	}
	return mmio ? X86_MT_UC : X86_MT_WB;
}

enum arm64_s2 arm64_stage2(const struct policy_page *pg)
{
	if (!has_page(pg))
		return ARM64_S2_NONE;
	return pg->system_ram && !pg->zone_device ? ARM64_S2_NORMAL : ARM64_S2_DEVICE;
}

const char *x86_memtype_name(enum x86_memtype t)
{
	static const char *const n[X86_MT__COUNT] = { NULL, "WB", "UC" };

	return (unsigned)t < X86_MT__COUNT ? n[t] : NULL;
}

const char *arm64_s2_name(enum arm64_s2 t)
{
	static const char *const n[ARM64_S2__COUNT] = { NULL, "normal", "device" };

	return (unsigned)t < ARM64_S2__COUNT ? n[t] : NULL;
}
