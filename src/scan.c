// SPDX-License-Identifier: GPL-2.0-or-later
#include "scan.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kpf.h"
#include "macro.h"
#include "progress.h"
#include "scanguard.h"

/* kpageflags bits that can change a page's class, details or any policy's result. */
#define KPF_RELEVANT                                                                     \
	(KPF(KPF_NOPAGE) | KPF(KPF_RESERVED) | KPF(KPF_ZERO_PAGE) | KPF(KPF_THP) |       \
	 KPF(KPF_HUGE) | KPF(KPF_KSM) | KPF(KPF_OFFLINE) | KPF(KPF_HWPOISON) |           \
	 KPF(KPF_COMPOUND_TAIL) | KPF(KPF_ARCH) | KPF(KPF_UNCACHED))
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
	if (!p || p[0] == '[' || starts_with(p, "/memfd:") ||
	    starts_with(p, "/dev/zero") || starts_with(p, "/SYSV") ||
	    starts_with(p, "anon_inode:"))
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
	bool key_eof, key_hr, key_fw;
	const struct iomem_seg *seg;
	struct page_class pc;
	unsigned mas2_known;
	uint8_t mas2[SCAN_MAX_POLICIES];
	unsigned preds;
	uint8_t x86_mt, arm64_s2;
	/* compound head tracking for PRED_MMIO_THP */
	uint64_t head_pfn;
	bool head_valid, head_reserved;
};

/* One VMA being scanned: its inputs, the open range and the per-page caches. */
struct vma_scan {
	struct scan_host *h;
	const struct pagemap *pm;
	const struct vma *v;
	const struct scan_opts *o;
	scan_emit_fn emit;
	void *ud;
	struct scan_totals *t;
	enum map_kind mk;
	bool devoff; /* PFN from the mapping's offset (/dev/mem, VFIO, PCI resource) */
	struct run_state s;
	uint64_t run_left;
	const struct iomem_seg *path_seg; /* iomem_seg_path() cache */
	const char *path;
	uint64_t *buf; /* PAGEMAP_BATCH entries */
};

void scan_totals_add(struct scan_totals *t, const struct scan_range *r, uint64_t n)
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
	scan_totals_add(t, &s->r, s->npages);
	if (emit)
		err = emit(&s->r, ud);
	return err;
}

static void evaluate(const struct scan_host *h, const struct scan_opts *o,
		     struct run_state *s, const struct page_facts *f,
		     const struct iomem_seg *seg, bool head_reserved, bool fw_ram)
{
	struct policy_page pg = { 0 };

	classify_page(f, &s->pc);
	pg.pc = s->pc;
	pg.mk = f->mk;
	pg.system_ram = f->system_ram;
	pg.tail = f->pfn_known && (f->kp.flags & KPF(KPF_COMPOUND_TAIL));
	pg.head_reserved = head_reserved;
	pg.kpf = f->kp.flags;
	pg.zone_device = f->pfn_known && iomem_is_zone_device(h->iomem, seg);
	pg.fw_ram = fw_ram;
	s->mas2_known = 0;
	for (size_t i = 0; i < o->npolicies; i++)
		if (policy_mas2(o->policy[i], &o->env, &pg, &s->mas2[i]))
			s->mas2_known |= 1u << i;
	s->preds = kvm_predicates_eval(&pg);
	s->x86_mt = (uint8_t)x86_ept_memtype(&pg);
	s->arm64_s2 = (uint8_t)arm64_stage2(&pg);
	s->seg = seg;
}

static bool same_outputs(const struct run_state *s, const struct scan_range *r)
{
	return s->pc.cls == r->pc.cls && s->pc.reason == r->pc.reason &&
	       s->pc.detail == r->pc.detail && s->mas2_known == r->mas2_known &&
	       memcmp(s->mas2, r->mas2, sizeof(r->mas2)) == 0 && s->preds == r->preds &&
	       s->x86_mt == r->x86_mt && s->arm64_s2 == r->arm64_s2;
}

static const char *seg_path(struct vma_scan *c, const struct iomem_seg *seg)
{
	if (seg != c->path_seg) {
		c->path_seg = seg;
		c->path = iomem_seg_path(c->h->iomem, seg);
	}
	return c->path;
}

