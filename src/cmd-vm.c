// SPDX-License-Identifier: GPL-2.0-or-later
/* CLI for VMs: the all-VMs summary and the per-guest listing (see cmd-vm.h). */
#include "config.h"

#include "cmd-vm.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "commands.h"
#include "exitcodes.h"
#include "guestmap.h"
#include "guestscan.h"
#include "macro.h"
#include "vm-map.h"

bool vm_cli_wants_guest(const struct vm_cli *vc, const struct sysroot *sr, pid_t pid)
{
	struct vm_info vi;
	bool vm;

	if (vc->vm || vc->map || vc->qmp || vc->print_map || !pid)
		return true;
	/*
	 * -p switches to the guest view on the live system, and in a capture that holds
	 * the VM's map; a plain --sysroot tree keeps the process view (use --vm there).
	 */
	if (vc->process)
		return false;
	if (!sr->live) {
		char path[64];

		snprintf(path, sizeof(path), VM_CAPTURE_MAP_FMT, (int)pid);
		return sysroot_exists(sr, path);
	}
	vm = vm_probe(sr, pid, &vi) > 0;
	if (vm)
		vm_info_free(&vi);
	return vm;
}

int vm_cli_columns(struct output *out, const char *list, bool all)
{
	if (all) {
		out->ncols = 0;
		for (int i = 0; i < COL__COUNT; i++)
			out->cols[out->ncols++] = i;
	} else {
		columns_default_guest(out->cols, &out->ncols);
	}
	if (list &&
	    columns_parse(list, out->cols, ARRAY_SIZE(out->cols), &out->ncols) < 0)
		return -EINVAL;
	return 0;
}

int vm_cli_find(struct vm_cli *vc, const struct sysroot *sr, pid_t pid, bool all)
{
	char arg[16];
	int err, status;

	if (all) {
		err = vm_find_all(sr, &vc->found, &vc->nfound);
		return err < 0 ? pfn_fail(PFN_EXIT_FAILURE, "cannot list processes: %s",
					  strerror(-err))
			       : 0;
	}
	vc->found = calloc(1, sizeof(*vc->found));
	if (!vc->found)
		return pfn_fail(PFN_EXIT_FAILURE, "out of memory");
	snprintf(arg, sizeof(arg), "%d", (int)pid);
	status = vm_resolve(sr, pid ? arg : vc->vm, &vc->found[0]);
	if (status) {
		free(vc->found);
		vc->found = NULL;
		return status;
	}
	vc->nfound = 1;
	return 0;
}

void vm_cli_free(struct vm_cli *vc)
{
	vm_list_free(vc->found, vc->nfound);
	vc->found = NULL;
	vc->nfound = 0;
}

/* --vm PID|NAME: a PID, or the name/comm of exactly one VM. */
int vm_resolve(const struct sysroot *sr, const char *arg, struct vm_info *out)
{
	struct vm_info *list;
	size_t n, hits = 0;
	char *end;
	long pid = strtol(arg, &end, 10);
	int err;

	if (*arg && !*end && pid > 0 && pid <= INT_MAX) {
		err = vm_probe(sr, (pid_t)pid, out);
		if (err == 0)
			return pfn_fail(PFN_EXIT_NOTFOUND,
					"PID %ld is not a virtual machine (no "
					"anon_inode:kvm-vm descriptor, not QEMU)",
					pid);
		if (err < 0)
			return pfn_fail(PFN_EXIT_NOTFOUND, "no process with PID %ld",
					pid);
		return 0;
	}
	err = vm_find_all(sr, &list, &n);
	if (err < 0)
		return pfn_fail(PFN_EXIT_FAILURE, "cannot list processes: %s",
				strerror(-err));
	for (size_t i = 0; i < n; i++) {
		if ((list[i].name && strcmp(list[i].name, arg) == 0) ||
		    (!list[i].name && list[i].comm && strcmp(list[i].comm, arg) == 0)) {
			if (hits++)
				vm_info_free(out);
			*out = list[i];
			memset(&list[i], 0, sizeof(list[i]));
		}
	}
	vm_list_free(list, n);
	if (hits == 1)
		return 0;
	if (hits)
		vm_info_free(out);
	return pfn_fail(PFN_EXIT_NOTFOUND,
			hits ? "more than one VM is named '%s': give its PID"
			     : "no virtual machine named '%s'",
			arg);
}

