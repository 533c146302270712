// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `pfnclass diff BEFORE AFTER`: compare two captures (typically taken before and after a
 * kernel upgrade or patch), keyed by VM and guest-physical address (or, for captured
 * processes, by process and virtual address): the ranges whose class or MAS2 changed,
 * and the per-class deltas.
 */
#include "config.h"

#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diff.h"
#include "exitcodes.h"
#include "guestmap.h"
#include "guestscan.h"
#include "hostenv.h"
#include "input.h"
#include "iomem.h"
#include "kpage.h"
#include "macro.h"
#include "output.h"
#include "policy.h"
#include "scan.h"
#include "vm-map.h"
#include "vmfind.h"

struct diff_cli {
	const char *file[2];
	const char *policy;
	unsigned guest_mas2;
	enum out_mode mode;
	bool noheadings, bytes;
};

/* One capture, opened for analysis. */
struct side {
	const char *file;
	struct capture_input in;
	struct sysroot sr;
	struct iomem io;
	struct kpage kp;
	struct hostenv he;
	/* interned region names (the guest maps are freed after each scan) */
	char **names;
	size_t nnames;
};

/* A target present in a capture: a VM (keyed by GPA) or a process (keyed by VA). */
struct target {
	pid_t pid;
	bool vm;
	char key[128]; /* VM name, else the VMM or process name */
};

static const struct argp_option diff_options[] = {
	{ "policy", 0x100, "NAME", 0,
	  "kernel MAS2 rule for both sides (default e500-seed)", 0 },
	{ "guest-mas2", 0x101, "BITS", 0, "the guest's MAS2 attribute bits (default 0)",
	  0 },
	{ "json", 'J', NULL, 0, "use JSON output format", 0 },
	{ "raw", 'r', NULL, 0, "use raw output format", 0 },
	{ "pairs", 'P', NULL, 0, "use key=\"value\" output format", 0 },
	{ "noheadings", 'n', NULL, 0, "don't print headings", 0 },
	{ "bytes", 'b', NULL, 0, "print sizes in bytes", 0 },
	{ 0 }
};

