// SPDX-License-Identifier: GPL-2.0-or-later
#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "outwriter.h"

int output_mode_option(enum out_mode *mode, int key)
{
	enum out_mode m = key == 'J' ? OUT_JSON : key == 'r' ? OUT_RAW : OUT_PAIRS;

	if (*mode != OUT_TABLE && *mode != m)
		return -EINVAL;
	*mode = m;
	return 0;
}

bool output_want_ranges(const struct output *o)
{
	return o->summary != SUMMARY_ONLY;
}

bool output_want_summary(const struct output *o)
{
	switch (o->summary) {
	case SUMMARY_ALWAYS:
	case SUMMARY_ONLY:
		return true;
	case SUMMARY_NEVER:
		return false;
	default:
		return o->mode == OUT_TABLE || o->mode == OUT_JSON;
	}
}

static struct libscols_table *new_table(const struct output *o)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, o->mode == OUT_RAW);
	scols_table_enable_export(tb, o->mode == OUT_PAIRS);
	scols_table_enable_noheadings(tb, o->noheadings);
	return tb;
}

/* --compare shows both policies' columns, whatever -o says. */
static void add_compare_columns(struct output *o)
{
	for (int k = 0; k < 2 && o->compare; k++) {
		bool have = false;

		for (size_t i = 0; i < o->ncols; i++)
			have |= o->cols[i] == o->compare_col[k];
		if (!have && o->ncols < ARRAY_SIZE(o->cols))
			o->cols[o->ncols++] = o->compare_col[k];
	}
}

#define OUTPUT_CHUNK_LINES 4096
/*
 * Raw and pairs output has no column widths, so its table is printed every
 * OUTPUT_FLAT_LINES: libsmartcols' lines then stay within a core's L2 cache, which the
 * kernel's kpageflags work on the other core competes for. Tables keep the chunk whose
 * widths the later chunks are padded to.
 */
#define OUTPUT_FLAT_LINES 1024

static size_t print_lines(const struct output *o)
{
	return o->mode == OUT_TABLE ? OUTPUT_CHUNK_LINES : OUTPUT_FLAT_LINES;
}

/* Lines per chunk handed to the writer thread (outwriter.h). */
#define OUTPUT_WRITER_LINES 1024

static int consume_chunk(const struct out_chunk *ch, size_t ncols, void *userdata);

/* Columns whose text depends on more than the range's values: r->vma lives only as long
 * as the emit call, so these cells are formatted by the scan, all others by the writer.
 */
static bool column_volatile(int col)
{
	return col == COL_MAPPING || col == COL_PERMS;
}

static const char *range_text(const struct output *o, const struct scan_range *r,
			      size_t i, char *buf, size_t len)
{
	const char *v = column_text(o->cols[i], r, o->bytes, buf, len);

	/* A PFN column without a PFN says why. */
	if (!v && o->cols[i] == COL_PFN_START)
		v = pfn_class_name(r->pc.cls);
	return v;
}

static const char *cell_text(const struct output *o, const struct scan_range *r, size_t i,
			     const struct out_chunk *ch, const uint32_t *off, char *buf)
{
	if (column_volatile(o->cols[i]))
		return off[i] == OUTWRITER_NULL ? NULL : ch->text + off[i];
	return range_text(o, r, i, buf, 512);
}

static int start_writer(struct output *o)
{
	struct outwriter *w = malloc(sizeof(*w));
	int err;

	if (!w)
		return -ENOMEM;
	err = outwriter_init(w, o->ncols, OUTPUT_WRITER_LINES, sizeof(struct scan_range),
			     consume_chunk, o, scols_table_get_stream(o->table));
	if (err < 0) {
		free(w);
		return err;
	}
	o->writer = w;
	o->text_cells = false;
	for (size_t i = 0; i < o->ncols; i++)
		o->text_cells |= column_volatile(o->cols[i]);
	return 0;
}

static int stop_writer(struct output *o)
{
	int err;

	if (!o->writer)
		return 0;
	err = outwriter_finish(o->writer);
	outwriter_free(o->writer);
	free(o->writer);
	o->writer = NULL;
	return err;
}

