// SPDX-License-Identifier: GPL-2.0-or-later
/* Guest-physical scans on top of scan_vma() (see guestscan.h). */
#include "guestscan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "scanguard.h"

#define MAX_VMAS (1u << 20)

int guest_read_vmas(const struct sysroot *sr, pid_t pid, struct vma **out, size_t *n)
{
	struct maps_iter it;
	struct vma *list = NULL, v;
	size_t cnt = 0, cap = 0;
	int err;

	*out = NULL;
	*n = 0;
	err = maps_open(&it, sr, pid);
	if (err < 0)
		return err;
	while ((err = maps_next(&it, &v)) > 0) {
		if (cnt == cap) {
			struct vma *nl;

			if (cap >= MAX_VMAS) {
				vma_clear(&v);
				err = -E2BIG;
				break;
			}
			cap = cap ? cap * 2 : 256;
			nl = realloc(list, cap * sizeof(*nl));
			if (!nl) {
				vma_clear(&v);
				err = -ENOMEM;
				break;
			}
			list = nl;
		}
		list[cnt++] = v; /* takes the path */
	}
	maps_close(&it);
	if (err < 0) {
		guest_free_vmas(list, cnt);
		return err;
	}
	*out = list;
	*n = cnt;
	return 0;
}

void guest_free_vmas(struct vma *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vma_clear(&v[i]);
	free(v);
}

struct wrap {
	const struct gm_region *reg;
	scan_emit_fn emit;
	void *ud;
};

static int wrap_emit(const struct scan_range *r, void *ud)
{
	struct wrap *w = ud;
	struct scan_range g = *r;
	uint64_t off = r->vstart > w->reg->hva ? r->vstart - w->reg->hva : 0;

	g.has_gpa = true;
	g.gpa = w->reg->gpa + off;
	g.gpa_size = r->vend - r->vstart;
	g.region = w->reg->name;
	g.gkind = w->reg->kind;
	return w->emit ? w->emit(&g, w->ud) : 0;
}

/* A range with no host page: emulated i/o, or RAM/ROM whose host mapping is unknown. */
static int emit_hostless(const struct gm_region *reg, uint64_t gpa, uint64_t size,
			 scan_emit_fn emit, void *ud, struct scan_totals *t,
			 struct guest_totals *gt)
{
	struct scan_range r = { 0 };
	uint64_t pages = (size + PAGE_SIZE_4K - 1) >> PAGE_SHIFT_4K;

	r.has_gpa = true;
	r.no_hva = true;
	r.gpa = gpa;
	r.gpa_size = size;
	r.region = reg->name;
	r.gkind = reg->kind;
	if (reg->kind == GM_IO) {
		r.pc.cls = PC_EMULATED_IO;
		r.pc.reason = PR_NO_HOST_PAGE;
	} else {
		r.pc.cls = PC_UNKNOWN;
		r.pc.reason = PR_NO_HOST_MAPPING;
		gt->unmapped_bytes += size;
		t->pages[PC_UNKNOWN] += pages;
		t->mas2_unknown += pages;
	}
	t->ranges++;
	return emit ? emit(&r, ud) : 0;
}

/* First VMA with end > ADDR (VMAs sorted, non-overlapping). */
static size_t vma_search(const struct vma *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct gctx {
	struct scan_host *h;
	const struct pagemap *pm;
	const struct vma *v;
	size_t nv;
	const struct scan_opts *o;
	scan_emit_fn emit;
	void *ud;
	struct scan_totals *t;
	struct guest_totals *gt;
	struct scan_guard *g;
};

/* Scan [gpa, gpa + size) of a region that has an HVA. */
static int scan_piece(struct gctx *c, const struct gm_region *reg, uint64_t gpa,
		      uint64_t size)
{
	struct wrap w = { reg, c->emit, c->ud };
	uint64_t a = (reg->hva + (gpa - reg->gpa)) & ~(PAGE_SIZE_4K - 1);
	uint64_t end = (reg->hva + (gpa - reg->gpa) + size + PAGE_SIZE_4K - 1) &
		       ~(PAGE_SIZE_4K - 1);
	size_t i = vma_search(c->v, c->nv, a);
	int err;

	while (a < end) {
		const struct vma *v = i < c->nv ? &c->v[i] : NULL;
		uint64_t stop;

		if (!v || v->start >= end) {
			stop = end;
		} else if (v->start > a) {
			stop = v->start;
		} else {
			stop = v->end < end ? v->end : end;
			err = scan_guard_note(c->g, v, a, stop);
			if (err < 0)
				return err;
			err = scan_vma(c->h, c->pm, v, a, stop, c->o, wrap_emit, &w,
				       c->t);
			if (err < 0)
				return err;
			if (c->t->partial)
				return 0;
			a = stop;
			i++;
			continue;
		}
		/* A hole in the VMM's address space inside the region. */
		err = emit_hostless(reg, reg->gpa + (a - reg->hva), stop - a, c->emit,
				    c->ud, c->t, c->gt);
		if (err < 0)
			return err;
		a = stop;
	}
	return 0;
}

static int scan_region(struct gctx *c, const struct gm_region *reg, uint64_t gpa,
		       uint64_t size)
{
	c->gt->bytes[reg->kind] += size;
	if (reg->kind == GM_IO || !reg->has_hva)
		return emit_hostless(reg, gpa, size, c->emit, c->ud, c->t, c->gt);
	return scan_piece(c, reg, gpa, size);
}

/*
 * The VMAs are read once before the scan: a region mapped only after that reads as
 * having no host mapping, as it had none then. Exits and unmapped or replaced guest RAM
 * are judged by scan_guard_verdict(), as for a process scan.
 */
int guest_scan(struct scan_host *h, pid_t pid, const struct guest_map *gm,
	       const struct scan_opts *o, scan_emit_fn emit, void *ud,
	       struct scan_totals *t, struct guest_totals *gt)
{
	struct pagemap pm = { .fd = -1 };
	struct scan_guard g;
	struct vma *v = NULL;
	size_t nv = 0;
	struct gctx c;
	int err;

	err = scan_guard_begin(&g, h->sr, pid);
	if (err < 0)
		return err;
	err = guest_read_vmas(h->sr, pid, &v, &nv);
	if (err < 0)
		goto out_guard;
	err = pagemap_open(&pm, h->sr, pid);
	if (err < 0) {
		guest_free_vmas(v, nv);
		goto out_guard;
	}
	c = (struct gctx){ h, &pm, v, nv, o, emit, ud, t, gt, &g };
	for (size_t i = 0; i < gm->n && err >= 0 && !t->partial; i++) {
		const struct gm_region *reg = &gm->r[i];
		uint64_t last = reg->gpa + reg->size - 1;

		if (!o->nfilter) {
			err = scan_region(&c, reg, reg->gpa, reg->size);
			continue;
		}
		for (size_t f = 0; f < o->nfilter && err >= 0; f++) {
			uint64_t s = o->filter[f].start > reg->gpa ? o->filter[f].start
								   : reg->gpa;
			uint64_t e =
				o->filter[f].end - 1 < last ? o->filter[f].end - 1 : last;

			if (o->filter[f].end && s <= e)
				err = scan_region(&c, reg, s, e - s + 1);
		}
	}
	pagemap_close(&pm);
	guest_free_vmas(v, nv);
	err = scan_guard_verdict(&g, err, t);
out_guard:
	scan_guard_free(&g);
	return err;
}
