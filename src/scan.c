// SPDX-License-Identifier: GPL-2.0-or-later
#include "scan.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kpf.h"
#include "macro.h"

/* kpageflags bits that can change a page's class, details or any policy's result. */
#define KPF_RELEVANT                                                                     \
	(KPF(KPF_NOPAGE) | KPF(KPF_RESERVED) | KPF(KPF_ZERO_PAGE) | KPF(KPF_THP) |       \
	 KPF(KPF_HUGE) | KPF(KPF_KSM) | KPF(KPF_OFFLINE) | KPF(KPF_HWPOISON) |           \
	 KPF(KPF_COMPOUND_TAIL))
#define PM_RELEVANT (PM_PRESENT | PM_SWAP | PM_FILE)

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* /sys/devices/pci0000:00/0000:00:02.0/resource2 or resource2_wc */
static bool is_pci_resource(const char *p)
{
	const char *b = strrchr(p, '/');

	if (!starts_with(p, "/sys/devices/") || !b || !starts_with(b, "/resource"))
		return false;
	b += strlen("/resource");
	if (!isdigit((unsigned char)*b))
		return false;
	while (isdigit((unsigned char)*b))
		b++;
	return *b == '\0' || strcmp(b, "_wc") == 0;
}

enum map_kind vma_map_kind(const struct vma *v)
{
	const char *p = v->path;
	bool pfnmap = v->have_vmflags && (v->vmflags & VMF(VMF_PF));

	if (p && (strcmp(p, "/dev/mem") == 0))
		return MK_DEVMEM;
	if (p && starts_with(p, "/dev/vfio/"))
		return MK_VFIO;
	if (p && is_pci_resource(p))
		return MK_PCI_RESOURCE;
	if (pfnmap)
		return MK_PFNMAP;
	if (!p || p[0] == '[' || starts_with(p, "/memfd:") || starts_with(p, "/dev/zero") ||
	    starts_with(p, "/SYSV") || starts_with(p, "anon_inode:"))
		return MK_ANON;
	return MK_FILE;
}

struct run_state {
	bool active;
	struct scan_range r;
	uint64_t npages;
	/* cache of the last page's inputs -> outputs */
	bool key_valid;
	uint64_t key_pme, key_kpf;
	bool key_eof, key_hr;
	const struct iomem_seg *seg;
	struct page_class pc;
	unsigned mas2_known;
	uint8_t mas2[SCAN_MAX_POLICIES];
	/* compound head tracking for PRED_MMIO_THP */
	uint64_t head_pfn;
	bool head_valid, head_reserved;
};

static void account(struct scan_totals *t, const struct scan_range *r, uint64_t n)
{
	t->pages[r->pc.cls] += n;
	for (unsigned d = 0; d < PD__COUNT; d++)
		if (r->pc.detail & PD(d))
			t->details[d] += n;
	if (r->mas2_known & 1)
		t->mas2_pages[r->pc.cls][r->mas2[0] & 0x7f] += n;
	else
		t->mas2_unknown += n;
}

static int flush(struct run_state *s, scan_emit_fn emit, void *ud, struct scan_totals *t)
{
	int err = 0;

	if (!s->active)
		return 0;
	s->active = false;
	t->ranges++;
	account(t, &s->r, s->npages);
	if (emit)
		err = emit(&s->r, ud);
	return err;
}

static void evaluate(const struct scan_opts *o, struct run_state *s,
		     const struct page_facts *f, const struct iomem_seg *seg, bool head_reserved)
{
	struct policy_page pg = { 0 };

	classify_page(f, &s->pc);
	pg.pc = s->pc;
	pg.mk = f->mk;
	pg.system_ram = f->system_ram;
	pg.tail = f->pfn_known && (f->kp.flags & KPF(KPF_COMPOUND_TAIL));
	pg.head_reserved = head_reserved;
	s->mas2_known = 0;
	for (size_t i = 0; i < o->npolicies; i++)
		if (policy_mas2(o->policy[i], &o->env, &pg, &s->mas2[i]))
			s->mas2_known |= 1u << i;
	s->seg = seg;
}

static bool same_outputs(const struct run_state *s, const struct scan_range *r)
{
	return s->pc.cls == r->pc.cls && s->pc.reason == r->pc.reason &&
	       s->pc.detail == r->pc.detail && s->mas2_known == r->mas2_known &&
	       memcmp(s->mas2, r->mas2, sizeof(r->mas2)) == 0;
}