int output_begin(struct output *o, const struct out_meta *m)
{
	struct libscols_table *tb;

	add_compare_columns(o);

	if (o->mode == OUT_JSON)
		return json_begin(o, m);
	if (!output_want_ranges(o))
		return 0;
	tb = new_table(o);
	if (!tb)
		return -ENOMEM;
	for (size_t i = 0; i < o->ncols; i++) {
		const struct coldesc *c = &pfn_columns[o->cols[i]];

		o->width[i] = strlen(c->name);

		if (!scols_table_new_column(tb, c->name, c->whint,
					    c->right ? SCOLS_FL_RIGHT : 0)) {
			scols_unref_table(tb);
			return -ENOMEM;
		}
	}
	o->table = tb;
	return start_writer(o);
}

/* Pad V to width W (left- or right-aligned) into BUF. */
static const char *pad(const char *v, size_t w, bool right, char *buf, size_t len)
{
	size_t n = strlen(v);

	if (n >= w || w >= len)
		return v;
	if (right)
		snprintf(buf, len, "%*s", (int)w, v);
	else
		snprintf(buf, len, "%-*s", (int)w, v);
	return buf;
}

/*
 * Tables are printed in chunks so that memory stays bounded whatever the number of
 * ranges. To keep the columns of later chunks aligned with the first, every cell is
 * padded to the widest cell of the first chunk (a wider value widens its own chunk only).
 */
static int pad_table(struct output *o)
{
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;
	char buf[1024];

	if (!it)
		return -ENOMEM;
	while (scols_table_next_line(o->table, it, &ln) == 0) {
		for (size_t i = 0; i < o->ncols; i++) {
			struct libscols_cell *ce = scols_line_get_cell(ln, i);
			const char *v = ce ? scols_cell_get_data(ce) : NULL;
			const char *p =
				pad(v ? v : "", o->width[i],
				    pfn_columns[o->cols[i]].right, buf, sizeof(buf));

			if (p != v && scols_line_set_data(ln, i, p) < 0) {
				scols_free_iter(it);
				return -ENOMEM;
			}
		}
	}
	scols_free_iter(it);
	return 0;
}

/*
 * Set cell I of LN to V. A line that held a range of an earlier chunk (REUSED) keeps a
 * cell whose text is unchanged: the class, detail, resource and attribute columns mostly
 * repeat, and that saves libsmartcols a free and a strdup per cell.
 */
static int set_cell(struct libscols_line *ln, size_t i, const char *v, bool reused)
{
	if (reused) {
		struct libscols_cell *ce = scols_line_get_cell(ln, i);
		const char *old = ce ? scols_cell_get_data(ce) : NULL;

		if (old == v || (old && v && strcmp(old, v) == 0))
			return 0;
	} else if (!v) {
		return 0;
	}
	return scols_line_set_data(ln, i, v) < 0 ? -ENOMEM : 0;
}

/* The next line of the table: a new one in the first chunk, then the same ones again. */
static struct libscols_line *next_line(struct output *o, bool *reused)
{
	struct libscols_line *ln;

	if (o->lines_used < o->nlines) {
		*reused = true;
		return o->lines[o->lines_used++];
	}
	if (!o->lines) {
		o->lines = calloc(OUTPUT_CHUNK_LINES, sizeof(*o->lines));
		if (!o->lines)
			return NULL;
	}
	ln = scols_table_new_line(o->table, NULL);
	if (!ln)
		return NULL;
	*reused = false;
	o->lines[o->nlines++] = ln;
	o->lines_used++;
	return ln;
}

/* Drop the lines a last, partial chunk did not use, before the final print. */
static void trim_lines(struct output *o)
{
	while (o->nlines > o->lines_used)
		scols_table_remove_line(o->table, o->lines[--o->nlines]);
}

/*
 * One chunk of formatted lines into the table (on the writer thread, or on the scan's
 * when there is none); a full table is printed and its lines are reused.
 */
