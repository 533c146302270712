// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * QEMU monitor text parsers (see mtree.h). Formats are documented from observed QEMU 7.2
 * output and the newer "info ramblock" layout with HVA and RO columns.
 */
#include "mtree.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

/* Copy the next line of *P into BUF (truncated to LEN - 1); advance *P. */
static bool next_line(const char **p, char *buf, size_t len)
{
	size_t n, c;

	if (!**p)
		return false;
	n = strcspn(*p, "\n");
	c = n < len - 1 ? n : len - 1;
	memcpy(buf, *p, c);
	buf[c] = '\0';
	if (c && buf[c - 1] == '\r')
		buf[c - 1] = '\0';
	*p += n + ((*p)[n] == '\n');
	return true;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Hex digits (optionally after 0x) into *OUT; returns the end or NULL. */
static const char *scan_hex(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!isxdigit((unsigned char)*p))
		return NULL;
	for (; isxdigit((unsigned char)*p); p++) {
		unsigned d = isdigit((unsigned char)*p)
				     ? (unsigned)(*p - '0')
				     : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);

		if (v >> 60)
			return NULL; /* more than 64 bits */
		v = v << 4 | d;
	}
	*out = v;
	return p;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static enum gm_kind type_kind(const char *type)
{
	if (starts_with(type, "nv-"))
		type += 3;
	if (strcmp(type, "ram") == 0 || strcmp(type, "ramd") == 0)
		return GM_RAM;
	if (strcmp(type, "rom") == 0 || strcmp(type, "romd") == 0)
		return GM_ROM;
	return GM_IO;
}

/* Accelerator names QEMU appends to flat-view lines the accelerator maps. */
static void strip_accel(char *name)
{
	static const char *const accels[] = { " KVM",  " HVF", " WHPX",
					      " NVMM", " HAX", " Xen" };
	bool again = true;

	while (again) {
		size_t n = strlen(name);

		again = false;
		for (size_t i = 0; i < ARRAY_SIZE(accels); i++) {
			size_t a = strlen(accels[i]);

			if (n > a && strcmp(name + n - a, accels[i]) == 0) {
				name[n - a] = '\0';
				again = true;
			}
		}
	}
}

/* "START-END (prio P, TYPE): NAME[ @OFF][ ACCEL]" */
static int parse_entry(const char *line, struct mtree_entry *e)
{
	const char *p = skip_ws(line), *q;
	uint64_t start, end;
	char *at, *name;
	size_t tl;

	memset(e, 0, sizeof(*e));
	p = scan_hex(p, &start);
	if (!p || *p++ != '-')
		return -EINVAL;
	p = scan_hex(p, &end);
	if (!p || end < start || end - start == UINT64_MAX)
		return -EINVAL;
	if (!starts_with(p, " (prio "))
		return -EINVAL;
	p += strlen(" (prio ");
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p))
		p++;
	if (!starts_with(p, ", "))
		return -EINVAL;
	p += 2;
	q = strchr(p, ')');
	if (!q || q[1] != ':')
		return -EINVAL;
	tl = (size_t)(q - p);
	if (!tl || tl >= sizeof(e->type))
		return -EINVAL;
	memcpy(e->type, p, tl);
	e->type[tl] = '\0';
	p = skip_ws(q + 2);
	name = strdup(p);
	if (!name)
		return -ENOMEM;
	/* " @hex" ends the name; anything after it is annotation. */
	for (at = strstr(name, " @"); at; at = strstr(at + 1, " @")) {
		uint64_t off;
		const char *r = scan_hex(at + 2, &off);

		if (r && (*r == '\0' || *r == ' ')) {
			e->off = off;
			*at = '\0';
			break;
		}
	}
	strip_accel(name);
	if (!*name) {
		free(name);
		return -EINVAL;
	}
	e->name = name;
	e->start = start;
	e->size = end - start + 1;
	e->kind = type_kind(e->type);
	return 0;
}

static bool is_entry_line(const char *line)
{
	const char *p = skip_ws(line);

	if (!isxdigit((unsigned char)*p))
		return false;
	while (isxdigit((unsigned char)*p))
		p++;
	return *p == '-';
}

