/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output of ranges and summaries: table, raw, pairs (libsmartcols) or JSON (json-c). */
#ifndef PFNCLASS_OUTPUT_H
#define PFNCLASS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "columns.h"
#include "hostenv.h"
#include "kvmmod.h"
#include "policy.h"
#include "scan.h"

enum out_mode { OUT_TABLE, OUT_RAW, OUT_PAIRS, OUT_JSON };
enum summary_mode { SUMMARY_DEFAULT, SUMMARY_ALWAYS, SUMMARY_NEVER, SUMMARY_ONLY };

struct out_meta {
	pid_t pid;
	const char *comm;
	const struct hostenv *he;
	const struct kvm_mods *mods; /* may be NULL */
	const struct policy *policy;
	const struct policy_env *env;
	const char *sysroot; /* NULL when live */
	const char *guest; /* guest listing: "qemu guest 'vm1' (kvm), map exact (qmp)" */
	/* the same, for JSON (guest listing only) */
	const char *guest_vmm, *guest_name, *guest_accel, *guest_map_source;
	bool guest_map_exact;
};

struct output {
	enum out_mode mode;
	int cols[COL__COUNT * 2];
	size_t ncols;
	bool bytes, noheadings;
	enum summary_mode summary;
	FILE *fp;
	void *table;  /* struct libscols_table * */
	void *writer; /* struct outwriter *: range lines on their way to the table */
	void **lines; /* struct libscols_line *: the table's lines, reused chunk after
			 chunk */
	size_t nlines, lines_used;
	bool text_cells; /* some column is formatted by the scan (see output.c) */
	bool json_first;
	bool chunked;		      /* a chunk of the range table was printed already */
	size_t width[COL__COUNT * 2]; /* widest cell of the first chunk, per column */
	/* --compare A,B: only ranges where the policy columns A and B differ are printed
	 */
	bool compare;
	int compare_col[2];
	uint64_t compare_pages, compare_ranges;
};

/* -J, -r or -P (KEY) into *MODE; -EINVAL when another of them was given already. */
int output_mode_option(enum out_mode *mode, int key);
bool output_want_ranges(const struct output *o);
bool output_want_summary(const struct output *o);
int output_begin(struct output *o, const struct out_meta *m);
/* scan_emit_fn */
int output_range(const struct scan_range *r, void *o);
int output_end(struct output *o, const struct out_meta *m, const struct scan_totals *t);
/* Free what output_begin set up when output_end is not reached (error paths). */
void output_discard(struct output *o);

/* JSON backend (output-json.c). */
int json_begin(struct output *o, const struct out_meta *m);
int json_range(struct output *o, const struct scan_range *r);
int json_end(struct output *o, const struct out_meta *m, const struct scan_totals *t);

#endif
