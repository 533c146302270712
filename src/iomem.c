// SPDX-License-Identifier: GPL-2.0-or-later
#include "iomem.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

#define IOMEM_MAX_DEPTH 64

void iomem_free(struct iomem *io)
{
	for (size_t i = 0; i < io->nres; i++) {
		free(io->res[i].name);
		free(io->res[i].path);
	}
	free(io->res);
	free(io->seg);
	memset(io, 0, sizeof(*io));
}

static int parse_hex(const char **p, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	while (isxdigit((unsigned char)**p)) {
		int c = tolower((unsigned char)**p);

		if (digits >= 16)
			return -EINVAL;
		v = v * 16 + (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
		digits++;
		(*p)++;
	}
	if (!digits)
		return -EINVAL;
	*out = v;
	return 0;
}

/* "  00100000-3fffffff : System RAM" */
static int parse_line(const char *line, size_t len, struct iomem_res *r)
{
	const char *p = line, *end = line + len, *name;
	unsigned spaces = 0;

	while (p < end && *p == ' ') {
		spaces++;
		p++;
	}
	if (parse_hex(&p, &r->start) < 0 || p >= end || *p != '-')
		return -EINVAL;
	p++;
	if (parse_hex(&p, &r->end) < 0)
		return -EINVAL;
	if (end - p < 3 || strncmp(p, " : ", 3) != 0)
		return -EINVAL;
	p += 3;
	if (r->end < r->start)
		return -EINVAL;
	name = p;
	while (end > name && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	r->name = strndup(name, (size_t)(end - name));
	if (!r->name)
		return -ENOMEM;
	r->depth = spaces / 2;
	return 0;
}

static int build_path(struct iomem *io, size_t i)
{
	struct iomem_res *r = &io->res[i];
	const char *pp = r->parent >= 0 ? io->res[r->parent].path : NULL;
	size_t n = (pp ? strlen(pp) + 1 : 0) + strlen(r->name) + 1;

	r->path = malloc(n);
	if (!r->path)
		return -ENOMEM;
	if (pp)
		snprintf(r->path, n, "%s/%s", pp, r->name);
	else
		snprintf(r->path, n, "%s", r->name);
	r->system_ram = strncmp(r->name, "System RAM", 10) == 0 ||
			(r->parent >= 0 && io->res[r->parent].system_ram);
	return 0;
}

struct seg_builder {
	struct iomem_seg *seg;
	size_t n, cap;
};

static int seg_add(struct seg_builder *b, uint64_t start, uint64_t end, int res)
{
	if (start > end)
		return 0;
	if (b->n && b->seg[b->n - 1].end >= start)
		return 0; /* overlapping siblings in hostile input: first one wins */
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct iomem_seg *s = realloc(b->seg, cap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		b->seg = s;
		b->cap = cap;
	}
	b->seg[b->n++] = (struct iomem_seg){ .start = start, .end = end, .res = res };
	return 0;
}

/*
 * Emit segments for resource I and its children (which follow it in tree order).
 * Returns the index after the last descendant, or -errno.
 */
static long emit(const struct iomem *io, size_t i, uint64_t lo, struct seg_builder *b)
{
	const struct iomem_res *r = &io->res[i];
	uint64_t cur = r->start > lo ? r->start : lo;
	bool done = false;
	size_t j = i + 1;
	int err;

	while (j < io->nres && io->res[j].depth > r->depth) {
		const struct iomem_res *c = &io->res[j];
		long next;

		if (c->parent !=
		    (int)i) { /* deeper than a direct child: skipped by recursion */
			j++;
			continue;
		}
		if (!done && c->start > cur) {
			err = seg_add(b, cur,
				      (c->start - 1 < r->end ? c->start - 1 : r->end),
				      (int)i);
			if (err < 0)
				return err;
		}
		next = emit(io, j, done ? UINT64_MAX : cur, b);
		if (next < 0)
			return next;
		if (!done && c->end >= cur) {
			if (c->end >= r->end)
				done = true;
			else
				cur = c->end + 1;
		}
		j = (size_t)next;
	}
	if (!done && cur <= r->end) {
		err = seg_add(b, cur, r->end, (int)i);
		if (err < 0)
			return err;
	}
	return (long)j;
}

int iomem_parse(const char *text, struct iomem *io, unsigned *badline)
{
	size_t cap = 0;
	int stack[IOMEM_MAX_DEPTH + 1];
	unsigned lineno = 0;
	bool any_nonzero = false;
	struct seg_builder b = { 0 };
	int err = 0;

	memset(io, 0, sizeof(*io));
	while (*text) {
		size_t len = strcspn(text, "\n");
		struct iomem_res r = { 0 };

		lineno++;
		if (len == 0 || strspn(text, " \t\r") == len)
			goto next;
		err = parse_line(text, len, &r);
		if (err < 0) {
			if (badline)
				*badline = lineno;
			goto fail;
		}
		if (r.depth > IOMEM_MAX_DEPTH)
			r.depth = IOMEM_MAX_DEPTH;
		/* Attach to the nearest shallower resource. */
		if (r.depth > 0 && io->nres && io->res[io->nres - 1].depth + 1 < r.depth)
			r.depth = io->res[io->nres - 1].depth + 1;
		if (r.depth > 0 && io->nres == 0)
			r.depth = 0;
		r.parent = r.depth ? stack[r.depth - 1] : -1;
		if (io->nres == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct iomem_res *n = realloc(io->res, ncap * sizeof(*n));

			if (!n) {
				free(r.name);
				err = -ENOMEM;
				goto fail;
			}
			io->res = n;
			cap = ncap;
		}
		io->res[io->nres] = r;
		stack[r.depth] = (int)io->nres;
		io->nres++;
		err = build_path(io, io->nres - 1);
		if (err < 0)
			goto fail;
		if (r.start || r.end)
			any_nonzero = true;
	next:
		text += len;
		if (*text == '\n')
			text++;
	}
	io->addresses_hidden = io->nres > 0 && !any_nonzero;
	for (size_t i = 0; i < io->nres;) {
		long next = emit(io, i, 0, &b);

		if (next < 0) {
			err = (int)next;
			goto fail;
		}
		i = (size_t)next;
	}
	io->seg = b.seg;
	io->nseg = b.n;
	return 0;
fail:
	free(b.seg);
	iomem_free(io);
	return err;
}

const struct iomem_seg *iomem_lookup(const struct iomem *io, uint64_t addr,
				     const struct iomem_seg *hint)
{
	size_t lo = 0, hi = io->nseg;

	if (hint && addr >= hint->start && addr <= hint->end)
		return hint;
	if (hint && hint + 1 < io->seg + io->nseg && addr >= hint[1].start &&
	    addr <= hint[1].end)
		return hint + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (io->seg[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < io->nseg && io->seg[lo].start <= addr)
		return &io->seg[lo];
	return NULL;
}

bool iomem_is_system_ram(const struct iomem *io, const struct iomem_seg *seg)
{
	return seg && io->res[seg->res].system_ram;
}

bool iomem_is_zone_device(const struct iomem *io, const struct iomem_seg *seg)
{
	static const char *const prefixes[] = { "dax", "namespace", "Persistent Memory",
						"Soft Reserved", "pmem" };

	if (!seg)
		return false;
	for (int i = seg->res; i >= 0; i = io->res[i].parent)
		for (size_t k = 0; k < ARRAY_SIZE(prefixes); k++)
			if (strncmp(io->res[i].name, prefixes[k], strlen(prefixes[k])) ==
			    0)
				return true;
	return false;
}

const char *iomem_seg_path(const struct iomem *io, const struct iomem_seg *seg)
{
	return seg ? io->res[seg->res].path : NULL;
}
