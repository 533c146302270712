// SPDX-License-Identifier: GPL-2.0-or-later
#include "columns.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "guestmap.h"
#include "kpf.h"
#include "macro.h"

const struct coldesc pfn_columns[COL__COUNT] = {
	[COL_VSTART] = { "VSTART", 18, false, JK_HEX,
			 "first virtual address of the range" },
	[COL_VEND] = { "VEND", 18, false, JK_HEX, "last virtual address of the range" },
	[COL_PFN_START] = { "PFN-START", 12, false, JK_HEX,
			    "first page frame number (or not-present, swapped, "
			    "unknown)" },
	[COL_PFN_END] = { "PFN-END", 12, false, JK_HEX, "last page frame number" },
	[COL_PAGES] = { "PAGES", 8, true, JK_NUMBER, "number of 4 KiB pages" },
	[COL_SIZE] = { "SIZE", 6, true, JK_NUMBER, "size of the range" },
	[COL_CLASS] = { "CLASS", 10, false, JK_STRING,
			"ram, reserved, mmio, not-present, swapped or unknown" },
	[COL_REASON] = { "REASON", 14, false, JK_STRING,
			 "the test that decided the class" },
	[COL_DETAIL] = { "DETAIL", 12, false, JK_ARRAY,
			 "zero, huge-zero, thp, hugetlb, ksm, anon, file, pfnmap..." },
	[COL_RESOURCE] = { "RESOURCE", 20, false, JK_STRING,
			   "the /proc/iomem resource holding the PFNs (nesting path)" },
	[COL_WIMGE] = { "WIMGE", 5, false, JK_STRING,
			"e500 MAS2 W,I,M,G,E attribute letters" },
	[COL_MAS2] = { "MAS2", 4, true, JK_NUMBER, "e500 shadow MAS2 attribute bits" },
	[COL_KIND] = { "KIND", 6, false, JK_STRING,
		       "mapping kind: anon, file, devmem, vfio, pci-resource, pfnmap" },
	[COL_MAPPING] = { "MAPPING", 20, false, JK_STRING,
			  "file or name of the mapping" },
	[COL_PERMS] = { "PERMS", 4, false, JK_STRING, "mapping permissions" },
	[COL_FLAGS] = { "FLAGS", 24, false, JK_ARRAY,
			"kpageflags set on any page of the range" },
	[COL_MAPCOUNT] = { "MAPCOUNT", 4, true, JK_NUMBER,
			   "highest kpagecount (mappings of a page) in the range" },
	[COL_GPA_START] = { "GPA-START", 18, false, JK_HEX,
			    "first guest-physical address" },
	[COL_GPA_END] = { "GPA-END", 18, false, JK_HEX, "last guest-physical address" },
	[COL_REGION] = { "REGION", 16, false, JK_STRING,
			 "guest memory region (pc.ram, vga.vram, a memory backend...)" },
	[COL_GKIND] = { "GKIND", 4, false, JK_STRING,
			"guest region kind: ram, rom or io (emulated, no host page)" },
	[COL_HVA] = { "HVA", 18, false, JK_HEX,
		      "host virtual address in the VMM process" },
	[COL_POL_SEED] = { "E500-SEED", 5, false, JK_STRING,
			   "WIMGE under policy e500-seed" },
	[COL_POL_SEED_THP] = { "E500-SEED-THP", 5, false, JK_STRING,
			       "WIMGE under policy e500-seed-thp" },
	[COL_POL_3_12] = { "E500-3.12", 5, false, JK_STRING,
			   "WIMGE under policy e500-3.12" },
	[COL_POL_3_13] = { "E500-3.13", 5, false, JK_STRING,
			   "WIMGE under policy e500-3.13" },
	[COL_POL_PTE] = { "E500-PTE", 5, false, JK_STRING,
			  "WIMGE under policy e500-pte" },
	[COL_MMIO_3_12] = { "MMIO-3.12", 3, false, JK_BOOL,
			    "kvm_is_mmio_pfn() of 3.12-3.16: no struct page or "
			    "PG_reserved" },
	[COL_MMIO_3_17] = { "MMIO-3.17", 3, false, JK_BOOL,
			    "kvm_is_mmio_pfn() of 3.17: also false for the zero page" },
	[COL_RSVD_3_18] = { "RSVD-3.18", 3, false, JK_BOOL,
			    "kvm_is_reserved_pfn() of 3.18-5.3" },
	[COL_RSVD_5_4] = { "RSVD-5.4", 3, false, JK_BOOL,
			   "kvm_is_reserved_pfn() of 5.4-5.5: ZONE_DEVICE excluded" },
	[COL_RSVD_5_6] = { "RSVD-5.6", 3, false, JK_BOOL,
			   "kvm_is_reserved_pfn() of 5.6-5.19: zero page excluded too" },
	[COL_REFCOUNTED_6_0] = { "REFCOUNTED-6.0", 3, false, JK_BOOL,
				 "kvm_pfn_to_refcounted_page() of 6.0+ returns a page" },
	[COL_X86_EPT] = { "X86-EPT", 3, false, JK_STRING,
			  "x86 EPT memory type KVM would use (WB or UC)" },
	[COL_ARM64_S2] = { "ARM64-S2", 6, false, JK_STRING,
			   "arm64 stage-2 attribute (normal or device)" },
};

