/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel policies: how e500 KVM builds the shadow MAS2 (WIMGE) for a page, one table
 * entry per kernel rule, each citing the kernel versions it models (../docs/kernel-facts
 * §1, §7).
 */
#ifndef PFNCLASS_POLICY_H
#define PFNCLASS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"

#define MAS2_X0	       0x40
#define MAS2_X1	       0x20
#define MAS2_W	       0x10
#define MAS2_I	       0x08
#define MAS2_M	       0x04
#define MAS2_G	       0x02
#define MAS2_E	       0x01
#define MAS2_ATTR_MASK 0x7f

enum mas2_rule {
	RULE_PFN_PREDICATE, /* predicate(pfn) ? I|G : M on SMP (the seed patch) */
	RULE_ALWAYS_M,	    /* M on SMP, whatever the PFN */
	RULE_HOST_PTE,	    /* WIMGE of the host Linux PTE, inferred from the mapping */
};

enum mmio_predicate {
	PRED_NONE,
	PRED_MMIO_3_12, /* pfn_valid ? PageReserved(page) : true */
	PRED_MMIO_THP,	/* <= 3.11: PG_reserved read from the compound head for tails */
};

struct policy {
	const char *name;
	const char *kernels; /* which kernels behave like this */
	const char *summary;
	uint8_t guest_mask; /* MAS2_ATTRIB_MASK: guest bits kept */
	enum mas2_rule rule;
	enum mmio_predicate pred;
};

struct policy_env {
	bool smp;      /* host kernel CONFIG_SMP: RAM gets M */
	uint8_t guest; /* the guest's MAS2 attribute bits */
};

/* What a policy may look at for one page. */
struct policy_page {
	struct page_class pc;
	enum map_kind mk;
	bool system_ram;
	bool tail;	    /* compound tail page */
	bool head_reserved; /* PG_reserved of its compound head (when tail) */
	bool zone_device;   /* PFN in a ZONE_DEVICE range (dax, pmem) */
	bool fw_ram;  /* /sys/firmware/memmap says RAM (x86 e820 as firmware gave it) */
	uint64_t kpf; /* kpageflags */
};

/*
 * The generic KVM predicates, release by release (kernel-facts §2.1), as data: a PFN
 * without struct page is always "true"; otherwise PG_reserved, minus the exclusions.
 */
enum kvm_pred {
	KP_MMIO_3_12,	   /* kvm_is_mmio_pfn, 3.12-3.16 */
	KP_MMIO_3_17,	   /* + !is_zero_pfn, 3.17 only */
	KP_RESERVED_3_18,  /* kvm_is_reserved_pfn, 3.18-5.3 */
	KP_RESERVED_5_4,   /* + !ZONE_DEVICE, 5.4-5.5 */
	KP_RESERVED_5_6,   /* + !is_zero_pfn, 5.6-5.19 */
	KP_REFCOUNTED_6_0, /* kvm_pfn_to_refcounted_page != NULL, 6.0+ (inverse sense) */
	KP__COUNT
};

#define KPT_EXCL_ZERO	     0x1
#define KPT_EXCL_ZONE_DEVICE 0x2
#define KPT_INVERT	     0x4

struct kvm_predicate {
	const char *column; /* output column */
	const char *function;
	const char *kernels;
	unsigned terms; /* KPT_* */
};

extern const struct kvm_predicate kvm_predicates[KP__COUNT];

/* Bit KP_x set when predicate x is true for the page; 0 for pages without a PFN. */
unsigned kvm_predicates_eval(const struct policy_page *pg);

/* x86 EPT memory type KVM would use (6.1 rules, kernel-facts §2.2). */
enum x86_memtype { X86_MT_NONE, X86_MT_WB, X86_MT_UC, X86_MT__COUNT };
enum x86_memtype x86_ept_memtype(const struct policy_page *pg);
/* arm64 stage-2 attribute (5.14+ rule): device when the PFN is not memblock memory. */
enum arm64_s2 { ARM64_S2_NONE, ARM64_S2_NORMAL, ARM64_S2_DEVICE, ARM64_S2__COUNT };
enum arm64_s2 arm64_stage2(const struct policy_page *pg);
const char *x86_memtype_name(enum x86_memtype t);
const char *arm64_s2_name(enum arm64_s2 t);

extern const struct policy pfn_policies[];
extern const size_t pfn_npolicies;

const struct policy *policy_find(const char *name);
const struct policy *policy_default(void);
/* MAS2 attribute bits for the page; false when the policy cannot tell (unknown PFN). */
bool policy_mas2(const struct policy *p, const struct policy_env *env,
		 const struct policy_page *pg, uint8_t *mas2);
/* "-I-G-" for the W,I,M,G,E bits of MAS2 (6 bytes with the NUL). */
void mas2_wimge(uint8_t mas2, char buf[6]);

#endif