int scan_vma(struct scan_host *h, const struct pagemap *pm, const struct vma *v,
	     uint64_t start, uint64_t end, const struct scan_opts *o, scan_emit_fn emit,
	     void *ud, struct scan_totals *t)
{
	_cleanup_free_ uint64_t *buf = NULL;
	struct run_state s = { 0 };
	enum map_kind mk = vma_map_kind(v);
	bool devoff = mk == MK_DEVMEM || mk == MK_VFIO || mk == MK_PCI_RESOURCE;
	uint64_t vpn = start >> PAGE_SHIFT_4K, vend = end >> PAGE_SHIFT_4K;
	uint64_t run_left = 0;
	uint64_t reads0 = h->kp->reads;
	int err = 0;

	buf = malloc(PAGEMAP_BATCH * sizeof(uint64_t));
	if (!buf)
		return -ENOMEM;
	t->vmas++;
	while (vpn < vend) {
		size_t want = vend - vpn < PAGEMAP_BATCH ? (size_t)(vend - vpn) : PAGEMAP_BATCH;
		long got = pagemap_read(pm, vpn, want, buf);

		t->pagemap_reads++;
		if (got < 0 || (size_t)got < want) {
			/* The process exited or its address space changed under us. */
			t->partial = true;
			t->partial_err = got < 0 ? (int)got : -ESRCH;
			if (got <= 0)
				break;
			want = (size_t)got;
		}
		for (size_t i = 0; i < want; i++) {
			uint64_t pme = buf[i], va = (vpn + i) << PAGE_SHIFT_4K;
			struct page_facts f = { 0 };
			const struct iomem_seg *seg = NULL;
			bool hr;

			f.pme = pme;
			f.mk = mk;
			f.present = pme & PM_PRESENT;
			f.swapped = !f.present && (pme & PM_SWAP);
			if (f.present) {
				f.pfn = pme & PM_PFN_MASK;
				if (f.pfn == 0) {
					err = -EPERM;
					goto out;
				}
				f.pfn_known = true;
			} else if (devoff) {
				f.pfn = (v->offset >> PAGE_SHIFT_4K) + ((va - v->start) >> PAGE_SHIFT_4K);
				f.pfn_known = true;
				f.present = false;
			}
			if (f.pfn_known) {
				if (run_left == 0) {
					/* Length of the run of consecutive PFNs starting here. */
					size_t j = i + 1;

					run_left = 1;
					if (f.present)
						while (j < want && (buf[j] & PM_PRESENT) &&
						       (buf[j] & PM_PFN_MASK) == f.pfn + run_left) {
							run_left++;
							j++;
						}
					else
						run_left = want - i;
				}
				run_left--;
				err = kpage_get(h->kp, f.pfn, run_left + 1, &f.kp);
				if (err < 0)
					goto out;
				seg = iomem_lookup(h->iomem, f.pfn << PAGE_SHIFT_4K, s.seg);
				f.system_ram = iomem_is_system_ram(h->iomem, seg);
				if (f.kp.flags & KPF(KPF_COMPOUND_HEAD) && !f.kp.eof) {
					s.head_pfn = f.pfn;
					s.head_valid = true;
					s.head_reserved = f.kp.flags & KPF(KPF_RESERVED);
				}
			} else {
				run_left = 0;
			}
			hr = f.pfn_known && (f.kp.flags & KPF(KPF_COMPOUND_TAIL)) && s.head_valid &&
			     s.head_reserved;
			if (!s.key_valid || s.key_pme != (pme & PM_RELEVANT) ||
			    s.key_kpf != (f.kp.flags & KPF_RELEVANT) || s.key_eof != f.kp.eof ||
			    s.seg != seg || s.key_hr != hr) {
				evaluate(o, &s, &f, seg, hr);
				s.key_hr = hr;
				s.key_valid = true;
				s.key_pme = pme & PM_RELEVANT;
				s.key_kpf = f.kp.flags & KPF_RELEVANT;
				s.key_eof = f.kp.eof;
			}
			if (s.active && s.r.vend == va && s.r.pfn_known == f.pfn_known &&
			    (!f.pfn_known || f.pfn == s.r.pfn + s.npages) &&
			    s.r.resource == iomem_seg_path(h->iomem, seg) && same_outputs(&s, &s.r)) {
				s.r.vend = va + PAGE_SIZE_4K;
				s.npages++;
				s.r.kpf_or |= f.kp.flags;
				if (f.kp.count > s.r.mapcount)
					s.r.mapcount = f.kp.count;
			} else {
				err = flush(&s, emit, ud, t);
				if (err < 0)
					goto out;
				s.active = true;
				s.npages = 1;
				s.r = (struct scan_range){
					.vstart = va,
					.vend = va + PAGE_SIZE_4K,
					.pfn = f.pfn,
					.pfn_known = f.pfn_known,
					.pc = s.pc,
					.mk = mk,
					.resource = f.pfn_known ? iomem_seg_path(h->iomem, seg) : NULL,
					.system_ram = f.system_ram,
					.mas2_known = s.mas2_known,
					.kpf_or = f.kp.flags,
					.mapcount = f.kp.count,
					.vma = v,
				};
				memcpy(s.r.mas2, s.mas2, sizeof(s.mas2));
			}
		}
		vpn += want;
		if (t->partial)
			break;
	}
	err = flush(&s, emit, ud, t);
out:
	t->kpage_reads += h->kp->reads - reads0;
	return err;
}