static const int default_cols[] = {
	COL_VSTART, COL_VEND,	COL_PFN_START, COL_PFN_END, COL_PAGES,
	COL_CLASS,  COL_DETAIL, COL_RESOURCE,  COL_WIMGE,   COL_MAS2,
};

static const int default_guest_cols[] = {
	COL_GPA_START, COL_GPA_END, COL_REGION, COL_GKIND,  COL_HVA,	  COL_PFN_START,
	COL_PFN_END,   COL_PAGES,   COL_CLASS,	COL_DETAIL, COL_RESOURCE, COL_WIMGE,
};

void columns_default_guest(int *cols, size_t *ncols)
{
	for (size_t i = 0; i < ARRAY_SIZE(default_guest_cols); i++)
		cols[i] = default_guest_cols[i];
	*ncols = ARRAY_SIZE(default_guest_cols);
}

void columns_default(int *cols, size_t *ncols)
{
	for (size_t i = 0; i < ARRAY_SIZE(default_cols); i++)
		cols[i] = default_cols[i];
	*ncols = ARRAY_SIZE(default_cols);
}

static int column_by_name(const char *name, size_t len)
{
	for (int i = 0; i < COL__COUNT; i++)
		if (strlen(pfn_columns[i].name) == len &&
		    strncasecmp(pfn_columns[i].name, name, len) == 0)
			return i;
	return -1;
}