static error_t diff_parse(int key, char *arg, struct argp_state *state)
{
	struct diff_cli *c = state->input;
	char *end;
	unsigned long v;

	switch (key) {
	case 0x100:
		c->policy = arg;
		break;
	case 0x101:
		errno = 0;
		v = strtoul(arg, &end, 0);
		if (errno || *end || !*arg || v > 0x7f)
			argp_error(state, "invalid --guest-mas2 value '%s' (0 to 0x7f)",
				   arg);
		c->guest_mas2 = (unsigned)v;
		break;
	case 'J':
	case 'r':
	case 'P':
		if (output_mode_option(&c->mode, key) < 0)
			argp_error(state,
				   "--json, --raw and --pairs are mutually exclusive");
		break;
	case 'n':
		c->noheadings = true;
		break;
	case 'b':
		c->bytes = true;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num >= 2)
			argp_error(state, "too many arguments: give BEFORE and AFTER");
		c->file[state->arg_num] = arg;
		break;
	case ARGP_KEY_END:
		if (state->arg_num < 2)
			argp_error(state, "give two captures: BEFORE AFTER");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static void side_close(struct side *s)
{
	kpage_close(&s->kp);
	iomem_free(&s->io);
	hostenv_free(&s->he);
	sysroot_fini(&s->sr);
	capture_input_close(&s->in);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
}

static int side_open(struct side *s, const char *file)
{
	_cleanup_free_ char *text = NULL;
	uint64_t off = 0;
	unsigned bad = 0;
	int err;

	memset(s, 0, sizeof(*s));
	s->file = file;
	s->sr.dirfd = -1;
	s->kp.flags_fd = s->kp.count_fd = -1;
	err = capture_input_open(file, &s->in, &off);
	if (err == -EBADMSG)
		return pfn_fail(
			PFN_EXIT_FAILURE,
			"%s: not a valid pfnclass capture (bad record at byte %llu)",
			file, (unsigned long long)off);
	if (err < 0)
		return pfn_fail(err == -ENOENT ? PFN_EXIT_USAGE : PFN_EXIT_FAILURE,
				"cannot read %s: %s", file, strerror(-err));
	err = sysroot_init(&s->sr, s->in.dir);
	if (!err)
		err = sysroot_read_text(&s->sr, "proc/iomem", 16 << 20, &text);
	if (!err)
		err = iomem_parse(text, &s->io, &bad);
	if (!err)
		err = kpage_open(&s->kp, &s->sr);
	if (err < 0)
		return pfn_fail(PFN_EXIT_FAILURE, "%s: incomplete capture: %s", file,
				strerror(-err));
	kpage_want_count(&s->kp, false);
	hostenv_read(&s->sr, &s->he);
	return 0;
}

static const char *intern(struct side *s, const char *name)
{
	char **n;

	if (!name)
		return NULL;
	for (size_t i = s->nnames; i-- > 0;)
		if (strcmp(s->names[i], name) == 0)
			return s->names[i];
	n = realloc(s->names, (s->nnames + 1) * sizeof(*n));
	if (!n)
		return NULL;
	s->names = n;
	s->names[s->nnames] = strdup(name);
	return s->names[s->nnames] ? s->names[s->nnames++] : NULL;
}

/* The targets of a capture: its VMs, or else its processes. */
static size_t side_targets(struct side *s, struct target *t, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->in.nvms && n < max; i++) {
		struct vm_info vi;

		t[n] = (struct target){ .pid = s->in.vms[i], .vm = true };
		if (vm_probe(&s->sr, t[n].pid, &vi) > 0) {
			snprintf(t[n].key, sizeof(t[n].key), "%s",
				 vi.name   ? vi.name
				 : vi.comm ? vi.comm
					   : "vm");
			vm_info_free(&vi);
		} else {
			snprintf(t[n].key, sizeof(t[n].key), "pid %d", (int)t[n].pid);
		}
		n++;
	}
	for (size_t i = 0; !s->in.nvms && i < s->in.npids && n < max; i++) {
		_cleanup_free_ char *comm = NULL;
		char path[64];

		t[n] = (struct target){ .pid = s->in.pids[i] };
		snprintf(path, sizeof(path), "proc/%d/comm", (int)t[n].pid);
		if (sysroot_read_text(&s->sr, path, 256, &comm) == 0)
			comm[strcspn(comm, "\n")] = '\0';
		snprintf(t[n].key, sizeof(t[n].key), "%s", comm ? comm : "process");
		n++;
	}
	return n;
}

struct collect {
	struct side *s;
	struct diff_side *d;
	bool by_gpa;
	int err;
};

static int collect_range(const struct scan_range *r, void *ud)
{
	struct collect *c = ud;
	struct diff_item it = { 0 };
	int err;

	if (c->by_gpa) {
		if (!r->has_gpa)
			return 0;
		it.start = r->gpa;
		it.end = r->gpa + (r->no_hva ? r->gpa_size : r->vend - r->vstart);
		it.region = intern(c->s, r->region);
	} else {
		it.start = r->vstart;
		it.end = r->vend;
		it.region = intern(c->s, r->vma ? vma_name(r->vma) : NULL);
	}
	it.cls = r->pc.cls;
	it.mas2_known = r->mas2_known & 1;
	it.mas2 = r->mas2[0];
	err = diff_side_add(c->d, &it);
	return err == -EINVAL ? 0 : err; /* empty ranges carry nothing to compare */
}

