// SPDX-License-Identifier: GPL-2.0-or-later
#include "diff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int diff_side_add(struct diff_side *s, const struct diff_item *it)
{
	if (it->end <= it->start)
		return -EINVAL;
	if (s->n && s->v[s->n - 1].end == it->start && s->v[s->n - 1].cls == it->cls &&
	    s->v[s->n - 1].mas2_known == it->mas2_known &&
	    s->v[s->n - 1].mas2 == it->mas2 && s->v[s->n - 1].region == it->region) {
		s->v[s->n - 1].end = it->end; /* coalesce what differs only in PFNs */
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct diff_item *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *it;
	return 0;
}

void diff_side_free(struct diff_side *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int cmp_item(const void *a, const void *b)
{
	const struct diff_item *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static unsigned compare(const struct diff_item *b, const struct diff_item *a)
{
	unsigned c = 0;

	if (!b)
		return DC_ADDED;
	if (!a)
		return DC_REMOVED;
	if (b->cls != a->cls)
		c |= DC_CLASS;
	if (b->mas2_known != a->mas2_known || (b->mas2_known && b->mas2 != a->mas2))
		c |= DC_MAS2;
	return c;
}

struct pending {
	bool active;
	struct diff_out d;
};

static int push(struct pending *p, uint64_t s, uint64_t e, const struct diff_item *b,
		const struct diff_item *a, diff_emit_fn emit, void *ud)
{
	unsigned c = compare(b, a);
	int err = 0;

	if (s >= e)
		return 0;
	if (p->active && p->d.end == s && p->d.before == b && p->d.after == a) {
		p->d.end = e;
		return 0;
	}
	if (p->active)
		err = emit(&p->d, ud);
	p->active = c != 0;
	p->d = (struct diff_out){
		.start = s, .end = e, .change = c, .before = b, .after = a
	};
	return err;
}

int diff_sweep(struct diff_side *before, struct diff_side *after, diff_emit_fn emit,
	       void *ud)
{
	size_t i = 0, j = 0;
	uint64_t pos = 0;
	struct pending p = { 0 };
	int err = 0;

	if (before->n)
		qsort(before->v, before->n, sizeof(*before->v), cmp_item);
	if (after->n)
		qsort(after->v, after->n, sizeof(*after->v), cmp_item);
	while (!err && (i < before->n || j < after->n)) {
		const struct diff_item *b = i < before->n ? &before->v[i] : NULL;
		const struct diff_item *a = j < after->n ? &after->v[j] : NULL;
		uint64_t next;
		bool in_b, in_a;

		/* Skip what lies behind the sweep position (overlaps in odd input). */
		if (b && b->end <= pos) {
			i++;
			continue;
		}
		if (a && a->end <= pos) {
			j++;
			continue;
		}
		if (b && b->start > pos && (!a || a->start > pos))
			pos = a && a->start < b->start ? a->start : b->start;
		else if (!b && a && a->start > pos)
			pos = a->start;
		in_b = b && b->start <= pos;
		in_a = a && a->start <= pos;
		next = UINT64_MAX;
		if (in_b)
			next = b->end;
		else if (b)
			next = b->start;
		if (in_a && a->end < next)
			next = a->end;
		else if (!in_a && a && a->start < next)
			next = a->start;
		err = push(&p, pos, next, in_b ? b : NULL, in_a ? a : NULL, emit, ud);
		pos = next;
	}
	if (!err && p.active)
		err = emit(&p.d, ud);
	return err;
}
