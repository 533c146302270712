/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Getting a VM's guest map: from a --map file, from QEMU over QMP (info mtree -f,
 * info ramblock, gpa2hva; never gpa2hpa, never guest memory reads, never a pause), or
 * inferred from the VMM's mappings by the layout rules.
 */
#ifndef PFNCLASS_VM_MAP_H
#define PFNCLASS_VM_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "guestmap.h"
#include "sysroot.h"
#include "vmfind.h"

#define VM_MAP_FILE_MAX (16u << 20)

struct vm_map_opts {
	const char *map_file; /* --map */
	const char *qmp_path; /* --qmp */
	int timeout_ms;
	/* Optional: called with each QMP answer the map is built from (captures keep
	 * them). */
	int (*record)(void *ud, const char *what, const char *text);
	void *record_ud;
};

/* Where a capture keeps the map of VMM PID ("pfnclass/vm/PID.map"). */
#define VM_CAPTURE_MAP_FMT "pfnclass/vm/%d.map"

/*
 * Fill GM for VM VI. NOTE receives why QMP was not used when the map is inferred (empty
 * otherwise). Errors: -ENOENT (no rule recognises the guest RAM; NOTE says why), -EINVAL
 * with *BADLINE for a malformed --map file, -errno.
 */
int vm_map_acquire(const struct sysroot *sr, const struct vm_info *vi,
		   const struct vm_map_opts *o, struct guest_map *gm, char *note,
		   size_t len, unsigned *badline);

/* Read a --map file (at most VM_MAP_FILE_MAX bytes). */
int vm_map_read_file(const char *path, struct guest_map *gm, unsigned *badline);

#endif
