/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output columns of the range listing (util-linux column model). */
#ifndef PFNCLASS_COLUMNS_H
#define PFNCLASS_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "scan.h"

enum col_id {
	COL_VSTART,
	COL_VEND,
	COL_PFN_START,
	COL_PFN_END,
	COL_PAGES,
	COL_SIZE,
	COL_CLASS,
	COL_REASON,
	COL_DETAIL,
	COL_RESOURCE,
	COL_WIMGE,
	COL_MAS2,
	COL_KIND,
	COL_MAPPING,
	COL_PERMS,
	COL_FLAGS,
	COL_MAPCOUNT,
	COL_GPA_START,
	COL_GPA_END,
	COL_REGION,
	COL_GKIND,
	COL_HVA,
	/* the e500 policies, one column each, in pfn_policies[] order (policy.c) */
	COL_POL_SEED,
	COL_POL_SEED_THP,
	COL_POL_3_12,
	COL_POL_3_13,
	COL_POL_PTE,
	/* the generic KVM predicates, in enum kvm_pred order, and other architectures */
	COL_MMIO_3_12,
	COL_MMIO_3_17,
	COL_RSVD_3_18,
	COL_RSVD_5_4,
	COL_RSVD_5_6,
	COL_REFCOUNTED_6_0,
	COL_X86_EPT,
	COL_ARM64_S2,
	COL__COUNT
};

enum json_kind { JK_STRING, JK_NUMBER, JK_HEX, JK_ARRAY, JK_BOOL };

/*
 * The scan evaluates the selected policy as policy[0] and every policy of pfn_policies[]
 * as policy[1 + k]; column COL_POL_SEED + k shows policy[1 + k].
 */
#define COL_POLICY_SLOT(col) (1 + ((col)-COL_POL_SEED))

struct coldesc {
	const char *name; /* "PFN-START"; JSON key "pfn_start" */
	double whint;
	bool right;
	enum json_kind jk;
	const char *help;
};

extern const struct coldesc pfn_columns[COL__COUNT];

/* Parse a column list ("VSTART,CLASS" or "+FLAGS" to append to DEFAULTS). */
int columns_parse(const char *list, int *cols, size_t max, size_t *ncols);
void columns_default(int *cols, size_t *ncols);
/* Default columns of the guest (GPA-keyed) listing. */
void columns_default_guest(int *cols, size_t *ncols);
/* "pfn_start" for "PFN-START" (BUF of at least 32 bytes). */
void column_json_key(const struct coldesc *c, char *buf, size_t len);

/*
 * Text value of column COL for range R (NULL for "no value": JSON null, empty cell).
 * BUF (LEN at least 32) receives the text when it is computed; BYTES selects exact sizes.
 */
const char *column_text(int col, const struct scan_range *r, bool bytes, char *buf,
			size_t len);

/* "4K", "1.5G": 1024-based with a one-letter suffix. */
void size_to_human(unsigned long long bytes, char *buf, size_t len);

#endif
