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
	GM_IO,	/* emulated i/o: no host page */
	GM__COUNT
};

struct gm_region {
	uint64_t gpa, size; /* [gpa, gpa + size) */
	enum gm_kind kind;
	bool has_hva;
	uint64_t hva; /* host virtual address of gpa (when has_hva) */
	char *name;   /* "pc.ram", "vga.vram", "memfd:ch_ram" ... */
};

struct guest_map {
	struct gm_region *r; /* sorted by gpa, non-overlapping */
	size_t n;
	bool exact;   /* from the VMM itself (QMP, map file); false when inferred */
	char *source; /* "qmp", "layout:firecracker", "file" ... */
};

/* Limits that keep hostile input bounded (map files, monitor replies). */
#define GM_MAX_REGIONS 65536
#define GM_MAX_NAME    255
#define GM_MAX_LINE    4096

const char *gm_kind_name(enum gm_kind k);
int gm_kind_parse(const char *s, enum gm_kind *out);
int gm_add(struct guest_map *gm, uint64_t gpa, uint64_t size, enum gm_kind kind,
	   bool has_hva, uint64_t hva, const char *name);
void guest_map_free(struct guest_map *gm);
int guest_map_set_source(struct guest_map *gm, const char *source, bool exact);
/* Sort by GPA; -ERANGE when two regions overlap (*AT = index of the second). */
int guest_map_sort(struct guest_map *gm, size_t *at);
/* Region holding GPA, or NULL. The map must be sorted. */
const struct gm_region *guest_map_find(const struct guest_map *gm, uint64_t gpa);
/* Sum of the region sizes of kind K. */
uint64_t guest_map_bytes(const struct guest_map *gm, enum gm_kind k);

/*
 * The text format (pfnclass-map(5)): one region per line,
 *   GPA-START  GPA-END|+SIZE  ram|rom|io  HVA|-  [NAME]
 * GPA-END is inclusive; numbers are hex with 0x or decimal (SIZE takes K/M/G/T);
 * '#' starts a comment. Parsing TEXT gives -EINVAL and *BADLINE (1-based) on a bad line,
 * -E2BIG past GM_MAX_REGIONS, -ERANGE on overlapping regions (line of the second one).
 */
int guest_map_parse(const char *text, struct guest_map *gm, unsigned *badline);
int guest_map_write(FILE *f, const struct guest_map *gm);

#endif
