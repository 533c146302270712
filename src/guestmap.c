// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest-physical memory maps: building, sorting, lookup, and the --map text format
 * (read from untrusted files, so every field is bounded and checked).
 */
#include "guestmap.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

static const char *const kind_names[GM__COUNT] = {
	[GM_RAM] = "ram",
	[GM_ROM] = "rom",
	[GM_IO] = "io",
};

const char *gm_kind_name(enum gm_kind k)
{
	return (unsigned)k < GM__COUNT ? kind_names[k] : "?";
}

int gm_kind_parse(const char *s, enum gm_kind *out)
{
	for (unsigned i = 0; i < GM__COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum gm_kind)i;
			return 0;
		}
	return -EINVAL;
}

int gm_add(struct guest_map *gm, uint64_t gpa, uint64_t size, enum gm_kind kind,
	   bool has_hva, uint64_t hva, const char *name)
{
	struct gm_region *r;

	if (!size || gpa + size - 1 < gpa || (unsigned)kind >= GM__COUNT)
		return -EINVAL;
	if (has_hva && hva + size - 1 < hva)
		return -EINVAL;
	if (gm->n >= GM_MAX_REGIONS)
		return -E2BIG;
	if ((gm->n & (gm->n - 1)) == 0) { /* grow at powers of two */
		size_t cap = gm->n ? gm->n * 2 : 16;

		r = realloc(gm->r, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		gm->r = r;
	}
	r = &gm->r[gm->n];
	*r = (struct gm_region){
		.gpa = gpa, .size = size, .kind = kind, .has_hva = has_hva, .hva = hva
	};
	r->name = strndup(name ? name : "", GM_MAX_NAME);
	if (!r->name)
		return -ENOMEM;
	gm->n++;
	return 0;
}

void guest_map_free(struct guest_map *gm)
{
	for (size_t i = 0; i < gm->n; i++)
		free(gm->r[i].name);
	free(gm->r);
	free(gm->source);
	memset(gm, 0, sizeof(*gm));
}

int guest_map_set_source(struct guest_map *gm, const char *source, bool exact)
{
	char *s = strdup(source);

	if (!s)
		return -ENOMEM;
	free(gm->source);
	gm->source = s;
	gm->exact = exact;
	return 0;
}

static int cmp_region(const void *a, const void *b)
{
	const struct gm_region *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

int guest_map_sort(struct guest_map *gm, size_t *at)
{
	if (gm->n)
		qsort(gm->r, gm->n, sizeof(*gm->r), cmp_region);
	for (size_t i = 1; i < gm->n; i++)
		if (gm->r[i].gpa <= gm->r[i - 1].gpa + gm->r[i - 1].size - 1) {
			if (at)
				*at = i;
			return -ERANGE;
		}
	return 0;
}

const struct gm_region *guest_map_find(const struct guest_map *gm, uint64_t gpa)
{
	size_t lo = 0, hi = gm->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct gm_region *r = &gm->r[mid];

		if (gpa < r->gpa)
			hi = mid;
		else if (gpa - r->gpa >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

uint64_t guest_map_bytes(const struct guest_map *gm, enum gm_kind k)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < gm->n; i++)
		if (gm->r[i].kind == k)
			sum += gm->r[i].size;
	return sum;
}

/* One unsigned number: 0x hex or decimal, optionally with a binary size suffix. */
static int parse_num(const char *s, bool suffix, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;
	bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	int digits = 0;

	if (hex)
		p += 2;
	for (; *p; p++, digits++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (hex && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / (hex ? 16 : 10))
			return -ERANGE;
		v = v * (hex ? 16 : 10) + d;
	}
	if (!digits)
		return -EINVAL;
	if (suffix && *p && !p[1]) {
		switch (*p) {
		case 'K':
		case 'k':
			mul = 1ULL << 10;
			break;
		case 'M':
		case 'm':
			mul = 1ULL << 20;
			break;
		case 'G':
		case 'g':
			mul = 1ULL << 30;
			break;
		case 'T':
		case 't':
			mul = 1ULL << 40;
			break;
		default:
			return -EINVAL;
		}
		p++;
	}
	if (*p)
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -ERANGE;
	*out = v * mul;
	return 0;
}

/* Split off the next whitespace-separated field of *P (modified in place). */
static char *next_field(char **p)
{
	char *s = *p + strspn(*p, " \t"), *e;

	if (!*s)
		return NULL;
	e = s + strcspn(s, " \t");
	if (*e)
		*e++ = '\0';
	*p = e;
	return s;
}

static int parse_line(char *line, struct guest_map *gm)
{
	char *p = line, *f_start, *f_end, *f_kind, *f_hva, *name;
	uint64_t start, end, size, hva = 0;
	enum gm_kind kind;
	bool has_hva;
	size_t n;

	f_start = next_field(&p);
	if (!f_start)
		return 0; /* blank */
	f_end = next_field(&p);
	f_kind = next_field(&p);
	f_hva = next_field(&p);
	if (!f_end || !f_kind || !f_hva)
		return -EINVAL;
	if (parse_num(f_start, false, &start) < 0)
		return -EINVAL;
	if (f_end[0] == '+') {
		if (parse_num(f_end + 1, true, &size) < 0 || !size)
			return -EINVAL;
	} else {
		if (parse_num(f_end, false, &end) < 0 || end < start)
			return -EINVAL;
		if (end - start == UINT64_MAX)
			return -EINVAL;
		size = end - start + 1;
	}
	if (gm_kind_parse(f_kind, &kind) < 0)
		return -EINVAL;
	has_hva = strcmp(f_hva, "-") != 0;
	if (has_hva && (kind == GM_IO || parse_num(f_hva, false, &hva) < 0))
		return -EINVAL;
	name = p + strspn(p, " \t");
	n = strlen(name);
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		name[--n] = '\0';
	if (n > GM_MAX_NAME)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (iscntrl((unsigned char)name[i]))
			return -EINVAL;
	return gm_add(gm, start, size, kind, has_hva, hva, name);
}

struct line_span {
	uint64_t gpa, last;
	unsigned line;
};

static int cmp_span(const void *a, const void *b)
{
	const struct line_span *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

/* Overlapping regions are an error at the line of the one that starts later. */
static int check_overlap(struct guest_map *gm, const unsigned *lines, unsigned *badline)
{
	_cleanup_free_ struct line_span *sp = NULL;

	if (!gm->n)
		return 0;
	sp = malloc(gm->n * sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	for (size_t i = 0; i < gm->n; i++)
		sp[i] = (struct line_span){ gm->r[i].gpa,
					    gm->r[i].gpa + gm->r[i].size - 1, lines[i] };
	qsort(sp, gm->n, sizeof(*sp), cmp_span);
	for (size_t i = 1; i < gm->n; i++)
		if (sp[i].gpa <= sp[i - 1].last) {
			if (badline)
				*badline = sp[i].line > sp[i - 1].line ? sp[i].line
								       : sp[i - 1].line;
			return -ERANGE;
		}
	return guest_map_sort(gm, NULL);
}

int guest_map_parse(const char *text, struct guest_map *gm, unsigned *badline)
{
	_cleanup_free_ unsigned *lines = NULL;
	const char *p = text;
	unsigned lineno = 0;
	int err = 0;

	while (*p) {
		char buf[GM_MAX_LINE + 1];
		size_t len = strcspn(p, "\n");
		size_t before = gm->n;
		char *hash;

		lineno++;
		if (len > GM_MAX_LINE) {
			err = -EINVAL;
			break;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len + (p[len] == '\n');
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		if (strchr(buf, '\r'))
			*strchr(buf, '\r') = '\0';
		err = parse_line(buf, gm);
		if (err < 0)
			break;
		if (gm->n > before) {
			/* Remember the line of each region (for the overlap message). */
			unsigned *l = realloc(lines, gm->n * sizeof(*l));

			if (!l) {
				err = -ENOMEM;
				break;
			}
			lines = l;
			lines[gm->n - 1] = lineno;
		}
	}
	if (err < 0) {
		if (badline)
			*badline = lineno;
		return err;
	}
	return check_overlap(gm, lines, badline);
}

int guest_map_write(FILE *f, const struct guest_map *gm)
{
	fprintf(f, "# pfnclass guest map: GPA-START GPA-END KIND HVA NAME\n");
	if (gm->source)
		fprintf(f, "# source: %s (%s)\n", gm->source,
			gm->exact ? "exact" : "inferred");
	for (size_t i = 0; i < gm->n; i++) {
		const struct gm_region *r = &gm->r[i];
		char hva[24] = "-";

		if (r->has_hva)
			snprintf(hva, sizeof(hva), "0x%" PRIx64, r->hva);
		fprintf(f, "0x%016" PRIx64 " 0x%016" PRIx64 " %-3s %-18s %s\n", r->gpa,
			r->gpa + r->size - 1, gm_kind_name(r->kind), hva, r->name);
	}
	return ferror(f) ? -EIO : 0;
}
