/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/kpageflags and /proc/kpagecount through one window cache: a lookup that misses
 * reads the whole PFN run the caller announces (up to KPAGE_WINDOW entries) in one pread
 * per file, never one per page. Reads at or past the end of the file (the kernel's
 * section-aligned max_pfn) report EOF: such PFNs have no struct page.
 */
#ifndef PFNCLASS_KPAGE_H
#define PFNCLASS_KPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysroot.h"

#define KPAGE_WINDOW 65536

struct kpage {
	int flags_fd, count_fd;
	uint64_t *flags, *count;
	uint64_t base;  /* first PFN in the window */
	size_t len;     /* valid entries */
	uint64_t eof;   /* first PFN known to be past the end, UINT64_MAX if unknown */
	uint64_t reads; /* preads issued (for --debug statistics and the benchmark) */
};

struct kpage_info {
	uint64_t flags;
	uint64_t count;
	bool eof;        /* no kpageflags entry: past the end of the file */
	bool have_count; /* kpagecount was readable */
};

/* Open both files; kpagecount may be missing (then counts are not reported). */
int kpage_open(struct kpage *kp, const struct sysroot *sr);
void kpage_close(struct kpage *kp);
/* Look up PFN; RUN is how many consecutive PFNs from PFN the caller will want next. */
int kpage_get(struct kpage *kp, uint64_t pfn, uint64_t run, struct kpage_info *out);

#endif
