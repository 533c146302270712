// SPDX-License-Identifier: GPL-2.0-or-later
/* The all-VMs summary: one row per VM (libsmartcols table, or a JSON document). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "cmd-vm.h"
#include "columns.h"
#include "macro.h"
#include "policy.h"

enum {
	S_PID,
	S_VMM,
	S_NAME,
	S_ACCEL,
	S_RAM,
	S_PRESENT,
	S_NOT_PRESENT,
	S_RAM_PAGES,
	S_RESERVED,
	S_MMIO,
	S_MAS2,
	S_MAP,
	S__COUNT
};

static const struct {
	const char *name;
	double whint;
	bool right;
} scols[S__COUNT] = {
	[S_PID] = { "PID", 6, true },
	[S_VMM] = { "VMM", 6, false },
	[S_NAME] = { "NAME", 10, false },
	[S_ACCEL] = { "ACCEL", 4, false },
	[S_RAM] = { "RAM", 6, true },
	[S_PRESENT] = { "PRESENT", 8, true },
	[S_NOT_PRESENT] = { "NOT-PRESENT", 8, true },
	[S_RAM_PAGES] = { "RAM-PAGES", 8, true },
	[S_RESERVED] = { "RESERVED", 6, true },
	[S_MMIO] = { "MMIO", 6, true },
	[S_MAS2] = { "MAS2", 16, false },
	[S_MAP] = { "MAP", 8, false },
};

static uint64_t present(const struct scan_totals *t)
{
	return t->pages[PC_RAM] + t->pages[PC_RESERVED] + t->pages[PC_MMIO];
}

static uint64_t not_present(const struct scan_totals *t)
{
	return t->pages[PC_NOT_PRESENT] + t->pages[PC_SWAPPED];
}

/* "--M--:1536 -I-G-:4": pages per MAS2 value over every class (first policy). */
static void mas2_text(const struct scan_totals *t, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned v = 0; v < 128; v++) {
		uint64_t n = 0;
		char w[6];
		int k;

		for (unsigned c = 0; c < PC__COUNT; c++)
			n += t->mas2_pages[c][v];
		if (!n)
			continue;
		mas2_wimge((uint8_t)v, w);
		k = snprintf(buf + off, len - off, "%s%s:%" PRIu64, off ? " " : "", w, n);
		if (k < 0 || (size_t)k >= len - off)
			return;
		off += (size_t)k;
	}
}

static int cell(struct libscols_line *ln, int col, const char *v)
{
	return v && scols_line_set_data(ln, (size_t)col, v) < 0 ? -ENOMEM : 0;
}

static int row_table(struct libscols_table *tb, const struct vm_row *r, bool bytes)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[1024];
	int err = 0;

	if (!ln)
		return -ENOMEM;
	snprintf(buf, sizeof(buf), "%d", (int)r->vi->pid);
	err |= cell(ln, S_PID, buf);
	err |= cell(ln, S_VMM, vmm_name(r->vi->vmm));
	err |= cell(ln, S_NAME, r->vi->name ? r->vi->name : r->vi->comm);
	err |= cell(ln, S_ACCEL, r->vi->kvm ? "kvm" : "tcg");
	err |= cell(ln, S_MAP, !r->have_map ? "none" : r->exact ? "exact" : "inferred");
	if (!r->have_map)
		return err;
	if (bytes)
		snprintf(buf, sizeof(buf), "%" PRIu64, r->ram_bytes);
	else
		size_to_human(r->ram_bytes, buf, sizeof(buf));
	err |= cell(ln, S_RAM, buf);
	snprintf(buf, sizeof(buf), "%" PRIu64, present(&r->t));
	err |= cell(ln, S_PRESENT, buf);
	snprintf(buf, sizeof(buf), "%" PRIu64, not_present(&r->t));
	err |= cell(ln, S_NOT_PRESENT, buf);
	snprintf(buf, sizeof(buf), "%" PRIu64, r->t.pages[PC_RAM]);
	err |= cell(ln, S_RAM_PAGES, buf);
	snprintf(buf, sizeof(buf), "%" PRIu64, r->t.pages[PC_RESERVED]);
	err |= cell(ln, S_RESERVED, buf);
	snprintf(buf, sizeof(buf), "%" PRIu64, r->t.pages[PC_MMIO]);
	err |= cell(ln, S_MMIO, buf);
	mas2_text(&r->t, buf, sizeof(buf));
	err |= cell(ln, S_MAS2, buf);
	return err;
}