static int scan_side(struct side *s, const struct target *t, const struct policy *pol,
		     unsigned guest, struct diff_side *d, struct scan_totals *tot)
{
	struct scan_host h = { .sr = &s->sr, .iomem = &s->io, .kp = &s->kp };
	struct scan_opts so = { .npolicies = 1 };
	struct collect c = { .s = s, .d = d, .by_gpa = t->vm };
	int err;

	so.policy[0] = pol;
	so.env.smp = s->he.smp_known ? s->he.smp : true;
	so.env.guest = (uint8_t)guest;
	if (t->vm) {
		struct vm_info vi = { 0 };
		struct guest_map gm = { 0 };
		struct guest_totals gt = { 0 };
		struct vm_map_opts mo = { .timeout_ms = 1 };
		char note[256];
		unsigned bad = 0;

		err = vm_probe(&s->sr, t->pid, &vi);
		if (err <= 0)
			return err < 0 ? err : -ENOENT;
		err = vm_map_acquire(&s->sr, &vi, &mo, &gm, note, sizeof(note), &bad);
		if (!err)
			err = guest_scan(&h, t->pid, &gm, &so, collect_range, &c, tot,
					 &gt);
		guest_map_free(&gm);
		vm_info_free(&vi);
		return err;
	}
	return scan_process(&h, t->pid, &so, collect_range, &c, tot);
}

static const char *change_text(unsigned c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", c & DC_ADDED ? "added" : "",
		 c & DC_REMOVED ? "removed" : "", c & DC_CLASS ? "class" : "",
		 (c & DC_CLASS) && (c & DC_MAS2) ? ",mas2"
		 : c & DC_MAS2			 ? "mas2"
						 : "");
	return buf;
}

struct printer {
	const struct diff_cli *c;
	const char *key;
	struct libscols_table *tb;
	struct json_object *changes;
	uint64_t pages, ranges;
};

static void wimge_of(const struct diff_item *it, char w[6])
{
	if (it && it->mas2_known)
		mas2_wimge(it->mas2, w);
	else
		w[0] = '\0';
}

static struct json_object *side_json(const struct diff_item *it)
{
	struct json_object *o;
	char w[6];

	if (!it)
		return NULL;
	o = json_object_new_object();
	if (!o)
		return NULL;
	wimge_of(it, w);
	json_object_object_add(o, "class",
			       json_object_new_string(pfn_class_name(it->cls)));
	json_object_object_add(o, "wimge",
			       it->mas2_known ? json_object_new_string(w) : NULL);
	json_object_object_add(o, "mas2",
			       it->mas2_known ? json_object_new_int(it->mas2) : NULL);
	json_object_object_add(o, "region",
			       it->region ? json_object_new_string(it->region) : NULL);
	return o;
}

static int print_change(const struct diff_out *d, void *ud)
{
	struct printer *p = ud;
	uint64_t pages = (d->end - d->start + 4095) >> PAGE_SHIFT_4K;
	const struct diff_item *any = d->after ? d->after : d->before;
	char s[24], e[24], n[24], ch[32], wb[6], wa[6];

	p->pages += pages;
	p->ranges++;
	snprintf(s, sizeof(s), "0x%" PRIx64, d->start);
	snprintf(e, sizeof(e), "0x%" PRIx64, d->end - 1);
	snprintf(n, sizeof(n), "%" PRIu64, pages);
	change_text(d->change, ch, sizeof(ch));
	wimge_of(d->before, wb);
	wimge_of(d->after, wa);
	if (p->changes) {
		struct json_object *o = json_object_new_object();

		if (!o)
			return -ENOMEM;
		json_object_object_add(o, "start", json_object_new_string(s));
		json_object_object_add(o, "end", json_object_new_string(e));
		json_object_object_add(o, "pages", json_object_new_uint64(pages));
		json_object_object_add(o, "change", json_object_new_string(ch));
		json_object_object_add(o, "before", side_json(d->before));
		json_object_object_add(o, "after", side_json(d->after));
		json_object_array_add(p->changes, o);
		return 0;
	}
	{
		struct libscols_line *ln = scols_table_new_line(p->tb, NULL);
		const char *cells[] = {
			p->key,
			s,
			e,
			n,
			any && any->region ? any->region : "",
			ch,
			d->before ? pfn_class_name(d->before->cls) : "-",
			d->after ? pfn_class_name(d->after->cls) : "-",
			wb,
			wa,
		};

		if (!ln)
			return -ENOMEM;
		for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
			if (scols_line_set_data(ln, i, cells[i]) < 0)
				return -ENOMEM;
	}
	return 0;
}

