/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A VM's guest-physical memory map: GPA ranges -> host virtual addresses (or emulated
 * i/o with no host page). Built from QEMU over QMP, from VMM layout rules, or read from a
 * --map file; written back in the same text format (captures store it).
 */
#ifndef PFNCLASS_GUESTMAP_H
#define PFNCLASS_GUESTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

enum gm_kind {
	GM_RAM, /* guest RAM backed by host pages */
	GM_ROM, /* read-only to the guest, backed by host pages */
	GM_IO,  /* emulated i/o: no host page */
	GM__COUNT
};

struct gm_region {
	uint64_t gpa, size; /* [gpa, gpa + size) */
	enum gm_kind kind;
	bool has_hva;
	uint64_t hva;       /* host virtual address of gpa (when has_hva) */
	char *name;         /* "pc.ram", "vga.vram", "memfd:ch_ram" ... */
};

struct guest_map {
	struct gm_region *r; /* sorted by gpa, non-overlapping */
	size_t n;
	bool exact;   /* from the VMM itself (QMP, map file); false when inferred */
	char *source; /* "qmp", "layout:firecracker", "file" ... */
};

const char *gm_kind_name(enum gm_kind k);
int gm_add(struct guest_map *gm, uint64_t gpa, uint64_t size, enum gm_kind kind,
	   bool has_hva, uint64_t hva, const char *name);
void guest_map_free(struct guest_map *gm);

#endif
