// SPDX-License-Identifier: GPL-2.0-or-later
/* Detecting a target that changed or exited during a scan (see scanguard.h). */
#include "scanguard.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

#define GUARD_MAX_VMAS (1u << 22) /* far above any vm.max_map_count in use */

int proc_stat_parse(const char *text, unsigned long long *starttime, char *state)
{
	/* "PID (COMM) S ppid ...": COMM may hold ')' and spaces: find the last ')'. */
	const char *p = strrchr(text, ')');
	unsigned long long v = 0;
	char st;

	if (!p || p[1] != ' ' || !p[2])
		return -EINVAL;
	p += 2;
	st = *p;
	/* Field 3 is the state, field 22 the start time: 19 fields further. */
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
		p++;
	}
	if (sscanf(p, "%llu", &v) != 1)
		return -EINVAL;
	*starttime = v;
	*state = st;
	return 0;
}

/* The start time of PID, or -ESRCH when it is gone or only a zombie is left. */
static int read_identity(const struct sysroot *sr, pid_t pid, unsigned long long *start)
{
	_cleanup_free_ char *text = NULL;
	char rel[64], state;
	int err;

	snprintf(rel, sizeof(rel), "proc/%d/stat", (int)pid);
	err = sysroot_read_text(sr, rel, 4096, &text);
	if (err == -ENOENT || err == -ESRCH)
		return -ESRCH;
	if (err < 0)
		return err;
	if (proc_stat_parse(text, start, &state) < 0)
		return -EINVAL;
	if (state == 'Z' || state == 'X' || state == 'x')
		return -ESRCH; /* exited: no memory left to scan */
	return 0;
}

int scan_guard_begin(struct scan_guard *g, const struct sysroot *sr, pid_t pid)
{
	memset(g, 0, sizeof(*g));
	g->sr = sr;
	g->pid = pid;
	if (!sr->live || pid <= 0)
		return 0;
	g->active = true;
	return read_identity(sr, pid, &g->starttime);
}

static uint32_t name_hash(const char *path)
{
	static const char deleted[] = " (deleted)";
	size_t n;
	uint32_t h = 2166136261u;

	if (!path)
		return 0;
	/* A file deleted while mapped keeps its pages: the suffix is no change. */
	n = strlen(path);
	if (n >= sizeof(deleted) - 1 &&
	    strcmp(path + n - (sizeof(deleted) - 1), deleted) == 0)
		n -= sizeof(deleted) - 1;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)path[i]) * 16777619u;
	return h | 1; /* never 0, the anonymous value */
}

static void range_of(struct guard_range *r, const struct vma *v, uint64_t start,
		     uint64_t end)
{
	r->start = start;
	r->end = end;
	r->inode = v->inode;
	r->dev = (v->dev_major << 20) | (v->dev_minor & 0xfffff);
	r->name = name_hash(v->path);
	/* maps shows anonymous memory at offset 0 wherever it is: files only. */
	r->offset = v->inode ? v->offset + (start - v->start) : 0;
}

static bool same_object(const struct guard_range *a, const struct guard_range *b)
{
	return a->inode == b->inode && a->dev == b->dev && a->name == b->name;
}

/* Does B continue A: adjacent, same object, and for a file the next offset? */
static bool continues(const struct guard_range *a, const struct guard_range *b)
{
	return a->end == b->start && same_object(a, b) &&
	       (!a->inode || a->offset + (a->end - a->start) == b->offset);
}

static int push(struct guard_range **r, size_t *n, size_t *cap,
		const struct guard_range *x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct guard_range *nr;

		if (nc > GUARD_MAX_VMAS)
			return -E2BIG;
		nr = realloc(*r, nc * sizeof(*nr));
		if (!nr)
			return -ENOMEM;
		*r = nr;
		*cap = nc;
	}
	(*r)[(*n)++] = *x;
	return 0;
}

int scan_guard_note(struct scan_guard *g, const struct vma *v, uint64_t start,
		    uint64_t end)
{
	struct guard_range x;

	if (!g->active || start >= end)
		return 0;
	range_of(&x, v, start, end);
	if (g->n && continues(&g->r[g->n - 1], &x)) {
		g->r[g->n - 1].end = end;
		return 0;
	}
	return push(&g->r, &g->n, &g->cap, &x);
}