int mtree_parse_flat(const char *text, const char *as, struct mtree_flat *out,
		     unsigned *badline)
{
	const char *p = text;
	char line[MTREE_MAX_LINE];
	unsigned lineno = 0;
	bool in_view = false, matched = false, found = false;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	while (next_line(&p, line, sizeof(line))) {
		const char *t = skip_ws(line);

		lineno++;
		if (starts_with(line, "FlatView #")) {
			if (matched)
				break; /* the view we wanted is complete */
			in_view = true;
			continue;
		}
		if (!in_view)
			continue;
		if (starts_with(t, "AS \"")) {
			const char *q = t + 4, *e = strchr(q, '"');

			if (e && (size_t)(e - q) == strlen(as) &&
			    strncmp(q, as, strlen(as)) == 0)
				matched = found = true;
			continue;
		}
		if (!matched || !is_entry_line(line))
			continue;
		if (out->n == cap) {
			struct mtree_entry *ne;

			if (cap >= MTREE_MAX_ENTRIES) {
				mtree_flat_free(out);
				return -E2BIG;
			}
			cap = cap ? cap * 2 : 64;
			ne = realloc(out->e, cap * sizeof(*ne));
			if (!ne) {
				mtree_flat_free(out);
				return -ENOMEM;
			}
			out->e = ne;
		}
		if (parse_entry(line, &out->e[out->n]) < 0) {
			if (badline)
				*badline = lineno;
			mtree_flat_free(out);
			return -EINVAL;
		}
		out->n++;
	}
	return found ? 0 : -ENOENT;
}

void mtree_flat_free(struct mtree_flat *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->e[i].name);
	free(f->e);
	memset(f, 0, sizeof(*f));
}

/* "4 KiB", "2 MiB", "1 GiB" (QEMU's binary size text). */
static const char *scan_psize(const char *p, uint64_t *out)
{
	static const char units[] = "BKMGTPE";
	uint64_t v = 0;
	const char *u;

	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > 1000000)
			return NULL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	p = skip_ws(p);
	u = *p ? strchr(units, *p) : NULL;
	if (!u)
		return NULL;
	v <<= 10 * (u - units);
	p++;
	if (*p == 'i' && p[1] == 'B')
		p += 2;
	*out = v;
	return p;
}

static const char *next_word(const char *p, char *buf, size_t len)
{
	size_t n;

	p = skip_ws(p);
	n = strcspn(p, " \t");
	if (!n || n >= len)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return p + n;
}

static int parse_block(const char *line, bool hva_col, struct ramblock *b)
{
	char name[256], ro[8];
	const char *p;

	memset(b, 0, sizeof(*b));
	p = next_word(line, name, sizeof(name));
	if (!p)
		return -EINVAL;
	p = scan_psize(skip_ws(p), &b->psize);
	if (!p)
		return -EINVAL;
	if (!(p = scan_hex(skip_ws(p), &b->offset)) ||
	    !(p = scan_hex(skip_ws(p), &b->used)) ||
	    !(p = scan_hex(skip_ws(p), &b->total)))
		return -EINVAL;
	if (hva_col) {
		if (!(p = scan_hex(skip_ws(p), &b->hva)))
			return -EINVAL;
		b->has_hva = true;
		p = skip_ws(p);
		if (*p) {
			if (!(p = next_word(p, ro, sizeof(ro))))
				return -EINVAL;
			b->readonly = strcmp(ro, "ro") == 0 || strcmp(ro, "true") == 0;
		}
	}
	if (*skip_ws(p))
		return -EINVAL;
	if (b->used > b->total)
		return -EINVAL;
	b->name = strdup(name);
	return b->name ? 0 : -ENOMEM;
}

int ramblock_parse(const char *text, struct ramblock_list *out, unsigned *badline)
{
	const char *p = text;
	char line[MTREE_MAX_LINE];
	unsigned lineno = 0;
	bool header = false;
	size_t cap = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (next_line(&p, line, sizeof(line))) {
		lineno++;
		if (!*skip_ws(line))
			continue;
		if (!header) {
			if (!strstr(line, "Block Name") || !strstr(line, "Offset")) {
				err = -EINVAL;
				break;
			}
			out->hva_column = strstr(line, " HVA") != NULL;
			header = true;
			continue;
		}
		if (out->n == cap) {
			struct ramblock *nb;

			if (cap >= MTREE_MAX_ENTRIES) {
				err = -E2BIG;
				break;
			}
			cap = cap ? cap * 2 : 32;
			nb = realloc(out->b, cap * sizeof(*nb));
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			out->b = nb;
		}
		err = parse_block(line, out->hva_column, &out->b[out->n]);
		if (err < 0)
			break;
		out->n++;
	}
	if (!err && !header)
		err = -EINVAL;
	if (err < 0) {
		if (badline)
			*badline = lineno;
		ramblock_list_free(out);
	}
	return err;
}

