// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One JSON document, streamed: the envelope is written piece by piece and every range is
 * one json-c object printed on its own line, so memory does not grow with the scan.
 * Keys are snake_case, numbers are numbers, addresses "0x..." strings, missing values
 * null. data/pfnclass.schema.json describes the document.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "guestmap.h"
#include "kpf.h"
#include "macro.h"
#include "output.h"

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static struct json_object *jhex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

static struct json_object *ju64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static int put(struct json_object *o, const char *key, struct json_object *v)
{
	return json_object_object_add(o, key, v) < 0 ? -ENOMEM : 0;
}

static int print_obj(FILE *fp, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_FLAGS);

	if (!s)
		return -ENOMEM;
	fputs(s, fp);
	return 0;
}

static struct json_object *detail_array(unsigned mask)
{
	struct json_object *a = json_object_new_array();

	for (unsigned d = 0; a && d < PD__COUNT; d++)
		if (mask & PD(d))
			json_object_array_add(a,
					      json_object_new_string(pfn_detail_name(d)));
	return a;
}

static struct json_object *flags_array(uint64_t flags)
{
	struct json_object *a = json_object_new_array();

	for (unsigned b = 0; a && b < 64; b++) {
		char tmp[16];
		const char *n;

		if (!(flags & KPF(b)))
			continue;
		n = kpf_name(b);
		if (!n) {
			snprintf(tmp, sizeof(tmp), "bit%u", b);
			n = tmp;
		}
		json_object_array_add(a, json_object_new_string(n));
	}
	return a;
}

static struct json_object *column_value(int col, const struct scan_range *r)
{
	uint64_t pages = (r->vend - r->vstart) >> PAGE_SHIFT_4K;
	char w[6];

	if (r->has_gpa && r->no_hva)
		pages = (r->gpa_size + PAGE_SIZE_4K - 1) >> PAGE_SHIFT_4K;
	if (r->no_hva && (col == COL_VSTART || col == COL_VEND || col == COL_HVA))
		return NULL;
	switch (col) {
	case COL_GPA_START:
		return r->has_gpa ? jhex(r->gpa) : NULL;
	case COL_GPA_END:
		return r->has_gpa ? jhex(r->gpa + r->gpa_size - 1) : NULL;
	case COL_REGION:
		return r->has_gpa ? jstr(r->region) : NULL;
	case COL_GKIND:
		return r->has_gpa ? jstr(gm_kind_name((enum gm_kind)r->gkind)) : NULL;
	case COL_POL_SEED:
	case COL_POL_SEED_THP:
	case COL_POL_3_12:
	case COL_POL_3_13:
	case COL_POL_PTE:
	case COL_X86_EPT:
	case COL_ARM64_S2: {
		/* Plain strings: the same text as the table's (null when none). */
		char buf[32];

		return jstr(column_text(col, r, false, buf, sizeof(buf)));
	}
	case COL_MMIO_3_12:
	case COL_MMIO_3_17:
	case COL_RSVD_3_18:
	case COL_RSVD_5_4:
	case COL_RSVD_5_6:
	case COL_REFCOUNTED_6_0:
		if (!r->pfn_known)
			return NULL;
		return json_object_new_boolean(
			!!(r->preds & (1u << (col - COL_MMIO_3_12))));
	case COL_HVA:
	case COL_VSTART:
		return jhex(r->vstart);
	case COL_VEND:
		return jhex(r->vend - 1);
	case COL_PFN_START:
		return r->pfn_known ? jhex(r->pfn) : NULL;
	case COL_PFN_END:
		return r->pfn_known ? jhex(r->pfn + pages - 1) : NULL;
	case COL_PAGES:
		return ju64(pages);
	case COL_SIZE:
		return ju64(r->has_gpa ? r->gpa_size : pages << PAGE_SHIFT_4K);
	case COL_CLASS:
		return jstr(pfn_class_name(r->pc.cls));
	case COL_REASON:
		return jstr(pfn_reason_name(r->pc.reason));
	case COL_DETAIL:
		return detail_array(r->pc.detail);
	case COL_RESOURCE:
		return jstr(r->resource);
	case COL_WIMGE:
		if (!(r->mas2_known & 1))
			return NULL;
		mas2_wimge(r->mas2[0], w);
		return jstr(w);
	case COL_MAS2:
		return (r->mas2_known & 1) ? ju64(r->mas2[0]) : NULL;
	case COL_KIND:
		return r->has_gpa && r->no_hva ? NULL : jstr(map_kind_name(r->mk));
	case COL_MAPPING:
		return r->vma ? jstr(vma_name(r->vma)) : NULL;
	case COL_PERMS:
		return r->vma ? jstr(r->vma->perms) : NULL;
	case COL_FLAGS:
		return r->pfn_known ? flags_array(r->kpf_or) : NULL;
	case COL_MAPCOUNT:
		return r->pfn_known ? ju64(r->mapcount) : NULL;
	}
	return NULL;
}