/*
 * Add N pages from VA with the facts F (the same for all N; N > 1 only for holes) to the
 * open range, or close it and open a new one.
 */
static int add_pages(struct vma_scan *c, const struct page_facts *f,
		     const struct iomem_seg *seg, bool hr, uint64_t va, uint64_t n)
{
	struct run_state *s = &c->s;
	const char *path = f->pfn_known ? seg_path(c, seg) : NULL;
	uint64_t pme = f->pme;
	int err;

	/* Firmware RAM matters only for PFNs without struct page (x86 rule): rare, looked
	 * up. */
	bool fw = f->pfn_known && c->h->fw && c->h->fw->n &&
		  (f->kp.eof || (f->kp.flags & KPF(KPF_NOPAGE)) || !f->system_ram) &&
		  fwmemmap_is_ram(c->h->fw, f->pfn << PAGE_SHIFT_4K);

	if (!s->key_valid || s->key_pme != (pme & PM_RELEVANT) ||
	    s->key_kpf != (f->kp.flags & KPF_RELEVANT) || s->key_eof != f->kp.eof ||
	    s->seg != seg || s->key_hr != hr || s->key_fw != fw) {
		evaluate(c->h, c->o, s, f, seg, hr, fw);
		s->key_hr = hr;
		s->key_fw = fw;
		s->key_valid = true;
		s->key_pme = pme & PM_RELEVANT;
		s->key_kpf = f->kp.flags & KPF_RELEVANT;
		s->key_eof = f->kp.eof;
	}
	if (s->active && s->r.vend == va && s->r.pfn_known == f->pfn_known &&
	    (!f->pfn_known || f->pfn == s->r.pfn + s->npages) && s->r.resource == path &&
	    same_outputs(s, &s->r)) {
		s->r.vend = va + n * PAGE_SIZE_4K;
		s->npages += n;
		s->r.kpf_or |= f->kp.flags;
		if (f->kp.count > s->r.mapcount)
			s->r.mapcount = f->kp.count;
		return 0;
	}
	err = flush(s, c->emit, c->ud, c->t);
	if (err < 0)
		return err;
	s->active = true;
	s->npages = n;
	s->r = (struct scan_range){
		.vstart = va,
		.vend = va + n * PAGE_SIZE_4K,
		.pfn = f->pfn,
		.pfn_known = f->pfn_known,
		.pc = s->pc,
		.mk = c->mk,
		.resource = path,
		.system_ram = f->system_ram,
		.mas2_known = s->mas2_known,
		.preds = s->preds,
		.x86_mt = s->x86_mt,
		.arm64_s2 = s->arm64_s2,
		.kpf_or = f->kp.flags,
		.mapcount = f->kp.count,
		.vma = c->v,
	};
	memcpy(s->r.mas2, s->mas2, sizeof(s->mas2));
	return 0;
}

/* N pages from VPN with no PTE (a gap PAGEMAP_SCAN reported): no reads needed. */
static int add_hole(struct vma_scan *c, uint64_t vpn, uint64_t n)
{
	struct page_facts f = { .mk = c->mk };

	if (!n)
		return 0;
	c->run_left = 0;
	return add_pages(c, &f, NULL, false, vpn << PAGE_SHIFT_4K, n);
}

/*
 * Before the per-page pass over a pagemap batch: when its PFNs fill most of their span in
 * short runs, one windowed kpageflags read serves the whole batch (kpage.h).
 */
static int maybe_sweep(struct vma_scan *c, const uint64_t *buf, size_t n)
{
	uint64_t lo = UINT64_MAX, hi = 0, present = 0, runs = 0;

	/* Run by run: within a run the PFNs only grow, so its ends bound the span. */
	for (size_t i = 0; i < n;) {
		uint64_t pfn;
		size_t j = i + 1;

		if (!(buf[i] & PM_PRESENT)) {
			i++;
			continue;
		}
		pfn = buf[i] & PM_PFN_MASK;
		while (j < n && (buf[j] & PM_PRESENT) &&
		       (buf[j] & PM_PFN_MASK) == pfn + (j - i))
			j++;
		runs++;
		present += j - i;
		if (pfn < lo)
			lo = pfn;
		if (pfn + (j - i) - 1 > hi)
			hi = pfn + (j - i) - 1;
		i = j;
	}
	if (present < 2 || hi - lo + 1 > KPAGE_WINDOW ||
	    present * 100 < (hi - lo + 1) * KPAGE_SWEEP_DENSITY ||
	    present >= runs * KPAGE_SWEEP_MAX_RUN || lo == 0)
		return 0;
	return kpage_prefetch(c->h->kp, lo, hi - lo + 1);
}