static void describe(const struct vm_info *vi, const struct guest_map *gm, char *buf,
		     size_t len)
{
	snprintf(buf, len, "%s guest%s%s%s (%s), map %s (%s)", vmm_name(vi->vmm),
		 vi->name ? " '" : "", vi->name ? vi->name : "", vi->name ? "'" : "",
		 vi->kvm ? "kvm" : "tcg", gm->exact ? "exact" : "inferred",
		 gm->source ? gm->source : "?");
}

static int map_error(const struct vm_info *vi, const struct vm_cli *vc, int err,
		     unsigned bad, const char *note)
{
	if (vc->map && err == -EINVAL)
		return pfn_fail(PFN_EXIT_FAILURE, "%s:%u: malformed guest map line",
				vc->map, bad);
	if (vc->map && err == -ERANGE)
		return pfn_fail(PFN_EXIT_FAILURE, "%s:%u: region overlaps another one",
				vc->map, bad);
	if (vc->map)
		return pfn_fail(PFN_EXIT_FAILURE, "cannot read %s: %s", vc->map,
				strerror(-err));
	if (err == -EACCES || err == -EPERM)
		return pfn_fail(PFN_EXIT_PERM,
				"cannot read the mappings of PID %d: %s (run as root)",
				(int)vi->pid, strerror(-err));
	return pfn_fail(PFN_EXIT_FAILURE, "cannot find the guest memory of PID %d: %s",
			(int)vi->pid, note[0] ? note : strerror(-err));
}

int vm_cmd_guest(struct vm_cli *vc, pid_t pid, struct scan_host *host,
		 struct scan_opts *so, struct output *out, struct out_meta *meta)
{
	struct vm_map_opts mo = {
		.map_file = vc->map,
		.qmp_path = vc->qmp,
		.timeout_ms = vc->timeout_ms ? vc->timeout_ms : 5000,
	};
	struct guest_map gm = { 0 };
	struct scan_totals t = { 0 };
	struct guest_totals gt = { 0 };
	struct vm_info vi = { 0 };
	char note[512], desc[512];
	unsigned bad = 0;
	int err, status = PFN_EXIT_OK;

	if (vc->nfound) {
		vi = vc->found[0]; /* resolved before privileges were dropped */
		memset(&vc->found[0], 0, sizeof(vc->found[0]));
	} else if (pid) {
		char arg[16];

		snprintf(arg, sizeof(arg), "%d", (int)pid);
		status = vm_resolve(host->sr, arg, &vi);
	} else if (vc->vm) {
		status = vm_resolve(host->sr, vc->vm, &vi);
	} else {
		status = pfn_fail(PFN_EXIT_USAGE,
				  "--map, --qmp and --print-map need a VM: give --vm "
				  "PID|NAME or -p PID");
	}
	if (status)
		return status;
	err = vm_map_acquire(host->sr, &vi, &mo, &gm, note, sizeof(note), &bad);
	if (err < 0) {
		status = map_error(&vi, vc, err, bad, note);
		goto out;
	}
	if (!gm.exact && note[0])
		fprintf(stderr,
			"pfnclass: PID %d: guest map inferred from its mappings (%s): "
			"%s\n",
			(int)vi.pid, gm.source, note);
	if (vc->print_map) {
		if (guest_map_write(stdout, &gm) < 0)
			status = pfn_fail(PFN_EXIT_FAILURE,
					  "write error on standard output");
		goto out;
	}
	describe(&vi, &gm, desc, sizeof(desc));
	meta->pid = vi.pid;
	meta->comm = vi.comm;
	meta->guest = desc;
	meta->guest_vmm = vmm_name(vi.vmm);
	meta->guest_name = vi.name;
	meta->guest_accel = vi.kvm ? "kvm" : "tcg";
	meta->guest_map_source = gm.source;
	meta->guest_map_exact = gm.exact;
	err = output_begin(out, meta);
	if (err < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "output: %s", strerror(-err));
		goto out;
	}
	err = guest_scan(host, vi.pid, &gm, so, output_range, out, &t, &gt);
	if (err < 0 && out->mode == OUT_JSON) {
		/* Close the document: a script gets valid JSON, marked partial. */
		t.partial = true;
		output_end(out, meta, &t);
	}
	if (err == -EPERM) {
		status = pfn_fail(
			PFN_EXIT_PERM,
			"pagemap of PID %d reports PFN 0 for present pages: "
			"the kernel hides PFNs from openers without CAP_SYS_ADMIN",
			(int)vi.pid);
		goto out;
	}
	if (err < 0) {
		status = pfn_fail(err == -ENOENT || err == -ESRCH ? PFN_EXIT_NOTFOUND
								  : PFN_EXIT_FAILURE,
				  "cannot scan PID %d: %s", (int)vi.pid, strerror(-err));
		goto out;
	}
	err = output_end(out, meta, &t);
	if (err < 0)
		status = pfn_fail(PFN_EXIT_FAILURE, "output: %s", strerror(-err));
	else if (t.partial)
		status = pfn_fail(PFN_EXIT_PARTIAL,
				  "PID %d changed or exited during the scan: results "
				  "are partial (%s)",
				  (int)vi.pid,
				  t.partial_why[0] ? t.partial_why
						   : strerror(-t.partial_err));
