/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/pagemap, read in large batches, and the PAGEMAP_SCAN ioctl (Linux 6.7+),
 * which finds the present or swapped regions of a range without copying one entry per
 * page.
 */
#ifndef PFNCLASS_PAGEMAP_H
#define PFNCLASS_PAGEMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysroot.h"

#define PAGEMAP_BATCH 65536 /* entries per pread: 512 KiB */

struct pagemap {
	int fd;
	int scan; /* PAGEMAP_SCAN: 1 works, 0 unsupported (old kernel, sysroot file) */
};

/* PAGEMAP_SCAN categories (UAPI values). */
#define PM_SCAN_PRESENT (1u << 3)
#define PM_SCAN_SWAPPED (1u << 4)

struct pagemap_region {
	uint64_t start, end; /* [start, end), bytes */
	uint64_t categories;
};

int pagemap_open(struct pagemap *pm, const struct sysroot *sr, pid_t pid);
void pagemap_close(struct pagemap *pm);
/*
 * Read N entries starting at virtual page VPN into OUT. Returns the number of entries
 * read (short only at the end of the address space) or -errno.
 */
long pagemap_read(const struct pagemap *pm, uint64_t vpn, size_t n, uint64_t *out);
/*
 * Find the present or swapped pages of [START, END) (page aligned): at most MAX regions
 * go to OUT, *WALK_END gets where the kernel stopped (END when it covered everything).
 * Returns the number of regions, -EOPNOTSUPP when the kernel (or the file) has no
 * PAGEMAP_SCAN (then pm->scan becomes 0), or -errno. VM_PFNMAP VMAs are never reported.
 */
long pagemap_scan(struct pagemap *pm, uint64_t start, uint64_t end,
		  struct pagemap_region *out, size_t max, uint64_t *walk_end);
/*
 * Does the kernel walk the VMA holding the page at ADDR? 0 when it is a VM_PFNMAP VMA
 * (PAGEMAP_SCAN skips those), 1 when walked, -EOPNOTSUPP without PAGEMAP_SCAN.
 */
int pagemap_walked(struct pagemap *pm, uint64_t addr);

#endif