static int cmp_start(const void *a, const void *b)
{
	const struct guard_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The current mappings of the process, sorted by address (maps lists them so). */
static int read_now(struct scan_guard *g, struct guard_range **out, size_t *n)
{
	struct maps_iter it;
	struct guard_range *r = NULL;
	size_t cap = 0;
	struct vma v;
	FILE *f = NULL;
	char rel[64];
	int err;

	*n = 0;
	snprintf(rel, sizeof(rel), "proc/%d/maps", (int)g->pid);
	err = sysroot_fopen(g->sr, rel, &f);
	if (err < 0)
		return err == -ENOENT ? -ESRCH : err;
	memset(&it, 0, sizeof(it));
	maps_init_stream(&it, f, false);
	while ((err = maps_next(&it, &v)) > 0) {
		struct guard_range x;

		range_of(&x, &v, v.start, v.end);
		vma_clear(&v);
		err = push(&r, n, &cap, &x);
		if (err < 0)
			break;
	}
	maps_close(&it);
	if (err < 0) {
		free(r);
		return err == -ENOENT ? -ESRCH : err;
	}
	*out = r;
	return 0;
}

/* First mapping with end > ADDR. */
static size_t find(const struct guard_range *m, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is all of S still mapped by the same object at the same offsets? */
static bool still_mapped(const struct guard_range *s, const struct guard_range *m,
			 size_t n)
{
	uint64_t a = s->start;

	for (size_t i = find(m, n, a); a < s->end; i++) {
		if (i >= n || m[i].start > a || !same_object(s, &m[i]))
			return false;
		if (s->inode &&
		    m[i].offset + (a - m[i].start) != s->offset + (a - s->start))
			return false;
		a = m[i].end;
	}
	return true;
}

int scan_guard_check(struct scan_guard *g, char *why, size_t len)
{
	_cleanup_free_ struct guard_range *now = NULL;
	unsigned long long start;
	size_t n, i;
	int err;

	if (len)
		why[0] = '\0';
	if (!g->active)
		return 0;
	/* Identity first: a reused PID's maps say nothing about the scanned process. */
	err = read_identity(g->sr, g->pid, &start);
	if (err == 0 && start != g->starttime)
		err = -ESRCH;
	if (err == -ESRCH) {
		snprintf(why, len, "it exited during the scan");
		return err;
	}
	if (err < 0)
		return err;
	err = read_now(g, &now, &n);
	if (err == -ESRCH)
		snprintf(why, len, "it exited during the scan");
	if (err < 0)
		return err;
	if (g->n) /* qsort() wants a valid pointer even for nothing */
		qsort(g->r, g->n, sizeof(*g->r), cmp_start);
	for (i = 0; i < g->n; i++)
		if (!still_mapped(&g->r[i], now, n))
			break;
	/* An exit after the identity check empties the maps: ask once more. */
	err = read_identity(g->sr, g->pid, &start);
	if (err == 0 && start != g->starttime)
		err = -ESRCH;
	if (err == -ESRCH)
		snprintf(why, len, "it exited during the scan");
	if (err < 0)
		return err;
	if (i == g->n)
		return 0;
	snprintf(why, len,
		 "its mapping 0x%" PRIx64 "-0x%" PRIx64 " was unmapped or replaced "
		 "during the scan",
		 g->r[i].start, g->r[i].end - 1);
	return -ESTALE;
}

void scan_guard_free(struct scan_guard *g)
{
	free(g->r);
	g->r = NULL;
	g->n = g->cap = 0;
}

/* Mark T partial; the first reason is kept. */
static void mark_partial(struct scan_totals *t, int err, const char *why)
{
	if (!t->partial)
		t->partial_err = err;
	t->partial = true;
	if (why && why[0] && !t->partial_why[0])
		snprintf(t->partial_why, sizeof(t->partial_why), "%s", why);
}

int scan_guard_verdict(struct scan_guard *g, int err, struct scan_totals *t)
{
	char why[sizeof(t->partial_why)];
	int chk;

	if (err == -EPERM || err == -ENOMEM)
		return err;
	chk = scan_guard_check(g, why, sizeof(why));
	if (chk == -ESRCH && !t->vmas)
		return -ESRCH;
	if (chk == -ESRCH || chk == -ESTALE) {
		mark_partial(t, chk, why);
		return 0;
	}
	/* A read error once something was scanned is most often the exit itself. */
	if (err < 0 && (err == -ESRCH || t->vmas > 0)) {
		mark_partial(t, err, NULL);
		return 0;
	}
	if (err < 0)
		return err;
	if (chk < 0) {
		snprintf(why, sizeof(why),
			 "it could not be checked again after the scan: %s",
			 strerror(-chk));
		mark_partial(t, chk, why);
	} else if (t->partial && t->partial_err == -ESRCH) {
		/* A short pagemap read, yet the process is still there: its map shrank.
		 */
		mark_partial(t, -ESTALE, "its address space shrank during the scan");
	}
	return 0;
}
