/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Comparing two classifications of the same address space (two captures, typically before
 * and after a kernel change): both sides are lists of ranges keyed by address (GPA for a
 * VM, virtual address for a process); the sweep yields the sub-ranges that changed.
 */
#ifndef PFNCLASS_DIFF_H
#define PFNCLASS_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"

struct diff_item {
	uint64_t start, end; /* [start, end) in bytes */
	enum pfn_class cls;
	bool mas2_known;
	uint8_t mas2;
	const char *region; /* borrowed: region or mapping name */
};

struct diff_side {
	struct diff_item *v;
	size_t n, cap;
};

enum diff_change {
	DC_CLASS = 1 << 0,   /* class changed */
	DC_MAS2 = 1 << 1,    /* MAS2 changed */
	DC_ADDED = 1 << 2,   /* only in AFTER */
	DC_REMOVED = 1 << 3, /* only in BEFORE */
};

struct diff_out {
	uint64_t start, end;
	unsigned change;			/* DC_* */
	const struct diff_item *before, *after; /* NULL when absent */
};

int diff_side_add(struct diff_side *s, const struct diff_item *it);
void diff_side_free(struct diff_side *s);

typedef int (*diff_emit_fn)(const struct diff_out *d, void *ud);

/*
 * Sort both sides and emit every maximal sub-range where they differ (adjacent
 * sub-ranges with the same pair of items are merged). Returns 0 or the first error.
 */
int diff_sweep(struct diff_side *before, struct diff_side *after, diff_emit_fn emit,
	       void *ud);

#endif
