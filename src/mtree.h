/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsers for QEMU monitor (HMP) text: the flat view of an address space from
 * "info mtree -f", the "info ramblock" table (with or without the HVA/RO columns of newer
 * QEMU) and "gpa2hva" replies; and the guest map built from them. Text in, structures
 * out: no I/O, bounded, safe on hostile input.
 */
#ifndef PFNCLASS_MTREE_H
#define PFNCLASS_MTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmap.h"

#define MTREE_MAX_ENTRIES 16384
#define MTREE_MAX_LINE	  1024

/* One line of a rendered FlatView: GPA range -> memory region (and offset inside it). */
struct mtree_entry {
	uint64_t start, size;
	enum gm_kind kind;
	char type[8]; /* as printed: "ram", "rom", "romd", "ramd", "i/o" */
	char *name;
	uint64_t off; /* offset inside the region (0 when not printed) */
};

struct mtree_flat {
	struct mtree_entry *e;
	size_t n;
};

/*
 * Extract the FlatView that renders address space AS (normally "memory") from the text of
 * "info mtree -f". -ENOENT when no FlatView lists AS; -EINVAL with *BADLINE on a
 * malformed entry line; -E2BIG past MTREE_MAX_ENTRIES.
 */
int mtree_parse_flat(const char *text, const char *as, struct mtree_flat *out,
		     unsigned *badline);
void mtree_flat_free(struct mtree_flat *f);

struct ramblock {
	char *name;
	uint64_t psize, offset, used, total;
	bool has_hva;
	uint64_t hva;
	bool readonly;
};

struct ramblock_list {
	struct ramblock *b;
	size_t n;
	bool hva_column; /* the QEMU version prints HVA (and RO) */
};

/* Parse "info ramblock". -EINVAL with *BADLINE on a malformed line or header. */
int ramblock_parse(const char *text, struct ramblock_list *out, unsigned *badline);
void ramblock_list_free(struct ramblock_list *l);
/* The block behind flat-view region NAME ("vga.vram" is block "0000:00:02.0/vga.vram").
 */
const struct ramblock *ramblock_for_region(const struct ramblock_list *l,
					   const char *name);

/*
 * Parse a "gpa2hva" reply: 0 with *HVA and the region name, -ENOENT for "No memory is
 * mapped", -EINVAL for anything else.
 */
int gpa2hva_parse(const char *text, uint64_t *hva, char *region, size_t len);

/*
 * Ask the VMM for the HVA of GPA: 0, -ENOENT (no memory there) or -errno. REGION receives
 * the name of the region QEMU found there.
 */
typedef int (*mtree_hva_fn)(uint64_t gpa, uint64_t *hva, char *region, size_t len,
			    void *ud);

/*
 * Build a guest map from a flat view: i/o entries as they are, RAM/ROM entries with their
 * HVA taken from the ramblock HVA column when present, else from one HVA_FN query per
 * region (cached by region name). RB and HVA_FN may be NULL.
 */
int mtree_build_map(const struct mtree_flat *f, const struct ramblock_list *rb,
		    mtree_hva_fn hva_fn, void *ud, struct guest_map *gm);

#endif
