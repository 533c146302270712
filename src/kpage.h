/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/kpageflags and /proc/kpagecount through one window cache: a lookup that misses
 * reads the whole PFN run the caller announces (up to KPAGE_WINDOW entries) in one pread
 * per file, never one per page. Reads at or past the end of the file (the kernel's
 * section-aligned max_pfn) report EOF: such PFNs have no struct page.
 *
 * Strategy by density (measured on a 2-vCPU 6.18 host, see README "Performance"): the
 * kernel spends ~40-100 ns per kpageflags entry and well under 1 us per pread, so reading
 * entries nobody needs is what costs. A process's PFNs are a scattered subset of their
 * span (an 8 GiB process: 2.1 M pages over a 6.6 M PFN span, runs of ~70 pages), and
 * reading the span is 2.8x slower than one pread per run; so scans read per run, and
 * sweep a window (kpage_prefetch) only when a batch's PFNs fill at least
 * KPAGE_SWEEP_DENSITY percent of their span and the runs are short. The whole-host scan
 * (hostscan.c) needs every entry and always sweeps.
 */
#ifndef PFNCLASS_KPAGE_H
#define PFNCLASS_KPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysroot.h"

#define KPAGE_WINDOW 65536
/* Sweep a batch's PFN span instead of per-run reads when it is this dense (percent)... */
#define KPAGE_SWEEP_DENSITY 80
/* ...and its runs are shorter than this on average (below it preads dominate). */
#define KPAGE_SWEEP_MAX_RUN 16

struct kpage {
	int flags_fd, count_fd;
	uint64_t *flags, *count;
	uint64_t base;	/* first PFN in the window */
	size_t len;	/* valid entries */
	uint64_t eof;	/* first PFN known to be past the end, UINT64_MAX if unknown */
	uint64_t reads; /* preads issued (for --debug statistics and the benchmark) */
	bool no_count;	/* kpagecount not wanted: skip its reads (half the kernel's work)
			 */
};

struct kpage_info {
	uint64_t flags;
	uint64_t count;
	bool eof;	 /* no kpageflags entry: past the end of the file */
	bool have_count; /* kpagecount was readable */
};

/* Open both files; kpagecount may be missing (then counts are not reported). */
int kpage_open(struct kpage *kp, const struct sysroot *sr);
void kpage_close(struct kpage *kp);
/* Read kpagecount only when WANT (MAPCOUNT output); flags are always read. */
void kpage_want_count(struct kpage *kp, bool want);
/* Fill the window with [PFN, PFN + N) (N <= KPAGE_WINDOW) in one pread per file. */
int kpage_prefetch(struct kpage *kp, uint64_t pfn, uint64_t n);
/* Read N kpageflags entries from PFN into OUT, bypassing the window: count (0 at EOF). */
long kpage_read_flags(struct kpage *kp, uint64_t pfn, size_t n, uint64_t *out);
/* Look up PFN; RUN is how many consecutive PFNs from PFN the caller will want next. */
int kpage_get(struct kpage *kp, uint64_t pfn, uint64_t run, struct kpage_info *out);
/*
 * The window from PFN on, without reading: returns how many entries are cached from PFN
 * (0 when PFN is outside the window) and points *FLAGS and *COUNT at them (*COUNT is NULL
 * when kpagecount is not read). The pointers stay valid until the next read.
 */
size_t kpage_cached(const struct kpage *kp, uint64_t pfn, const uint64_t **flags,
		    const uint64_t **count);

#endif