static int print_table(struct output *o, const struct vm_row *rows, size_t n)
{
	struct libscols_table *tb = scols_new_table();
	int err = 0;

	if (!tb)
		return -ENOMEM;
	scols_table_enable_raw(tb, o->mode == OUT_RAW);
	scols_table_enable_export(tb, o->mode == OUT_PAIRS);
	scols_table_enable_noheadings(tb, o->noheadings);
	for (int i = 0; i < S__COUNT && !err; i++)
		if (!scols_table_new_column(tb, scols[i].name, scols[i].whint,
					    scols[i].right ? SCOLS_FL_RIGHT : 0))
			err = -ENOMEM;
	for (size_t i = 0; i < n && !err; i++)
		err = row_table(tb, &rows[i], o->bytes);
	if (!err && scols_print_table(tb) < 0)
		err = -EIO;
	scols_unref_table(tb);
	return err;
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *row_json(const struct vm_row *r)
{
	struct json_object *o = json_object_new_object(), *cls, *mas2;

	if (!o)
		return NULL;
	json_object_object_add(o, "pid", json_object_new_int((int)r->vi->pid));
	json_object_object_add(o, "vmm", jstr(vmm_name(r->vi->vmm)));
	json_object_object_add(o, "name", jstr(r->vi->name));
	json_object_object_add(o, "comm", jstr(r->vi->comm));
	json_object_object_add(o, "accel", jstr(r->vi->kvm ? "kvm" : "tcg"));
	json_object_object_add(o, "map",
			       jstr(!r->have_map ? "none"
				    : r->exact	 ? "exact"
						 : "inferred"));
	json_object_object_add(o, "map_source", r->have_map ? jstr(r->source) : NULL);
	if (!r->have_map)
		return o;
	json_object_object_add(o, "ram_bytes", json_object_new_uint64(r->ram_bytes));
	json_object_object_add(o, "rom_bytes", json_object_new_uint64(r->rom_bytes));
	json_object_object_add(o, "io_bytes", json_object_new_uint64(r->io_bytes));
	json_object_object_add(o, "present_pages",
			       json_object_new_uint64(present(&r->t)));
	json_object_object_add(o, "not_present_pages",
			       json_object_new_uint64(not_present(&r->t)));
	cls = json_object_new_object();
	for (unsigned c = 0; cls && c < PC__COUNT; c++)
		json_object_object_add(cls, pfn_class_key(c),
				       json_object_new_uint64(r->t.pages[c]));
	json_object_object_add(o, "class_pages", cls);
	mas2 = json_object_new_array();
	for (unsigned v = 0; mas2 && v < 128; v++) {
		struct json_object *e;
		uint64_t cnt = 0;
		char w[6];

		for (unsigned c = 0; c < PC__COUNT; c++)
			cnt += r->t.mas2_pages[c][v];
		if (!cnt || !(e = json_object_new_object()))
			continue;
		mas2_wimge((uint8_t)v, w);
		json_object_object_add(e, "mas2", json_object_new_int((int)v));
		json_object_object_add(e, "wimge", jstr(w));
		json_object_object_add(e, "pages", json_object_new_uint64(cnt));
		json_object_array_add(mas2, e);
	}
	json_object_object_add(o, "mas2", mas2);
	json_object_object_add(o, "mas2_unknown_pages",
			       json_object_new_uint64(r->t.mas2_unknown));
	return o;
}

static int print_json(struct output *o, const struct out_meta *m,
		      const struct vm_row *rows, size_t n)
{
	struct json_object *doc = json_object_new_object(),
			   *vms = json_object_new_array();
	struct json_object *pol = json_object_new_object();
	const char *s;
	int err = 0;

	if (!doc || !vms || !pol) {
		json_object_put(doc);
		json_object_put(vms);
		json_object_put(pol);
		return -ENOMEM;
	}
	json_object_object_add(pol, "name", jstr(m->policy->name));
	json_object_object_add(pol, "guest_mas2", json_object_new_int(m->env->guest));
	json_object_object_add(pol, "smp", json_object_new_boolean(m->env->smp));
	json_object_object_add(doc, "pfnclass_version", jstr(PACKAGE_VERSION));
	json_object_object_add(doc, "policy", pol);
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = row_json(&rows[i]);

		if (r)
			json_object_array_add(vms, r);
		else
			err = -ENOMEM;
	}
	json_object_object_add(doc, "vms", vms);
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s)
		fprintf(o->fp, "%s\n", s);
	else
		err = -ENOMEM;
	json_object_put(doc);
	return err;
}

int vm_summary_print(struct output *o, const struct out_meta *m,
		     const struct vm_row *rows, size_t n)
{
	if (o->mode == OUT_JSON)
		return print_json(o, m, rows, n);
	return print_table(o, rows, n);
}