static struct libscols_table *new_table(const struct diff_cli *c)
{
	static const char *const cols[] = { "TARGET",	  "START",  "END",
					    "PAGES",	  "REGION", "CHANGE",
					    "BEFORE",	  "AFTER",  "BEFORE-WIMGE",
					    "AFTER-WIMGE" };
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, c->mode == OUT_RAW);
	scols_table_enable_export(tb, c->mode == OUT_PAIRS);
	scols_table_enable_noheadings(tb, c->noheadings);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (!scols_table_new_column(tb, cols[i], 0,
					    i == 3 ? SCOLS_FL_RIGHT : 0)) {
			scols_unref_table(tb);
			return NULL;
		}
	return tb;
}

static struct json_object *totals_json(const struct scan_totals *t)
{
	struct json_object *o = json_object_new_object();

	for (unsigned c = 0; o && c < PC__COUNT; c++)
		json_object_object_add(o, pfn_class_key(c),
				       json_object_new_uint64(t->pages[c]));
	return o;
}

static void print_deltas(FILE *fp, const char *key, const struct scan_totals *b,
			 const struct scan_totals *a, bool bytes)
{
	fprintf(fp, "\n%s: pages per class, before -> after\n", key);
	for (unsigned c = 0; c < PC__COUNT; c++) {
		long long d = (long long)a->pages[c] - (long long)b->pages[c];

		if (!a->pages[c] && !b->pages[c])
			continue;
		if (bytes)
			fprintf(fp,
				"  %-12s %12" PRIu64 " -> %12" PRIu64 " bytes (%+lld)\n",
				pfn_class_name(c), b->pages[c] << 12, a->pages[c] << 12,
				d * 4096);
		else
			fprintf(fp, "  %-12s %10" PRIu64 " -> %10" PRIu64 " (%+lld)\n",
				pfn_class_name(c), b->pages[c], a->pages[c], d);
	}
}

