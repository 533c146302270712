// SPDX-License-Identifier: GPL-2.0-or-later
#include "classify.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kpf.h"
#include "macro.h"
#include "pagemap.h"

static const char *const class_names[PC__COUNT] = {
	[PC_RAM] = "ram",
	[PC_RESERVED] = "reserved",
	[PC_MMIO] = "mmio",
	[PC_NOT_PRESENT] = "not-present",
	[PC_SWAPPED] = "swapped",
	[PC_UNKNOWN] = "unknown",
	[PC_EMULATED_IO] = "emulated-io",
};

static const char *const reason_names[PR__COUNT] = {
	[PR_SYSTEM_RAM] = "system-ram",
	[PR_PG_RESERVED] = "pg-reserved",
	[PR_NOPAGE] = "nopage",
	[PR_KPF_EOF] = "past-kpageflags",
	[PR_NOT_SYSTEM_RAM] = "not-system-ram",
	[PR_NOT_PRESENT] = "first-touch",
	[PR_SWAPPED] = "swap-in",
	[PR_PFNMAP_UNKNOWN] = "pfnmap-no-offset",
	[PR_NO_HOST_PAGE] = "no-host-page",
	[PR_NO_HOST_MAPPING] = "no-host-mapping",
};

static const char *const detail_names[PD__COUNT] = {
	[PD_ZERO] = "zero",
	[PD_HUGE_ZERO] = "huge-zero",
	[PD_THP] = "thp",
	[PD_HUGETLB] = "hugetlb",
	[PD_KSM] = "ksm",
	[PD_ANON] = "anon",
	[PD_FILE] = "file",
	[PD_PFNMAP] = "pfnmap",
	[PD_OFFLINE] = "offline",
	[PD_HWPOISON] = "hwpoison",
	[PD_DEVMEM] = "device-offset",
};

static const char *const mk_names[MK__COUNT] = {
	[MK_ANON] = "anon",
	[MK_FILE] = "file",
	[MK_DEVMEM] = "devmem",
	[MK_VFIO] = "vfio",
	[MK_PCI_RESOURCE] = "pci-resource",
	[MK_PFNMAP] = "pfnmap",
};

const char *pfn_class_key(enum pfn_class c)
{
	static const char *const keys[PC__COUNT] = {
		[PC_RAM] = "ram",
		[PC_RESERVED] = "reserved",
		[PC_MMIO] = "mmio",
		[PC_NOT_PRESENT] = "not_present",
		[PC_SWAPPED] = "swapped",
		[PC_UNKNOWN] = "unknown",
		[PC_EMULATED_IO] = "emulated_io",
	};

	return (unsigned)c < PC__COUNT && keys[c] ? keys[c] : "unknown";
}

const char *pfn_class_name(enum pfn_class c)
{
	return (unsigned)c < PC__COUNT ? class_names[c] : "?";
}

const char *pfn_reason_name(enum pfn_reason r)
{
	return (unsigned)r < PR__COUNT ? reason_names[r] : "?";
}

const char *pfn_detail_name(enum pfn_detail d)
{
	return (unsigned)d < PD__COUNT ? detail_names[d] : "?";
}

const char *map_kind_name(enum map_kind mk)
{
	return (unsigned)mk < MK__COUNT ? mk_names[mk] : "?";
}

int pfn_class_parse(const char *s, enum pfn_class *out)
{
	for (unsigned i = 0; i < PC__COUNT; i++) {
		if (strcmp(s, class_names[i]) == 0) {
			*out = (enum pfn_class)i;
			return 0;
		}
	}
	return -EINVAL;
}

int pfn_detail_format(unsigned mask, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	for (unsigned d = 0; d < PD__COUNT; d++) {
		size_t n;

		if (!(mask & PD(d)))
			continue;
		if (off) {
			if (off + 1 >= len)
				return -ENOSPC;
			buf[off++] = ',';
			buf[off] = '\0';
		}
		n = strlen(detail_names[d]);
		if (off + n >= len) {
			/* Truncated, still terminated. */
			memcpy(buf + off, detail_names[d], len - off - 1);
			buf[len - 1] = '\0';
			return -ENOSPC;
		}
		memcpy(buf + off, detail_names[d], n + 1);
		off += n;
	}
	return 0;
}

static unsigned page_details(const struct page_facts *f)
{
	uint64_t k = f->kp.flags;
	unsigned d = 0;

	if (f->mk >= MK_DEVMEM)
		d |= PD(PD_PFNMAP);
	if (f->mk >= MK_DEVMEM && f->mk <= MK_PCI_RESOURCE)
		d |= PD(PD_DEVMEM);
	if (f->present) {
		if (f->pme & PM_FILE)
			d |= PD(PD_FILE);
		else
			d |= PD(PD_ANON);
	} else if (f->swapped) {
		d |= PD(PD_ANON);
	}
	if (!f->pfn_known || f->kp.eof || (k & KPF(KPF_NOPAGE)))
		return d;
	/* The huge zero page is THP-flagged; the 4 KiB one is not (kernel-facts 3.2). */
	if (k & KPF(KPF_ZERO_PAGE)) {
		d |= (k & KPF(KPF_THP)) ? PD(PD_HUGE_ZERO) : PD(PD_ZERO);
		d &= ~(PD(PD_FILE) | PD(PD_ANON));
	} else if (k & KPF(KPF_THP)) {
		d |= PD(PD_THP);
	}
	if (k & KPF(KPF_HUGE))
		d |= PD(PD_HUGETLB);
	if (k & KPF(KPF_KSM))
		d |= PD(PD_KSM);
	if (k & KPF(KPF_OFFLINE))
		d |= PD(PD_OFFLINE);
	if (k & KPF(KPF_HWPOISON))
		d |= PD(PD_HWPOISON);
	return d;
}

/*
 * The seed patch's kvm_is_mmio_pfn() (3.12 form, after Andrea Arcangeli's
 * simplification), evaluated from /proc: no struct page -> mmio; PG_reserved -> reserved;
 * a PFN that has a page frame but lies outside System RAM (recent kernels read holes as
 * 0) -> mmio.
 */
void classify_page(const struct page_facts *f, struct page_class *out)
{
	out->detail = page_details(f);
	if (!f->pfn_known) {
		if (f->mk == MK_PFNMAP) {
			out->cls = PC_UNKNOWN;
			out->reason = PR_PFNMAP_UNKNOWN;
		} else if (f->swapped) {
			out->cls = PC_SWAPPED;
			out->reason = PR_SWAPPED;
		} else {
			out->cls = PC_NOT_PRESENT;
			out->reason = PR_NOT_PRESENT;
		}
		return;
	}
	if (f->kp.eof) {
		out->cls = PC_MMIO;
		out->reason = PR_KPF_EOF;
	} else if (f->kp.flags & KPF(KPF_NOPAGE)) {
		out->cls = PC_MMIO;
		out->reason = PR_NOPAGE;
	} else if (f->kp.flags & KPF(KPF_RESERVED)) {
		out->cls = PC_RESERVED;
		out->reason = PR_PG_RESERVED;
	} else if (!f->system_ram) {
		out->cls = PC_MMIO;
		out->reason = PR_NOT_SYSTEM_RAM;
	} else {
		out->cls = PC_RAM;
		out->reason = PR_SYSTEM_RAM;
	}
}
