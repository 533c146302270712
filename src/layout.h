/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inferred guest maps: when the VMM cannot be asked, recognise guest RAM from its
 * mappings with one rule per VMM (never "the biggest anonymous mapping"):
 *   qemu              RAM blocks carry VmFlags dc; placed by -m/-machine/-numa/-object
 *   firecracker       /memfd:guest_mem regions at increasing file offsets
 *   cloud-hypervisor  /memfd:ch_ram regions, or anonymous regions with VmFlags dd
 *   crosvm            /memfd:crosvm_guest regions at increasing file offsets
 *   kvmtool           one anonymous mergeable block with a PROT_NONE hole: GPA = HVA -
 * base The memfd rules put the first region at GPA 0 and the others from 4 GiB up.
 */
#ifndef PFNCLASS_LAYOUT_H
#define PFNCLASS_LAYOUT_H

#include <stddef.h>

#include "guestmap.h"
#include "maps.h"
#include "vmfind.h"

#define LAYOUT_4G	  (1ULL << 32)
#define KVMTOOL_GAP_START 0xd0000000ULL
#define KVMTOOL_GAP_SIZE  0x30000000ULL

/*
 * Build an inferred map for a VMM of type VMM (QA: the QEMU command line, may be NULL)
 * from its VMAS (in address order, with VmFlags). -ENOENT when no rule recognises guest
 * RAM. The map's source names the rule ("layout:kvmtool").
 */
int layout_infer(enum vmm_type vmm, const struct qemu_args *qa, const struct vma *vmas,
		 size_t n, struct guest_map *gm);

/* Where QEMU x86 puts RAM below 4 GiB for MACHINE ("q35"/"pc..."), for RAM bytes. */
uint64_t layout_qemu_below_4g(const char *machine, uint64_t ram);

#endif