static int consume_chunk(const struct out_chunk *ch, size_t ncols, void *userdata)
{
	struct output *o = userdata;
	char padded[1024], text[512];
	int err;

	for (size_t l = 0; l < ch->nlines; l++) {
		const uint32_t *off = &ch->off[l * ncols];
		bool reused;
		struct libscols_line *ln = next_line(o, &reused);

		if (!ln)
			return -ENOMEM;
		const struct scan_range *r =
			(const struct scan_range *)(ch->rec + l * sizeof(*r));

		for (size_t i = 0; i < ncols; i++) {
			const char *v = cell_text(o, r, i, ch, off, text);

			if (o->mode == OUT_TABLE) {
				if (!o->chunked && v && strlen(v) > o->width[i])
					o->width[i] = strlen(v);
				if (o->chunked)
					v = pad(v ? v : "", o->width[i],
						pfn_columns[o->cols[i]].right, padded,
						sizeof(padded));
			}
			err = set_cell(ln, i, v, reused);
			if (err < 0)
				return err;
		}
		if (o->lines_used >= print_lines(o)) {
			if (o->mode == OUT_TABLE && !o->chunked && pad_table(o) < 0)
				return -ENOMEM;
			if (scols_print_table(o->table) < 0)
				return -EIO;
			o->lines_used = 0;
			scols_table_enable_noheadings(o->table, 1);
			o->chunked = true;
		}
	}
	return 0;
}

int output_range(const struct scan_range *r, void *userdata)
{
	struct output *o = userdata;
	struct scan_range *rec;
	char buf[512];
	int err;

	if (o->compare) {
		unsigned a = 1u << COL_POLICY_SLOT(o->compare_col[0]);
		unsigned b = 1u << COL_POLICY_SLOT(o->compare_col[1]);
		bool ka = r->mas2_known & a, kb = r->mas2_known & b;

		if (ka == kb &&
		    (!ka || r->mas2[COL_POLICY_SLOT(o->compare_col[0])] ==
				    r->mas2[COL_POLICY_SLOT(o->compare_col[1])]))
			return 0;
		o->compare_ranges++;
		o->compare_pages +=
			r->has_gpa && r->no_hva
				? (r->gpa_size + PAGE_SIZE_4K - 1) >> PAGE_SHIFT_4K
				: (r->vend - r->vstart) >> PAGE_SHIFT_4K;
	}
	if (!output_want_ranges(o))
		return 0;
	if (o->mode == OUT_JSON)
		return json_range(o, r);
	rec = outwriter_record(o->writer);
	*rec = *r;
	rec->vma = NULL; /* gone after this call: its columns are text already */
	for (size_t i = 0; i < o->ncols && o->text_cells; i++) {
		const char *v = column_volatile(o->cols[i])
					? range_text(o, r, i, buf, sizeof(buf))
					: NULL;

		err = outwriter_cell(o->writer, v, v ? strlen(v) : 0);
		if (err < 0)
			return err;
	}
	return outwriter_end_line(o->writer);
}

static int add_cell(struct libscols_line *ln, size_t i, const char *v)
{
	return scols_line_set_data(ln, i, v) < 0 ? -ENOMEM : 0;
}

