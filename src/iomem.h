/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/iomem: the resource tree, flattened into sorted, non-overlapping segments so that
 * "which resource holds this physical address" is a binary search (and usually a cache
 * hit).
 */
#ifndef PFNCLASS_IOMEM_H
#define PFNCLASS_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iomem_res {
	uint64_t start, end; /* inclusive, as printed */
	unsigned depth;
	int parent; /* index, -1 for top level */
	char *name;
	char *path;	 /* "PCI Bus 0000:00/0000:00:02.0" */
	bool system_ram; /* this or an ancestor is a "System RAM*" resource */
};

struct iomem_seg {
	uint64_t start, end; /* inclusive */
	int res;	     /* deepest resource covering [start, end] */
};

struct iomem {
	struct iomem_res *res;
	size_t nres;
	struct iomem_seg *seg;
	size_t nseg;
	bool addresses_hidden; /* every line read 0-0: the opener lacked CAP_SYS_ADMIN */
};

/* Parse the text of /proc/iomem. Malformed lines give -EINVAL and *BADLINE (1-based). */
int iomem_parse(const char *text, struct iomem *io, unsigned *badline);
void iomem_free(struct iomem *io);
/* Segment holding ADDR, or NULL when no resource covers it. HINT speeds sequential use.
 */
const struct iomem_seg *iomem_lookup(const struct iomem *io, uint64_t addr,
				     const struct iomem_seg *hint);
/* Is ADDR in a resource named "System RAM..." (the kernel's page_is_ram())? */
bool iomem_is_system_ram(const struct iomem *io, const struct iomem_seg *seg);
const char *iomem_seg_path(const struct iomem *io, const struct iomem_seg *seg);
/*
 * Is the segment in a ZONE_DEVICE range (device-dax "daxN.M", pmem "namespaceN.M",
 * "Persistent Memory", "Soft Reserved")? Those PFNs have struct pages that kpageflags
 * hides behind NOPAGE.
 */
bool iomem_is_zone_device(const struct iomem *io, const struct iomem_seg *seg);

#endif
