/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Taking a capture: copy what an analysis reads (iomem, firmware memmap, kernel facts,
 * module state, a process's smaps and identity, its pagemap over the scanned ranges and
 * kpageflags/kpagecount for the PFNs found) from a sysroot into a capture file.
 */
#ifndef PFNCLASS_CAPTURE_H
#define PFNCLASS_CAPTURE_H

#include <stdint.h>
#include <sys/types.h>

#include "capfmt.h"
#include "scan.h"
#include "sysroot.h"

#define CAPTURE_META "pfnclass/capture"

struct capture_stats {
	uint64_t pagemap_entries, pfns, pfn_runs;
	uint64_t kpageflags_eof; /* entries in the live kpageflags file */
};

/* Host-wide files. Missing optional files are skipped. */
int capture_host(struct cap_writer *w, const struct sysroot *sr, uint64_t *kpf_entries);

/*
 * One process: identity files, smaps, pagemap over RANGES (every VMA when n == 0), and
 * the PFN runs found, appended to *RUNS (caller sorts and writes them with
 * capture_kpages once every process is in).
 */
int capture_process(struct cap_writer *w, const struct sysroot *sr, pid_t pid,
		    const struct addr_range *ranges, size_t nranges,
		    struct addr_range **runs, size_t *nruns, struct capture_stats *st);

/* kpageflags and kpagecount for the PFN runs (PFNs as addr_range units). */
int capture_kpages(struct cap_writer *w, const struct sysroot *sr, uint64_t kpf_entries,
		   struct addr_range *runs, size_t nruns, struct capture_stats *st);

/* Copy one small text file if it exists (0 when absent). */
int capture_text_file(struct cap_writer *w, const struct sysroot *sr, const char *path);

#endif
