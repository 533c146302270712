/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scanning a guest by guest-physical address: each RAM/ROM region of a guest map is
 * translated to the VMA(s) of the VMM that back it and scanned with scan_vma(); ranges
 * reach the callback with their GPA, region name and kind. Emulated i/o regions are
 * reported as having no host page. Only pagemap/kpageflags are read: guest memory is
 * never touched, so pages that are not present stay so.
 */
#ifndef PFNCLASS_GUESTSCAN_H
#define PFNCLASS_GUESTSCAN_H

#include <sys/types.h>

#include "guestmap.h"
#include "scan.h"

struct guest_totals {
	uint64_t bytes[GM__COUNT]; /* region bytes per kind (after the GPA filter) */
	uint64_t unmapped_bytes;   /* RAM/ROM bytes without a host mapping */
};

/*
 * Scan the guest of VMM process PID described by GM. O->filter, when set, selects GPA
 * ranges (not HVAs). Totals count every guest page once per GPA it appears at. Returns 0,
 * -EPERM (PFNs hidden) or -errno; a VMM that exits or changes marks T partial.
 */
int guest_scan(struct scan_host *h, pid_t pid, const struct guest_map *gm,
	       const struct scan_opts *o, scan_emit_fn emit, void *ud,
	       struct scan_totals *t, struct guest_totals *gt);

/* Read the VMAs of PID (smaps, with VmFlags) into an array sorted by address. */
int guest_read_vmas(const struct sysroot *sr, pid_t pid, struct vma **out, size_t *n);
void guest_free_vmas(struct vma *v, size_t n);

#endif