/*
 * Page I of BUF (present, PFN known) has just joined the open range. Append the pages
 * that follow it in its PFN run while their inputs match the cached key: the same
 * relevant pagemap and kpageflags bits, no compound head (it moves the head tracking) and
 * the same iomem segment. Such pages would take add_pages()'s merge branch one by one;
 * this takes them straight from the kpage window. Returns how many pages were appended.
 */
static size_t extend_run(struct vma_scan *c, const uint64_t *buf, size_t i, size_t want,
			 uint64_t va, uint64_t pfn, const struct iomem_seg *seg)
{
	struct run_state *s = &c->s;
	const uint64_t *kf, *kc;
	uint64_t kpf_or = 0, mapcount = s->r.mapcount;
	size_t max, k;

	if (!c->run_left || !seg || s->key_fw || s->key_eof || !s->active ||
	    s->r.vend != va + PAGE_SIZE_4K)
		return 0;
	max = kpage_cached(c->h->kp, pfn + 1, &kf, &kc);
	if (max > c->run_left)
		max = c->run_left;
	if (max > want - i - 1)
		max = want - i - 1;
	if (max > (seg->end >> PAGE_SHIFT_4K) - pfn)
		max = (seg->end >> PAGE_SHIFT_4K) - pfn;
	for (k = 0; k < max; k++) {
		uint64_t kpf = kf[k];

		if ((buf[i + 1 + k] & PM_RELEVANT) != s->key_pme ||
		    (kpf & KPF_RELEVANT) != s->key_kpf || (kpf & KPF(KPF_COMPOUND_HEAD)))
			break;
		kpf_or |= kpf;
		if (kc && kc[k] > mapcount)
			mapcount = kc[k];
	}
	s->r.vend += k * PAGE_SIZE_4K;
	s->npages += k;
	s->r.kpf_or |= kpf_or;
	s->r.mapcount = mapcount;
	c->run_left -= k;
	return k;
}

/*
 * The per-page pass over N pagemap entries from VPN. Returns how many were present or
 * swapped, or -errno.
 */