int columns_parse(const char *list, int *cols, size_t max, size_t *ncols)
{
	const char *p = list;

	if (*p == '+')
		p++;
	else
		*ncols = 0;
	if (!*p)
		return -EINVAL;
	while (*p) {
		size_t n = strcspn(p, ",");
		int id = column_by_name(p, n);

		if (id < 0 || *ncols >= max)
			return -EINVAL;
		cols[(*ncols)++] = id;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

void column_json_key(const struct coldesc *c, char *buf, size_t len)
{
	size_t i;

	for (i = 0; c->name[i] && i + 1 < len; i++)
		buf[i] = c->name[i] == '-' || c->name[i] == '.'
				 ? '_'
				 : (char)tolower((unsigned char)c->name[i]);
	buf[i] = '\0';
}

void size_to_human(unsigned long long bytes, char *buf, size_t len)
{
	static const char suffix[] = "BKMGTPE";
	unsigned i = 0;
	unsigned long long whole = bytes, frac = 0;

	while (whole >= 1024 && i + 1 < sizeof(suffix) - 1) {
		frac = whole % 1024;
		whole /= 1024;
		i++;
	}
	if (i == 0) {
		snprintf(buf, len, "%lluB", whole);
		return;
	}
	frac = (frac * 10 + 512) / 1024; /* one decimal, rounded */
	if (frac >= 10) {
		whole++;
		frac = 0;
	}
	if (frac)
		snprintf(buf, len, "%llu.%llu%c", whole, frac, suffix[i]);
	else
		snprintf(buf, len, "%llu%c", whole, suffix[i]);
}

/*
 * Number formatting without printf: a range line has up to six numbers and printf's
 * format parsing was the larger part of formatting it. LEN is at least 24 here.
 */
static const char *fmt_hex(uint64_t v, unsigned mindigits, char *buf)
{
	static const char digits[] = "0123456789abcdef";
	unsigned n = v ? (67 - (unsigned)__builtin_clzll(v)) / 4 : 1;
	char *p;

	if (n < mindigits)
		n = mindigits;
	buf[0] = '0';
	buf[1] = 'x';
	p = buf + 2 + n;
	*p = '\0';
	while (p > buf + 2) {
		*--p = digits[v & 0xf];
		v >>= 4;
	}
	return buf;
}

static const char *fmt_dec(uint64_t v, char *buf)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (unsigned i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

const char *column_text(int col, const struct scan_range *r, bool bytes, char *buf,
			size_t len)
{
	uint64_t pages = (r->vend - r->vstart) >> PAGE_SHIFT_4K;

	if (r->has_gpa && r->no_hva)
		pages = (r->gpa_size + PAGE_SIZE_4K - 1) >> PAGE_SHIFT_4K;
	if (r->no_hva && (col == COL_VSTART || col == COL_VEND || col == COL_HVA))
		return NULL;
	switch (col) {
	case COL_GPA_START:
		if (!r->has_gpa)
			return NULL;
		return fmt_hex(r->gpa, 1, buf);
	case COL_GPA_END:
		if (!r->has_gpa)
			return NULL;
		return fmt_hex(r->gpa + r->gpa_size - 1, 1, buf);
	case COL_REGION:
		return r->has_gpa ? r->region : NULL;
	case COL_GKIND:
		return r->has_gpa ? gm_kind_name((enum gm_kind)r->gkind) : NULL;
	case COL_POL_SEED:
	case COL_POL_SEED_THP:
	case COL_POL_3_12:
	case COL_POL_3_13:
	case COL_POL_PTE:
		if (!(r->mas2_known & (1u << COL_POLICY_SLOT(col))))
			return NULL;
		mas2_wimge(r->mas2[COL_POLICY_SLOT(col)], buf);
		return buf;
	case COL_MMIO_3_12:
	case COL_MMIO_3_17:
	case COL_RSVD_3_18:
	case COL_RSVD_5_4:
	case COL_RSVD_5_6:
	case COL_REFCOUNTED_6_0:
		if (!r->pfn_known)
			return NULL;
		return r->preds & (1u << (col - COL_MMIO_3_12)) ? "yes" : "no";
	case COL_X86_EPT:
		return x86_memtype_name(r->x86_mt);
	case COL_ARM64_S2:
		return arm64_s2_name(r->arm64_s2);
	case COL_HVA:
	case COL_VSTART:
		return fmt_hex(r->vstart, 1, buf);
	case COL_VEND:
		return fmt_hex(r->vend - 1, 1, buf);
	case COL_PFN_START:
		if (!r->pfn_known)
			return NULL;
		return fmt_hex(r->pfn, 1, buf);
	case COL_PFN_END:
		if (!r->pfn_known)
			return NULL;
		return fmt_hex(r->pfn + pages - 1, 1, buf);
	case COL_PAGES:
		return fmt_dec(pages, buf);
	case COL_SIZE:
		if (bytes)
			snprintf(buf, len, "%" PRIu64,
				 r->has_gpa ? r->gpa_size : pages << PAGE_SHIFT_4K);
		else
			size_to_human(r->has_gpa ? r->gpa_size : pages << PAGE_SHIFT_4K,
				      buf, len);
		return buf;
	case COL_CLASS:
		return pfn_class_name(r->pc.cls);
	case COL_REASON:
		return pfn_reason_name(r->pc.reason);
	case COL_DETAIL:
		pfn_detail_format(r->pc.detail, buf, len);
		return buf;
	case COL_RESOURCE:
		return r->resource;
	case COL_WIMGE:
		if (!(r->mas2_known & 1))
			return NULL;
		mas2_wimge(r->mas2[0], buf);
		return buf;
	case COL_MAS2:
		if (!(r->mas2_known & 1))
			return NULL;
		return fmt_hex(r->mas2[0], 2, buf);
	case COL_KIND:
		/* A guest range without host mapping has no mapping kind. */
		return r->has_gpa && r->no_hva ? NULL : map_kind_name(r->mk);
	case COL_MAPPING:
		return r->vma ? vma_name(r->vma) : NULL;
	case COL_PERMS:
		return r->vma ? r->vma->perms : NULL;
	case COL_FLAGS:
		if (!r->pfn_known)
			return NULL;
		kpf_format(r->kpf_or, buf, len);
		return buf;
	case COL_MAPCOUNT:
		if (!r->pfn_known)
			return NULL;
		return fmt_dec(r->mapcount, buf);
	}
	return NULL;
}