int cmd_diff(int argc, char **argv)
{
	static const struct argp argp = {
		diff_options,
		diff_parse,
		"BEFORE AFTER",
		"Compare two captures (for example taken before and after a kernel "
		"upgrade), "
		"keyed by VM and guest-physical address (processes: by name and virtual "
		"address), "
		"and list the ranges whose class or MAS2 changed, with the per-class "
		"deltas.\v"
		"Exit status: 0 no difference, 6 differences found, 1-4 as for pfnclass.",
		NULL,
		NULL,
		NULL
	};
	struct diff_cli c = { 0 };
	struct side s[2];
	struct target tg[2][64];
	size_t nt[2];
	const struct policy *pol;
	struct printer p = { .c = &c };
	struct json_object *doc = NULL, *targets = NULL;
	uint64_t total_changes = 0;
	size_t paired = 0;
	bool opened[2] = { false, false };
	int status = PFN_EXIT_OK;

	argp_parse(&argp, argc, argv, 0, NULL, &c);
	pol = c.policy ? policy_find(c.policy) : policy_default();
	if (!pol)
		return pfn_fail(PFN_EXIT_USAGE,
				"unknown --policy '%s' (see pfnclass --list-policies)",
				c.policy);
	for (int i = 0; i < 2; i++) {
		status = side_open(&s[i], c.file[i]);
		opened[i] = true; /* side_close() copes with a half-open side */
		if (status)
			goto out;
		nt[i] = side_targets(&s[i], tg[i], ARRAY_SIZE(tg[i]));
		if (!nt[i]) {
			status = pfn_fail(PFN_EXIT_NOTFOUND, "%s holds no VM or process",
					  c.file[i]);
			goto out;
		}
	}
	if (c.mode == OUT_JSON) {
		doc = json_object_new_object();
		targets = json_object_new_array();
		if (!doc || !targets) {
			status = pfn_fail(PFN_EXIT_FAILURE, "out of memory");
			goto out;
		}
		json_object_object_add(doc, "before", json_object_new_string(c.file[0]));
		json_object_object_add(doc, "after", json_object_new_string(c.file[1]));
		json_object_object_add(doc, "policy", json_object_new_string(pol->name));
	} else {
		p.tb = new_table(&c);
		if (!p.tb) {
			status = pfn_fail(PFN_EXIT_FAILURE, "out of memory");
			goto out;
		}
	}
	for (size_t i = 0; i < nt[0]; i++) {
		const struct target *b = &tg[0][i], *a = NULL;
		struct diff_side db = { 0 }, da = { 0 };
		struct scan_totals tb = { 0 }, ta = { 0 };
		int err;

		/* Pair by name; a lone target on each side pairs whatever its name. */
		for (size_t j = 0; j < nt[1] && !a; j++)
			if (strcmp(tg[1][j].key, b->key) == 0 && tg[1][j].vm == b->vm)
				a = &tg[1][j];
		if (!a && nt[0] == 1 && nt[1] == 1 && tg[1][0].vm == b->vm)
			a = &tg[1][0];
		if (!a) {
			fprintf(stderr, "pfnclass: %s: '%s' is not in %s\n", c.file[0],
				b->key, c.file[1]);
			continue;
		}
		paired++;
		err = scan_side(&s[0], b, pol, c.guest_mas2, &db, &tb);
		if (!err)
			err = scan_side(&s[1], a, pol, c.guest_mas2, &da, &ta);
		if (err < 0) {
			diff_side_free(&db);
			diff_side_free(&da);
			status = pfn_fail(PFN_EXIT_FAILURE, "cannot analyse '%s': %s",
					  b->key, strerror(-err));
			goto out;
		}
		p.key = b->key;
		p.pages = p.ranges = 0;
		if (doc)
			p.changes = json_object_new_array();
		err = diff_sweep(&db, &da, print_change, &p);
		diff_side_free(&db);
		diff_side_free(&da);
		if (err < 0) {
			status = pfn_fail(PFN_EXIT_FAILURE, "diff: %s", strerror(-err));
			goto out;
		}
		total_changes += p.ranges;
		if (doc) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "target",
					       json_object_new_string(b->key));
			json_object_object_add(o, "vm", json_object_new_boolean(b->vm));
			json_object_object_add(o, "before_pid",
					       json_object_new_int(b->pid));
			json_object_object_add(o, "after_pid",
					       json_object_new_int(a->pid));
			json_object_object_add(o, "changes", p.changes);
			json_object_object_add(o, "changed_pages",
					       json_object_new_uint64(p.pages));
			json_object_object_add(o, "before_pages", totals_json(&tb));
			json_object_object_add(o, "after_pages", totals_json(&ta));
			json_object_array_add(targets, o);
			p.changes = NULL;
		} else if (c.mode == OUT_TABLE) {
			/* Table mode prints the deltas after the table (kept for the
			 * end). */
			scols_print_table(p.tb);
			scols_table_remove_lines(p.tb);
			scols_table_enable_noheadings(p.tb, 1);
			print_deltas(stdout, b->key, &tb, &ta, c.bytes);
		} else {
			scols_print_table(p.tb);
			scols_table_remove_lines(p.tb);
			scols_table_enable_noheadings(p.tb, 1);
		}
	}
	if (!paired) {
		status = pfn_fail(PFN_EXIT_NOTFOUND,
				  "%s and %s have no VM or process in common", c.file[0],
				  c.file[1]);
		goto out;
	}
	if (doc) {
		json_object_object_add(doc, "targets", targets);
		targets = NULL;
		json_object_object_add(doc, "differences",
				       json_object_new_uint64(total_changes));
		puts(json_object_to_json_string_ext(
			doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	} else if (c.mode == OUT_TABLE) {
		printf("\n%" PRIu64 " range(s) differ\n", total_changes);
	}
	status = total_changes ? PFN_EXIT_DIFFERENT : PFN_EXIT_OK;
out:
	json_object_put(targets);
	json_object_put(doc);
	if (p.tb)
		scols_unref_table(p.tb);
	for (int i = 0; i < 2; i++)
		if (opened[i])
			side_close(&s[i]);
	return status;
}