int json_begin(struct output *o, const struct out_meta *m)
{
	struct json_object *host = json_object_new_object();
	struct json_object *pol = json_object_new_object();
	struct json_object *tgt = json_object_new_object();
	int err = 0;

	if (!host || !pol || !tgt) {
		err = -ENOMEM;
		goto out;
	}
	err |= put(host, "kernel_release", jstr(m->he->release));
	if (m->mods) {
		struct json_object *mods = json_object_new_array();

		for (size_t i = 0; mods && i < KVM_NMODS; i++) {
			const struct kvm_mod *km = &m->mods->m[i];
			struct json_object *mo = json_object_new_object();

			if (!mo)
				continue;
			put(mo, "name", jstr(km->name));
			put(mo, "state", jstr(kvm_mod_state_name(km->state)));
			put(mo, "version", km->version[0] ? jstr(km->version) : NULL);
			json_object_array_add(mods, mo);
		}
		err |= put(host, "kvm_modules", mods);
	}
	err |= put(host, "smp", json_object_new_boolean(m->env->smp));
	err |= put(host, "sysroot", jstr(m->sysroot));
	err |= put(pol, "name", jstr(m->policy->name));
	err |= put(pol, "kernels", jstr(m->policy->kernels));
	err |= put(pol, "guest_mas2", ju64(m->env->guest));
	err |= put(tgt, "pid", json_object_new_int((int)m->pid));
	err |= put(tgt, "comm", jstr(m->comm));
	if (m->guest) {
		struct json_object *g = json_object_new_object();

		if (!g)
			goto out;
		put(g, "vmm", jstr(m->guest_vmm));
		put(g, "name", jstr(m->guest_name));
		put(g, "accel", jstr(m->guest_accel));
		put(g, "map", jstr(m->guest_map_exact ? "exact" : "inferred"));
		put(g, "map_source", jstr(m->guest_map_source));
		err |= put(tgt, "guest", g);
	}
	if (err)
		goto out;
	fprintf(o->fp, "{\n\"pfnclass_version\": \"%s\",\n\"host\": ", PACKAGE_VERSION);
	print_obj(o->fp, host);
	fputs(",\n\"policy\": ", o->fp);
	print_obj(o->fp, pol);
	fputs(",\n\"target\": ", o->fp);
	print_obj(o->fp, tgt);
	if (output_want_ranges(o))
		fputs(",\n\"ranges\": [", o->fp);
	o->json_first = true;
out:
	json_object_put(host);
	json_object_put(pol);
	json_object_put(tgt);
	return err ? -ENOMEM : 0;
}

int json_range(struct output *o, const struct scan_range *r)
{
	struct json_object *obj = json_object_new_object();
	char key[32];
	int err = 0;

	if (!obj)
		return -ENOMEM;
	for (size_t i = 0; i < o->ncols; i++) {
		column_json_key(&pfn_columns[o->cols[i]], key, sizeof(key));
		err |= put(obj, key, column_value(o->cols[i], r));
	}
	if (!err) {
		fputs(o->json_first ? "\n" : ",\n", o->fp);
		err = print_obj(o->fp, obj);
		o->json_first = false;
	}
	json_object_put(obj);
	return err ? -ENOMEM : 0;
}

static struct json_object *summary_object(const struct scan_totals *t)
{
	struct json_object *s = json_object_new_object();
	struct json_object *classes = json_object_new_array();
	struct json_object *details = json_object_new_object();
	uint64_t total = 0;

	if (!s || !classes || !details)
		goto fail;
	for (unsigned c = 0; c < PC__COUNT; c++) {
		struct json_object *co, *mas2;

		if (!t->pages[c])
			continue;
		total += t->pages[c];
		co = json_object_new_object();
		mas2 = json_object_new_array();
		if (!co || !mas2) {
			json_object_put(co);
			json_object_put(mas2);
			goto fail;
		}
		put(co, "class", jstr(pfn_class_name(c)));
		put(co, "pages", ju64(t->pages[c]));
		put(co, "bytes", ju64(t->pages[c] << PAGE_SHIFT_4K));
		for (unsigned v = 0; v < 128; v++) {
			struct json_object *e;
			char w[6];

			if (!t->mas2_pages[c][v])
				continue;
			e = json_object_new_object();
			if (!e)
				continue;
			mas2_wimge((uint8_t)v, w);
			put(e, "mas2", ju64(v));
			put(e, "wimge", jstr(w));
			put(e, "pages", ju64(t->mas2_pages[c][v]));
			json_object_array_add(mas2, e);
		}
		put(co, "mas2", mas2);
		json_object_array_add(classes, co);
	}
	for (unsigned d = 0; d < PD__COUNT; d++) {
		char key[32];
		size_t i;

		for (i = 0; pfn_detail_name(d)[i] && i + 1 < sizeof(key); i++)
			key[i] = pfn_detail_name(d)[i] == '-' ? '_'
							      : pfn_detail_name(d)[i];
		key[i] = '\0';
		put(details, key, ju64(t->details[d]));
	}
	put(s, "classes", classes);
	put(s, "details", details);
	put(s, "mas2_unknown_pages", ju64(t->mas2_unknown));
	put(s, "total_pages", ju64(total));
	put(s, "total_bytes", ju64(total << PAGE_SHIFT_4K));
	put(s, "ranges", ju64(t->ranges));
	return s;
fail:
	json_object_put(s);
	json_object_put(classes);
	json_object_put(details);
	return NULL;
}

int json_end(struct output *o, const struct out_meta *m, const struct scan_totals *t)
{
	int err = 0;

	(void)m;
	if (output_want_ranges(o))
		fputs(o->json_first ? "]" : "\n]", o->fp);
	if (output_want_summary(o)) {
		struct json_object *s = summary_object(t);

		if (!s)
			return -ENOMEM;
		fputs(",\n\"summary\": ", o->fp);
		err = print_obj(o->fp, s);
		json_object_put(s);
	}
	if (o->compare)
		fprintf(o->fp,
			",\n\"compare\": "
			"{\"a\":\"%s\",\"b\":\"%s\",\"differing_pages\":%llu,"
			"\"differing_ranges\":%llu}",
			pfn_policies[o->compare_col[0] - COL_POL_SEED].name,
			pfn_policies[o->compare_col[1] - COL_POL_SEED].name,
			(unsigned long long)o->compare_pages,
			(unsigned long long)o->compare_ranges);
	fprintf(o->fp, ",\n\"partial\": %s\n}\n", t->partial ? "true" : "false");
	return err;
}
