/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The page-range pipeline: VMAs -> pagemap batches -> kpageflags/kpagecount per PFN run
 * -> classification and policies -> coalesced ranges handed to a callback. Memory use is
 * bounded by the batch sizes, not by the number of pages.
 */
#ifndef PFNCLASS_SCAN_H
#define PFNCLASS_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "classify.h"
#include "fwmemmap.h"
#include "iomem.h"
#include "kpage.h"
#include "maps.h"
#include "pagemap.h"
#include "policy.h"
#include "sysroot.h"

#define SCAN_MAX_POLICIES 8

struct progress;

struct addr_range {
	uint64_t start, end; /* [start, end) */
};

struct scan_range {
	uint64_t vstart, vend; /* [vstart, vend) */
	uint64_t pfn;	       /* first PFN, when pfn_known */
	bool pfn_known;
	struct page_class pc;
	enum map_kind mk;
	const char *resource; /* iomem path of the PFNs, NULL when none */
	bool system_ram;
	unsigned mas2_known; /* bit per policy */
	uint8_t mas2[SCAN_MAX_POLICIES];
	unsigned preds;	   /* bit per enum kvm_pred that is true (policy.h) */
	uint8_t x86_mt;	   /* enum x86_memtype */
	uint8_t arm64_s2;  /* enum arm64_s2 */
	uint64_t kpf_or;   /* union of the pages' kpageflags */
	uint64_t mapcount; /* highest kpagecount in the range */
	const struct vma *vma;
	/* Guest view (guestscan.c): the range as guest-physical addresses. */
	bool has_gpa;
	bool no_hva;	   /* emulated i/o or unknown HVA: vstart/vend are meaningless */
	uint64_t gpa;	   /* guest-physical address of vstart */
	uint64_t gpa_size; /* bytes (may be below a page for i/o regions) */
	const char *region;
	int gkind; /* enum gm_kind */
};

struct scan_opts {
	const struct policy *policy[SCAN_MAX_POLICIES];
	size_t npolicies;
	struct policy_env env;
	const struct addr_range *filter; /* sorted, merged; NULL = everything */
	size_t nfilter;
	struct progress *progress; /* NULL: none (see progress.h) */
};

struct scan_totals {
	uint64_t pages[PC__COUNT];
	uint64_t details[PD__COUNT];
	uint64_t mas2_pages[PC__COUNT][128]; /* first policy */
	uint64_t mas2_unknown;
	uint64_t vmas, ranges;
	uint64_t pagemap_reads, kpage_reads;
	bool partial; /* the target changed or vanished during the scan */
	int partial_err;
	char partial_why[160]; /* what changed, for messages ("" when unknown) */
};

/* Inputs shared by every scan on one host (or sysroot). */
struct scan_host {
	const struct sysroot *sr;
	const struct iomem *iomem;
	const struct fwmemmap *fw; /* may be NULL: no firmware memmap */
	struct kpage *kp;
};

typedef int (*scan_emit_fn)(const struct scan_range *r, void *userdata);

/* What a VMA is, from its path and VmFlags. */
enum map_kind vma_map_kind(const struct vma *v);

/*
 * Scan [start, end) of one VMA of an open pagemap. Ranges go to EMIT; totals accumulate.
 * Returns 0, -EPERM when PFNs read as 0 (no CAP_SYS_ADMIN), or -errno.
 */
int scan_vma(struct scan_host *h, const struct pagemap *pm, const struct vma *v,
	     uint64_t start, uint64_t end, const struct scan_opts *o, scan_emit_fn emit,
	     void *ud, struct scan_totals *t);

/* Count N pages of R's class, details and first-policy MAS2 into T. */
void scan_totals_add(struct scan_totals *t, const struct scan_range *r, uint64_t n);

/*
 * Scan every VMA of PID (restricted by o->filter). A live target is checked again after
 * the scan (scanguard.h): a change or an exit marks T partial; -ESRCH when it exited
 * before any VMA was scanned.
 */
int scan_process(struct scan_host *h, pid_t pid, const struct scan_opts *o,
		 scan_emit_fn emit, void *ud, struct scan_totals *t);

/* Parse "START-END" (inclusive END) or "START+SIZE" (hex or decimal, K/M/G suffixes). */
int addr_range_parse(const char *s, struct addr_range *out);
/* Sort and merge; returns the new count. */
size_t addr_ranges_normalize(struct addr_range *r, size_t n);

#endif