static bool vma_wanted(const struct vma *v)
{
	/* The vsyscall page lives above the user address space and has no pagemap. */
	return !(v->path && strcmp(v->path, "[vsyscall]") == 0);
}

int scan_process(struct scan_host *h, pid_t pid, const struct scan_opts *o,
		 scan_emit_fn emit, void *ud, struct scan_totals *t)
{
	struct maps_iter it;
	struct pagemap pm = { .fd = -1 };
	struct vma v = { 0 };
	int err;

	err = maps_open(&it, h->sr, pid);
	if (err < 0)
		return err;
	err = pagemap_open(&pm, h->sr, pid);
	if (err < 0) {
		maps_close(&it);
		return err;
	}
	while ((err = maps_next(&it, &v)) > 0) {
		if (!vma_wanted(&v)) {
			vma_clear(&v);
			continue;
		}
		if (!o->nfilter) {
			err = scan_vma(h, &pm, &v, v.start, v.end, o, emit, ud, t);
		} else {
			for (size_t i = 0; i < o->nfilter && err >= 0; i++) {
				uint64_t s = o->filter[i].start > v.start ? o->filter[i].start : v.start;
				uint64_t e = o->filter[i].end < v.end ? o->filter[i].end : v.end;

				if (s < e)
					err = scan_vma(h, &pm, &v, s & ~0xfffULL, (e + 0xfff) & ~0xfffULL, o,
						       emit, ud, t);
			}
		}
		vma_clear(&v);
		if (err < 0 || t->partial)
			break;
	}
	if (err == -ESRCH || (err < 0 && err != -EPERM && err != -ENOMEM && t->vmas > 0)) {
		t->partial = true;
		t->partial_err = err;
		err = 0;
	}
	pagemap_close(&pm);
	maps_close(&it);
	return err;
}

static int parse_u64_suffix(const char *s, char **end, uint64_t *out)
{
	uint64_t v;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, end, 0);
	if (errno)
		return -ERANGE;
	switch (**end) {
	case 'K': case 'k': v <<= 10; (*end)++; break;
	case 'M': case 'm': v <<= 20; (*end)++; break;
	case 'G': case 'g': v <<= 30; (*end)++; break;
	case 'T': case 't': v <<= 40; (*end)++; break;
	}
	*out = v;
	return 0;
}

int addr_range_parse(const char *s, struct addr_range *out)
{
	uint64_t a, b;
	char *end;
	int err;

	err = parse_u64_suffix(s, &end, &a);
	if (err < 0)
		return err;
	if (*end == '-') {
		err = parse_u64_suffix(end + 1, &end, &b);
		if (err < 0 || *end || b < a || b == UINT64_MAX)
			return -EINVAL;
		out->start = a;
		out->end = b + 1;
		return 0;
	}
	if (*end == '+') {
		err = parse_u64_suffix(end + 1, &end, &b);
		if (err < 0 || *end || b == 0 || a + b < a)
			return -EINVAL;
		out->start = a;
		out->end = a + b;
		return 0;
	}
	return -EINVAL;
}

static int cmp_range(const void *a, const void *b)
{
	const struct addr_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

size_t addr_ranges_normalize(struct addr_range *r, size_t n)
{
	size_t out = 0;

	if (!n)
		return 0;
	qsort(r, n, sizeof(*r), cmp_range);
	for (size_t i = 1; i < n; i++) {
		if (r[i].start <= r[out].end) {
			if (r[i].end > r[out].end)
				r[out].end = r[i].end;
		} else {
			r[++out] = r[i];
		}
	}
	return out + 1;
}