static long add_entries(struct vma_scan *c, uint64_t vpn, const uint64_t *buf,
			size_t want)
{
	struct run_state *s = &c->s;
	struct scan_host *h = c->h;
	long used = 0;
	int err;

	if (!c->devoff && want >= 1024) {
		err = maybe_sweep(c, buf, want);
		if (err < 0)
			return err;
	}
	c->run_left = 0;
	for (size_t i = 0; i < want; i++) {
		uint64_t pme = buf[i], va = (vpn + i) << PAGE_SHIFT_4K;
		struct page_facts f = { 0 };
		const struct iomem_seg *seg = NULL;
		bool hr;

		f.pme = pme;
		f.mk = c->mk;
		f.present = pme & PM_PRESENT;
		f.swapped = !f.present && (pme & PM_SWAP);
		used += f.present || f.swapped;
		if (!f.present && !f.swapped && !c->devoff) {
			/* A run of not-present entries: one step, no per-page work. */
			size_t j = i + 1;

			while (j < want && !(buf[j] & (PM_PRESENT | PM_SWAP)) &&
			       (buf[j] & PM_RELEVANT) == (pme & PM_RELEVANT))
				j++;
			c->run_left = 0;
			err = add_pages(c, &f, NULL, false, va, j - i);
			if (err < 0)
				return err;
			i = j - 1;
			continue;
		}
		if (f.present) {
			f.pfn = pme & PM_PFN_MASK;
			if (f.pfn == 0)
				return -EPERM;
			f.pfn_known = true;
		} else if (c->devoff) {
			f.pfn = (c->v->offset >> PAGE_SHIFT_4K) +
				(va - c->v->start) / PAGE_SIZE_4K;
			f.pfn_known = true;
		}
		if (f.pfn_known) {
			if (c->run_left == 0) {
				/* Length of the run of consecutive PFNs starting here. */
				size_t j = i + 1;

				c->run_left = 1;
				if (f.present)
					while (j < want && (buf[j] & PM_PRESENT) &&
					       (buf[j] & PM_PFN_MASK) ==
						       f.pfn + c->run_left) {
						c->run_left++;
						j++;
					}
				else
					c->run_left = want - i;
			}
			c->run_left--;
			err = kpage_get(h->kp, f.pfn, c->run_left + 1, &f.kp);
			if (err < 0)
				return err;
			seg = iomem_lookup(h->iomem, f.pfn << PAGE_SHIFT_4K, s->seg);
			f.system_ram = iomem_is_system_ram(h->iomem, seg);
			if (f.kp.flags & KPF(KPF_COMPOUND_HEAD) && !f.kp.eof) {
				s->head_pfn = f.pfn;
				s->head_valid = true;
				s->head_reserved = f.kp.flags & KPF(KPF_RESERVED);
			}
		} else {
			c->run_left = 0;
		}
		hr = f.pfn_known && (f.kp.flags & KPF(KPF_COMPOUND_TAIL)) &&
		     s->head_valid && s->head_reserved;
		err = add_pages(c, &f, seg, hr, va, 1);
		if (err < 0)
			return err;
		if (f.present) {
			size_t k = extend_run(c, buf, i, want, va, f.pfn, seg);

			i += k;
			used += (long)k;
		}
	}
	return used;
}

/*
 * Read and process the pagemap of [VPN, VEND) in batches. Returns the number of present
 * or swapped pages, or -errno; a short read marks the totals partial.
 */
static long read_span(struct vma_scan *c, uint64_t vpn, uint64_t vend)
{
	long used = 0;

	while (vpn < vend) {
		size_t want =
			vend - vpn < PAGEMAP_BATCH ? (size_t)(vend - vpn) : PAGEMAP_BATCH;
		long got = pagemap_read(c->pm, vpn, want, c->buf), n;

		c->t->pagemap_reads++;
		if (got < 0 || (size_t)got < want) {
			/* The process exited or its address space changed under us. */
			c->t->partial = true;
			c->t->partial_err = got < 0 ? (int)got : -ESRCH;
			if (got <= 0)
				return used;
			want = (size_t)got;
		}
		n = add_entries(c, vpn, c->buf, want);
		if (n < 0)
			return n;
		used += n;
		progress_add(c->o->progress, want * PAGE_SIZE_4K);
		vpn += want;
		if (c->t->partial)
			break;
	}
	return used;
}

/*
 * PAGEMAP_SCAN strategy (sparse mappings): ask the kernel for the present or swapped
 * regions of a chunk and read pagemap only there; the gaps become not-present ranges
 * without a read. Regions closer than SCAN_MERGE_GAP pages are read as one span. Once a
 * chunk is mostly present the scan is pure overhead (it walks the same page tables, about
 * 10 ns a page vs 21 ns for pagemap), so dense chunks switch to plain reads, and a plain
 * batch that turns out sparse switches back.
 */
#define SCAN_CHUNK_PAGES   (4 * PAGEMAP_BATCH) /* 1 GiB of address space per ioctl */
#define SCAN_MAX_REGIONS   512
#define SCAN_MERGE_GAP	   256
#define SCAN_DENSE_PERCENT 50

