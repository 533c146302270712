/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel policies: how e500 KVM builds the shadow MAS2 (WIMGE) for a page, one table entry
 * per kernel rule, each citing the kernel versions it models (../docs/kernel-facts §1, §7).
 */
#ifndef PFNCLASS_POLICY_H
#define PFNCLASS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"

#define MAS2_X0 0x40
#define MAS2_X1 0x20
#define MAS2_W 0x10
#define MAS2_I 0x08
#define MAS2_M 0x04
#define MAS2_G 0x02
#define MAS2_E 0x01
#define MAS2_ATTR_MASK 0x7f

enum mas2_rule {
	RULE_PFN_PREDICATE, /* predicate(pfn) ? I|G : M on SMP (the seed patch) */
	RULE_ALWAYS_M,      /* M on SMP, whatever the PFN */
	RULE_HOST_PTE,      /* WIMGE of the host Linux PTE, inferred from the mapping */
};

enum mmio_predicate {
	PRED_NONE,
	PRED_MMIO_3_12, /* pfn_valid ? PageReserved(page) : true */
	PRED_MMIO_THP,  /* <= 3.11: PG_reserved read from the compound head for tails */
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
	bool tail;          /* compound tail page */
	bool head_reserved; /* PG_reserved of its compound head (when tail) */
};

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