out:
	meta->guest = NULL;
	meta->comm = NULL;
	guest_map_free(&gm);
	vm_info_free(&vi);
	return status;
}

int vm_cmd_all(struct vm_cli *vc, struct scan_host *host, struct scan_opts *so,
	       struct output *out, struct out_meta *meta)
{
	struct vm_map_opts mo = { .timeout_ms = vc->timeout_ms ? vc->timeout_ms : 3000 };
	_cleanup_free_ struct vm_row *rows = NULL;
	struct vm_info *list = NULL;
	size_t n = 0;
	bool partial = false, perm = false;
	int err, status = PFN_EXIT_OK;

	if (vc->found) {
		list = vc->found; /* found before privileges were dropped */
		n = vc->nfound;
		vc->found = NULL;
		vc->nfound = 0;
	} else {
		err = vm_find_all(host->sr, &list, &n);
		if (err < 0)
			return pfn_fail(PFN_EXIT_FAILURE, "cannot list processes: %s",
					strerror(-err));
	}
	if (!n)
		return pfn_fail(PFN_EXIT_NOTFOUND,
				"no virtual machine found: no process holds an "
				"anon_inode:kvm-vm descriptor and no QEMU process runs");
	rows = calloc(n, sizeof(*rows));
	if (!rows) {
		vm_list_free(list, n);
		return pfn_fail(PFN_EXIT_FAILURE, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct vm_row *r = &rows[i];
		struct guest_map gm = { 0 };
		struct guest_totals gt = { 0 };
		char note[512];
		unsigned bad = 0;

		r->vi = &list[i];
		err = vm_map_acquire(host->sr, &list[i], &mo, &gm, note, sizeof(note),
				     &bad);
		if (err < 0) {
			fprintf(stderr,
				"pfnclass: PID %d: cannot find the guest memory: %s\n",
				(int)list[i].pid, note[0] ? note : strerror(-err));
			continue;
		}
		if (!gm.exact && note[0])
			fprintf(stderr, "pfnclass: PID %d: guest map inferred (%s): %s\n",
				(int)list[i].pid, gm.source, note);
		r->have_map = true;
		r->exact = gm.exact;
		snprintf(r->source, sizeof(r->source), "%s", gm.source ? gm.source : "?");
		err = guest_scan(host, list[i].pid, &gm, so, NULL, NULL, &r->t, &gt);
		guest_map_free(&gm);
		if (err == -EPERM)
			perm = true;
		if (err < 0) {
			/* The VM is listed without counts; the exit status says partial.
			 */
			fprintf(stderr, "pfnclass: PID %d: scan failed: %s\n",
				(int)list[i].pid, strerror(-err));
			partial = true;
			r->have_map = false;
			continue;
		}
		/* A VM that changed during the scan keeps what was counted (exit status
		 * 5). */
		partial |= r->t.partial;
		r->ram_bytes = gt.bytes[GM_RAM];
		r->rom_bytes = gt.bytes[GM_ROM];
		r->io_bytes = gt.bytes[GM_IO];
	}
	if (perm) {
		status = pfn_fail(PFN_EXIT_PERM,
				  "pagemap reports PFN 0 for present pages: the kernel "
				  "hides PFNs from openers without CAP_SYS_ADMIN");
	} else {
		err = vm_summary_print(out, meta, rows, n);
		if (err < 0)
			status = pfn_fail(PFN_EXIT_FAILURE, "output: %s", strerror(-err));
		else if (partial)
			status = pfn_fail(PFN_EXIT_PARTIAL,
					  "a VM changed or exited during the scan: "
					  "results are partial");
	}
	vm_list_free(list, n);
	return status;
}
