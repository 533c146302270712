/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /sys/firmware/memmap: the memory map as the firmware handed it over (x86 e820 before
 * mem=/memmap= edits). x86 KVM (5.2+) asks it whether a PFN without struct page is RAM.
 */
#ifndef PFNCLASS_FWMEMMAP_H
#define PFNCLASS_FWMEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysroot.h"

struct fw_entry {
	uint64_t start, end; /* inclusive */
	bool ram;	     /* type "System RAM" */
};

struct fwmemmap {
	struct fw_entry *e; /* sorted by start */
	size_t n;
	bool present; /* the directory exists */
};

/* Read every sys/firmware/memmap/N entry; a missing directory is not an error. */
int fwmemmap_read(const struct sysroot *sr, struct fwmemmap *fm);
void fwmemmap_free(struct fwmemmap *fm);
bool fwmemmap_is_ram(const struct fwmemmap *fm, uint64_t addr);

#endif