void ramblock_list_free(struct ramblock_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->b[i].name);
	free(l->b);
	memset(l, 0, sizeof(*l));
}

const struct ramblock *ramblock_for_region(const struct ramblock_list *l,
					   const char *name)
{
	const struct ramblock *hit = NULL;
	size_t nl = strlen(name);

	for (size_t i = 0; i < l->n; i++) {
		const char *b = l->b[i].name;
		size_t bl = strlen(b);

		if (strcmp(b, name) == 0)
			return &l->b[i];
		if (bl > nl && b[bl - nl - 1] == '/' && strcmp(b + bl - nl, name) == 0) {
			if (hit)
				return NULL; /* ambiguous: two devices own such a block */
			hit = &l->b[i];
		}
	}
	return hit;
}

int gpa2hva_parse(const char *text, uint64_t *hva, char *region, size_t len)
{
	static const char ok[] = "Host virtual address for ";
	const char *p = skip_ws(text), *open, *close, *is, *end;
	uint64_t gpa;
	size_t n;

	if (starts_with(p, "No memory is mapped"))
		return -ENOENT;
	if (!starts_with(p, ok))
		return -EINVAL;
	p += strlen(ok);
	p = scan_hex(p, &gpa);
	if (!p || !starts_with(p, " ("))
		return -EINVAL;
	open = p + 2;
	is = strstr(open, ") is ");
	if (!is)
		return -EINVAL;
	/* The name may itself contain ") is " in theory: take the last one. */
	for (const char *q = is; (q = strstr(q + 1, ") is "));)
		is = q;
	close = is;
	end = scan_hex(is + strlen(") is "), hva);
	if (!end)
		return -EINVAL;
	end = skip_ws(end);
	if (*end && *end != '\r' && *end != '\n')
		return -EINVAL;
	n = (size_t)(close - open);
	if (region && len) {
		if (n >= len)
			n = len - 1;
		memcpy(region, open, n);
		region[n] = '\0';
	}
	return 0;
}

struct hva_cache {
	const char *name;
	uint64_t base; /* HVA of offset 0 of the region */
	bool ok;
};

int mtree_build_map(const struct mtree_flat *f, const struct ramblock_list *rb,
		    mtree_hva_fn hva_fn, void *ud, struct guest_map *gm)
{
	_cleanup_free_ struct hva_cache *cache = calloc(f->n ? f->n : 1, sizeof(*cache));
	size_t ncache = 0;
	int err;

	if (!cache)
		return -ENOMEM;
	for (size_t i = 0; i < f->n; i++) {
		const struct mtree_entry *e = &f->e[i];
		const struct ramblock *b;
		struct hva_cache *c = NULL;
		bool has_hva = false;
		uint64_t hva = 0;

		if (e->kind == GM_IO) {
			err = gm_add(gm, e->start, e->size, GM_IO, false, 0, e->name);
			if (err < 0)
				return err;
			continue;
		}
		b = rb && rb->hva_column ? ramblock_for_region(rb, e->name) : NULL;
		if (b && b->has_hva && e->off <= b->used && e->size <= b->used - e->off) {
			has_hva = true;
			hva = b->hva + e->off;
		}
		for (size_t j = 0; !has_hva && j < ncache; j++)
			if (strcmp(cache[j].name, e->name) == 0)
				c = &cache[j];
		if (!has_hva && !c && hva_fn) {
			char region[256];
			uint64_t h;

			c = &cache[ncache++];
			c->name = e->name;
			err = hva_fn(e->start, &h, region, sizeof(region), ud);
			if (err < 0 && err != -ENOENT)
				return err;
			/* Only trust the answer when QEMU names the same region. */
			c->ok = err == 0 && strcmp(region, e->name) == 0 && h >= e->off;
			c->base = c->ok ? h - e->off : 0;
		}
		if (!has_hva && c && c->ok) {
			has_hva = true;
			hva = c->base + e->off;
		}
		err = gm_add(gm, e->start, e->size, e->kind, has_hva, hva, e->name);
		if (err < 0)
			return err;
	}
	return guest_map_sort(gm, NULL);
}