static int print_summary(struct output *o, const struct out_meta *m,
			 const struct scan_totals *t)
{
	struct libscols_table *tb = new_table(o);
	static const char *const names[] = { "CLASS", "PAGES", "SIZE", "WIMGE", "MAS2" };
	uint64_t total = 0;
	char buf[64];
	int err = 0;

	if (!tb)
		return -ENOMEM;
	if (o->mode == OUT_TABLE) {
		if (m->pid)
			fprintf(o->fp, "Target:    pid %d (%s)\n", (int)m->pid,
				m->comm ? m->comm : "?");
		else
			fprintf(o->fp,
				"Target:    host (every PFN of /proc/kpageflags)\n");
		fprintf(o->fp, "Kernel:    %s%s%s\n",
			m->he->release ? m->he->release : "unknown",
			m->env->smp ? " SMP" : " UP", m->sysroot ? " (sysroot)" : "");
		if (m->mods) {
			bool any = false;

			fputs("KVM:      ", o->fp);
			for (size_t i = 0; i < KVM_NMODS; i++) {
				const struct kvm_mod *km = &m->mods->m[i];

				if (km->state == KMS_ABSENT)
					continue;
				fprintf(o->fp, "%s %s %s%s%s", any ? "," : "", km->name,
					kvm_mod_state_name(km->state),
					km->version[0] ? " " : "", km->version);
				any = true;
			}
			fputs(any ? "\n" : " none\n", o->fp);
		}
		fprintf(o->fp, "Policy:    %s, guest MAS2 0x%02x\n", m->policy->name,
			m->env->guest);
		if (o->compare)
			fprintf(o->fp,
				"Compare:   %s vs %s: %llu pages in %llu ranges differ\n",
				pfn_policies[o->compare_col[0] - COL_POL_SEED].name,
				pfn_policies[o->compare_col[1] - COL_POL_SEED].name,
				(unsigned long long)o->compare_pages,
				(unsigned long long)o->compare_ranges);
		if (m->guest)
			fprintf(o->fp, "Guest:     %s\n", m->guest);
		if (t->partial)
			fprintf(o->fp, "Partial:   %s\n",
				t->partial_why[0] ? t->partial_why
						  : "the process changed or exited "
						    "during the scan");
		fputc('\n', o->fp);
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!scols_table_new_column(tb, names[i], 0,
					    i == 1 || i == 2 ? SCOLS_FL_RIGHT : 0))
			goto oom;
	for (unsigned c = 0; c < PC__COUNT; c++) {
		total += t->pages[c];
		for (unsigned v = 0; v < 128; v++) {
			uint64_t n = t->mas2_pages[c][v];
			struct libscols_line *ln;
			char w[6];

			if (!n)
				continue;
			ln = scols_table_new_line(tb, NULL);
			if (!ln)
				goto oom;
			err |= add_cell(ln, 0, pfn_class_name(c));
			snprintf(buf, sizeof(buf), "%" PRIu64, n);
			err |= add_cell(ln, 1, buf);
			if (o->bytes)
				snprintf(buf, sizeof(buf), "%" PRIu64,
					 n << PAGE_SHIFT_4K);
			else
				size_to_human(n << PAGE_SHIFT_4K, buf, sizeof(buf));
			err |= add_cell(ln, 2, buf);
			mas2_wimge((uint8_t)v, w);
			err |= add_cell(ln, 3, w);
			snprintf(buf, sizeof(buf), "0x%02x", v);
			err |= add_cell(ln, 4, buf);
		}
	}
	if (t->mas2_unknown) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			goto oom;
		err |= add_cell(ln, 0, pfn_class_name(PC_UNKNOWN));
		snprintf(buf, sizeof(buf), "%" PRIu64, t->mas2_unknown);
		err |= add_cell(ln, 1, buf);
		if (o->bytes)
			snprintf(buf, sizeof(buf), "%" PRIu64,
				 t->mas2_unknown << PAGE_SHIFT_4K);
		else
			size_to_human(t->mas2_unknown << PAGE_SHIFT_4K, buf, sizeof(buf));
		err |= add_cell(ln, 2, buf);
	}
	{
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			goto oom;
		err |= add_cell(ln, 0, "total");
		snprintf(buf, sizeof(buf), "%" PRIu64, total);
		err |= add_cell(ln, 1, buf);
		if (o->bytes)
			snprintf(buf, sizeof(buf), "%" PRIu64, total << PAGE_SHIFT_4K);
		else
			size_to_human(total << PAGE_SHIFT_4K, buf, sizeof(buf));
		err |= add_cell(ln, 2, buf);
	}
	if (err)
		goto oom;
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
oom:
	scols_unref_table(tb);
	return -ENOMEM;
}

int output_end(struct output *o, const struct out_meta *m, const struct scan_totals *t)
{
	int err = 0;

	if (o->mode == OUT_JSON)
		return json_end(o, m, t);
	err = stop_writer(o);
	if (err < 0) {
		output_discard(o);
		return err;
	}
	if (o->table) {
		trim_lines(o);
		scols_print_table(o->table);
		scols_unref_table(o->table);
		o->table = NULL;
		free(o->lines);
		o->lines = NULL;
		o->nlines = o->lines_used = 0;
		if (output_want_summary(o))
			fputc('\n', o->fp);
	}
	if (output_want_summary(o))
		err = print_summary(o, m, t);
	return err;
}

void output_discard(struct output *o)
{
	if (o->writer) {
		outwriter_free(o->writer);
		free(o->writer);
		o->writer = NULL;
	}
	if (o->table)
		scols_unref_table(o->table);
	o->table = NULL;
	free(o->lines);
	o->lines = NULL;
	o->nlines = o->lines_used = 0;
}