static int scan_chunk(struct vma_scan *c, struct pagemap *pm, uint64_t *vpn,
		      uint64_t vend, bool *dense)
{
	struct pagemap_region reg[SCAN_MAX_REGIONS];
	uint64_t end = vend - *vpn > SCAN_CHUNK_PAGES ? *vpn + SCAN_CHUNK_PAGES : vend;
	uint64_t walk_end, at = *vpn, used = 0;
	long n = pagemap_scan(pm, *vpn << PAGE_SHIFT_4K, end << PAGE_SHIFT_4K, reg,
			      SCAN_MAX_REGIONS, &walk_end);
	int err;

	if (n < 0)
		return (int)n;
	c->t->pagemap_reads++;
	walk_end >>= PAGE_SHIFT_4K;
	if (walk_end <= *vpn || walk_end > end)
		walk_end = end; /* defensive: never loop without progress */
	for (long i = 0; i < n;) {
		uint64_t rs = reg[i].start >> PAGE_SHIFT_4K,
			 re = reg[i].end >> PAGE_SHIFT_4K;
		long r;

		while (++i < n && (reg[i].start >> PAGE_SHIFT_4K) - re <= SCAN_MERGE_GAP)
			re = reg[i].end >> PAGE_SHIFT_4K;
		if (rs < at || re > walk_end || rs >= re)
			return -EIO;
		err = add_hole(c, at, rs - at);
		if (err < 0)
			return err;
		progress_add(c->o->progress, (rs - at) * PAGE_SIZE_4K);
		r = read_span(c, rs, re);
		if (r < 0)
			return (int)r;
		used += (uint64_t)r;
		at = re;
		if (c->t->partial)
			return 0;
	}
	err = add_hole(c, at, walk_end - at);
	if (err < 0)
		return err;
	progress_add(c->o->progress, (walk_end - at) * PAGE_SIZE_4K);
	*dense = used * 100 >= (walk_end - *vpn) * SCAN_DENSE_PERCENT;
	*vpn = walk_end;
	return 0;
}

static int scan_vma_kind(struct scan_host *h, struct pagemap *pm, const struct vma *v,
			 enum map_kind mk, uint64_t start, uint64_t end,
			 const struct scan_opts *o, scan_emit_fn emit, void *ud,
			 struct scan_totals *t)
{
	_cleanup_free_ uint64_t *buf = NULL;
	struct vma_scan c = {
		.h = h,
		.pm = pm,
		.v = v,
		.o = o,
		.emit = emit,
		.ud = ud,
		.t = t,
		.mk = mk,
		.devoff = mk == MK_DEVMEM || mk == MK_VFIO || mk == MK_PCI_RESOURCE,
	};
	uint64_t vpn = start >> PAGE_SHIFT_4K, vend = end >> PAGE_SHIFT_4K;
	uint64_t reads0 = h->kp->reads;
	/* PAGEMAP_SCAN skips VM_PFNMAP VMAs: those keep the plain path. */
	bool use_scan = pm && pm->scan && mk <= MK_FILE;
	bool dense = false;
	int err = 0;

	buf = malloc(PAGEMAP_BATCH * sizeof(uint64_t));
	if (!buf)
		return -ENOMEM;
	c.buf = buf;
	t->vmas++;
	while (vpn < vend && !t->partial) {
		if (use_scan && !dense) {
			err = scan_chunk(&c, pm, &vpn, vend, &dense);
			if (err == -EOPNOTSUPP) {
				use_scan = false;
				err = 0;
			}
		} else {
			uint64_t e =
				vend - vpn > PAGEMAP_BATCH ? vpn + PAGEMAP_BATCH : vend;
			long used = read_span(&c, vpn, e);

			if (used < 0)
				err = (int)used;
			else
				dense = (uint64_t)used * 100 >=
					(e - vpn) * SCAN_DENSE_PERCENT;
			vpn = e;
		}
		if (err < 0)
			goto out;
	}
	err = flush(&c.s, emit, ud, t);
out:
	t->kpage_reads += h->kp->reads - reads0;
	return err;
}

int scan_vma(struct scan_host *h, const struct pagemap *pm, const struct vma *v,
	     uint64_t start, uint64_t end, const struct scan_opts *o, scan_emit_fn emit,
	     void *ud, struct scan_totals *t)
{
	/* PM is const: a failing PAGEMAP_SCAN updates only this copy. */
	struct pagemap copy = *pm;

	return scan_vma_kind(h, &copy, v, vma_map_kind(v), start, end, o, emit, ud, t);
}

static bool vma_wanted(const struct vma *v)
{
	/* The vsyscall page lives above the user address space and has no pagemap. */
	return !(v->path && strcmp(v->path, "[vsyscall]") == 0);
}

