/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Page classification: RAM, reserved or MMIO (and not-present, swapped, unknown), with
 * the test that decided and descriptive details. Pure functions of the facts gathered
 * for one page; no I/O here.
 */
#ifndef PFNCLASS_CLASSIFY_H
#define PFNCLASS_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "kpage.h"

enum pfn_class {
	PC_RAM,
	PC_RESERVED,
	PC_MMIO,
	PC_NOT_PRESENT,
	PC_SWAPPED,
	PC_UNKNOWN,
	PC_EMULATED_IO, /* guest-physical range emulated by the VMM: no host page */
	PC__COUNT
};

enum pfn_reason {
	PR_SYSTEM_RAM,	    /* struct page, not reserved, inside "System RAM" */
	PR_PG_RESERVED,	    /* kpageflags bit 32 */
	PR_NOPAGE,	    /* kpageflags NOPAGE: no (online) struct page */
	PR_KPF_EOF,	    /* past the end of kpageflags: no struct page */
	PR_NOT_SYSTEM_RAM,  /* outside every "System RAM" resource of iomem */
	PR_NOT_PRESENT,	    /* no PTE: first touch gives fresh RAM */
	PR_SWAPPED,	    /* swap entry: swap-in gives fresh RAM */
	PR_PFNMAP_UNKNOWN,  /* VM_PFNMAP mapping whose device does not reveal the PFN */
	PR_NO_HOST_PAGE,    /* guest i/o region: every access traps to the VMM */
	PR_NO_HOST_MAPPING, /* guest RAM/ROM whose host address is unknown or unmapped */
	PR__COUNT
};

/* Details (bit mask), printed as a comma-separated list. */
enum pfn_detail {
	PD_ZERO,      /* the 4 KiB zero page */
	PD_HUGE_ZERO, /* the huge zero page */
	PD_THP,
	PD_HUGETLB,
	PD_KSM,
	PD_ANON,
	PD_FILE, /* file-backed or shared (pagemap bit 61) */
	PD_PFNMAP,
	PD_OFFLINE, /* PageOffline: balloon, virtio-mem */
	PD_HWPOISON,
	PD_DEVMEM, /* PFN taken from a device mapping's offset */
	PD__COUNT
};
#define PD(d) (1u << (d))

/* What the mapping (VMA) tells about its pages. */
enum map_kind {
	MK_ANON,	 /* private or shared anonymous, memfd, shmem */
	MK_FILE,	 /* regular file, hugetlbfs */
	MK_DEVMEM,	 /* /dev/mem: VM_PFNMAP, offset = physical address */
	MK_VFIO,	 /* /dev/vfio/...: VM_PFNMAP, offset = BAR physical address */
	MK_PCI_RESOURCE, /* sysfs PCI resourceN: VM_PFNMAP, offset inside the BAR */
	MK_PFNMAP,	 /* other VM_PFNMAP: PFN not derivable */
	MK__COUNT
};

struct page_facts {
	bool present, swapped, pfn_known;
	uint64_t pme; /* raw pagemap entry */
	uint64_t pfn;
	struct kpage_info kp; /* valid when pfn_known */
	bool system_ram;      /* iomem: PFN inside "System RAM*" */
	enum map_kind mk;
};

struct page_class {
	enum pfn_class cls;
	enum pfn_reason reason;
	unsigned detail;
};

void classify_page(const struct page_facts *f, struct page_class *out);

const char *pfn_class_name(enum pfn_class c);
/* The class as a JSON key: snake_case ("not_present"). */
const char *pfn_class_key(enum pfn_class c);
const char *pfn_reason_name(enum pfn_reason r);
const char *pfn_detail_name(enum pfn_detail d);
const char *map_kind_name(enum map_kind mk);
/* Comma-separated detail names ("thp,anon"), "" when none. */
int pfn_detail_format(unsigned mask, char *buf, size_t len);
int pfn_class_parse(const char *s, enum pfn_class *out);

#endif
