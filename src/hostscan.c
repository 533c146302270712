// SPDX-License-Identifier: GPL-2.0-or-later
#include "hostscan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kpf.h"
#include "macro.h"
#include "progress.h"

/* kpageflags bits that can change a PFN's class, details or MAS2 (see scan.c). */
#define HOST_KEY_MASK                                                                    \
	(KPF(KPF_NOPAGE) | KPF(KPF_RESERVED) | KPF(KPF_ZERO_PAGE) | KPF(KPF_THP) |       \
	 KPF(KPF_HUGE) | KPF(KPF_KSM) | KPF(KPF_OFFLINE) | KPF(KPF_HWPOISON) |           \
	 KPF(KPF_COMPOUND_TAIL) | KPF(KPF_COMPOUND_HEAD))

struct host_state {
	const struct scan_opts *o;
	const struct iomem *io;
	size_t si;		     /* iomem segment cursor */
	const struct iomem_seg *seg; /* segment of the current PFN, NULL in a gap */
	uint64_t seg_limit;	     /* first PFN past the current segment (or gap) */
	bool head_reserved;
	struct scan_range r; /* the current evaluation (class, MAS2) */
	bool valid;
	uint64_t key;
	bool key_hr;
};

/* Position the iomem cursor on PFN: which segment holds it and where that stops. */
static void seek_segment(struct host_state *s, uint64_t pfn)
{
	const struct iomem *io = s->io;
	uint64_t addr = pfn << PAGE_SHIFT_4K;

	while (s->si < io->nseg && io->seg[s->si].end < addr)
		s->si++;
	if (s->si == io->nseg) {
		s->seg = NULL;
		s->seg_limit = UINT64_MAX;
	} else if (io->seg[s->si].start <= addr) {
		s->seg = &io->seg[s->si];
		s->seg_limit = (s->seg->end >> PAGE_SHIFT_4K) + 1;
	} else {
		s->seg = NULL;
		s->seg_limit = (io->seg[s->si].start + PAGE_SIZE_4K - 1) >> PAGE_SHIFT_4K;
	}
	s->valid = false; /* system_ram may differ */
}

static void evaluate(struct host_state *s, uint64_t flags, bool hr)
{
	const struct scan_opts *o = s->o;
	struct page_facts f = { 0 };
	struct policy_page pg = { 0 };

	/* A PFN with a known frame, no PTE facts: details carry no anon/file. */
	f.pfn_known = true;
	f.mk = MK_ANON;
	f.kp.flags = flags;
	f.system_ram = iomem_is_system_ram(s->io, s->seg);
	classify_page(&f, &s->r.pc);
	pg.pc = s->r.pc;
	pg.mk = f.mk;
	pg.system_ram = f.system_ram;
	pg.tail = flags & KPF(KPF_COMPOUND_TAIL);
	pg.head_reserved = hr;
	s->r.mas2_known = 0;
	for (size_t i = 0; i < o->npolicies; i++)
		if (policy_mas2(o->policy[i], &o->env, &pg, &s->r.mas2[i]))
			s->r.mas2_known |= 1u << i;
	s->r.pfn_known = true;
	s->key = flags & HOST_KEY_MASK;
	s->key_hr = hr;
	s->valid = true;
}

/* Classify N entries of BUF, the flags of PFNs [PFN, PFN + N). */
static void classify_window(struct host_state *s, struct scan_totals *t, uint64_t pfn,
			    const uint64_t *buf, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t key = buf[i] & HOST_KEY_MASK, limit;
		size_t j;
		bool hr;

		if (pfn + i >= s->seg_limit)
			seek_segment(s, pfn + i);
		if (key & KPF(KPF_COMPOUND_HEAD))
			s->head_reserved = key & KPF(KPF_RESERVED);
		hr = (key & KPF(KPF_COMPOUND_TAIL)) && s->head_reserved;
		if (!s->valid || key != s->key || hr != s->key_hr)
			evaluate(s, buf[i], hr);
		/* The run of identical keys within this segment; heads are taken one by
		 * one. */
		limit = s->seg_limit - pfn < n ? s->seg_limit - pfn : n;
		j = i + 1;
		if (!(key & KPF(KPF_COMPOUND_HEAD)))
			while (j < limit && (buf[j] & HOST_KEY_MASK) == key)
				j++;
		scan_totals_add(t, &s->r, j - i);
		t->ranges++;
		i = j;
	}
}

int host_scan(struct scan_host *h, const struct scan_opts *o, struct scan_totals *t,
	      uint64_t *npfns)
{
	_cleanup_free_ uint64_t *buf = malloc(HOSTSCAN_WINDOW * sizeof(uint64_t));
	struct host_state s = { .o = o, .io = h->iomem };
	uint64_t pfn = 0;

	*npfns = 0;
	if (!buf)
		return -ENOMEM;
	seek_segment(&s, 0);
	for (;;) {
		long got = kpage_read_flags(h->kp, pfn, HOSTSCAN_WINDOW, buf);

		if (got < 0) {
			progress_end(o->progress);
			return (int)got;
		}
		if (got == 0)
			break;
		t->kpage_reads++;
		classify_window(&s, t, pfn, buf, (size_t)got);
		pfn += (uint64_t)got;
		progress_add(o->progress, (uint64_t)got);
		if (got < HOSTSCAN_WINDOW)
			break;
	}
	progress_end(o->progress);
	*npfns = pfn;
	return 0;
}