/*
 * The VMA list: /proc/PID/smaps has the VmFlags, but reading it walks every page table
 * to count Rss (about as costly as pagemap itself). With PAGEMAP_SCAN the only flag the
 * scan needs, VM_PFNMAP, is found with one tiny ioctl per VMA, so plain maps is enough.
 */
static int open_vmas(struct scan_host *h, pid_t pid, struct pagemap *pm,
		     struct maps_iter *it)
{
	char rel[64];
	FILE *f = NULL;

	if (pm->scan && pagemap_walked(pm, 0) >= 0) {
		snprintf(rel, sizeof(rel), "proc/%d/maps", (int)pid);
		if (sysroot_fopen(h->sr, rel, &f) == 0) {
			memset(it, 0, sizeof(*it));
			maps_init_stream(it, f, false);
			return 0;
		}
	}
	pm->scan = 0;
	return maps_open(it, h->sr, pid);
}

static enum map_kind vma_kind_live(struct pagemap *pm, const struct vma *v)
{
	enum map_kind mk = vma_map_kind(v);

	if (!v->have_vmflags && mk <= MK_FILE && pm->scan &&
	    pagemap_walked(pm, v->start) == 0)
		mk = MK_PFNMAP;
	return mk;
}

int scan_process(struct scan_host *h, pid_t pid, const struct scan_opts *o,
		 scan_emit_fn emit, void *ud, struct scan_totals *t)
{
	struct scan_guard g;
	struct maps_iter it;
	struct pagemap pm = { .fd = -1 };
	struct vma v = { 0 };
	uint64_t done = 0; /* end of the last VMA scanned */
	int err;

	err = scan_guard_begin(&g, h->sr, pid);
	if (err < 0)
		return err;
	err = pagemap_open(&pm, h->sr, pid);
	if (err < 0)
		goto out_guard;
	err = open_vmas(h, pid, &pm, &it);
	if (err < 0) {
		pagemap_close(&pm);
		goto out_guard;
	}
	while ((err = maps_next(&it, &v)) > 0) {
		enum map_kind mk;

		/*
		 * maps is read in pieces while the process runs: a VMA that grew or
		 * merged after the previous piece shows up again. Never scan an address
		 * twice.
		 */
		if (!vma_wanted(&v) || v.end <= done) {
			vma_clear(&v);
			continue;
		}
		if (v.start < done) {
			v.offset += done - v.start;
			v.start = done;
		}
		done = v.end;
		mk = vma_kind_live(&pm, &v);
		if (!o->nfilter) {
			err = scan_guard_note(&g, &v, v.start, v.end);
			if (err >= 0)
				err = scan_vma_kind(h, &pm, &v, mk, v.start, v.end, o,
						    emit, ud, t);
		} else {
			for (size_t i = 0; i < o->nfilter && err >= 0; i++) {
				uint64_t s = o->filter[i].start > v.start
						     ? o->filter[i].start
						     : v.start;
				uint64_t e = o->filter[i].end < v.end ? o->filter[i].end
								      : v.end;

				if (s >= e)
					continue;
				s &= ~0xfffULL;
				e = (e + 0xfff) & ~0xfffULL;
				err = scan_guard_note(&g, &v, s, e);
				if (err >= 0)
					err = scan_vma_kind(h, &pm, &v, mk, s, e, o, emit,
							    ud, t);
			}
		}
		vma_clear(&v);
		if (err < 0 || t->partial)
			break;
	}
	progress_end(o->progress);
	/* Closed before the check: a pre-opened maps is shared with it (sysroot.h). */
	maps_close(&it);
	pagemap_close(&pm);
	err = scan_guard_verdict(&g, err, t);
out_guard:
	scan_guard_free(&g);
	return err;
}

static int parse_u64_suffix(const char *s, char **end, uint64_t *out)
{
	unsigned shift = 0;
	uint64_t v;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, end, 0);
	if (errno)
		return -ERANGE;
	switch (**end) {
	case 'K':
	case 'k':
		shift = 10;
		(*end)++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		(*end)++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		(*end)++;
		break;
	case 'T':
	case 't':
		shift = 40;
		(*end)++;
		break;
	}
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
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
