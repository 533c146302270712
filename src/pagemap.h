/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/pagemap, read in large batches. */
#ifndef PFNCLASS_PAGEMAP_H
#define PFNCLASS_PAGEMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysroot.h"

#define PAGEMAP_BATCH 65536 /* entries per pread: 512 KiB */

struct pagemap {
	int fd;
};

int pagemap_open(struct pagemap *pm, const struct sysroot *sr, pid_t pid);
void pagemap_close(struct pagemap *pm);
/*
 * Read N entries starting at virtual page VPN into OUT. Returns the number of entries
 * read (short only at the end of the address space) or -errno.
 */
long pagemap_read(const struct pagemap *pm, uint64_t vpn, size_t n, uint64_t *out);

#endif
