/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whole-host classification: every PFN from 0 to the end of /proc/kpageflags, swept in
 * large windows (all entries are needed, so a sweep is the cheapest read), classified
 * with /proc/iomem as if mapped by an ordinary guest-memory mapping, and counted by class
 * and MAS2. Memory use is one window, whatever the host size.
 */
#ifndef PFNCLASS_HOSTSCAN_H
#define PFNCLASS_HOSTSCAN_H

#include <stdint.h>

#include "scan.h"

#define HOSTSCAN_WINDOW 65536 /* PFNs per pread: 512 KiB */

/*
 * Classify every PFN of the host into T (pages by class, details, MAS2 of the first
 * policy). *NPFNS gets the number of kpageflags entries read. Returns 0 or -errno.
 */
int host_scan(struct scan_host *h, const struct scan_opts *o, struct scan_totals *t,
	      uint64_t *npfns);

#endif
