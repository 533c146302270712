// SPDX-License-Identifier: GPL-2.0-or-later
/* `pfnclass capture`: write what an analysis needs into one capture file. */
#include "config.h"

#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "capture.h"
#include "cmd-capture.h"
#include "commands.h"
#include "exitcodes.h"
#include "kvmmod-kmod.h"
#include "macro.h"
#include "scan.h"
#include "sysroot.h"

static const struct argp_option capture_options[] = {
	{ "output", 'o', "FILE", 0, "write the capture to FILE (required)", 0 },
	{ "pid", 'p', "PID", 0, "capture process PID (repeatable)", 0 },
	{ "vm", 0x101, "PID|NAME", 0,
	  "capture this VM: its guest map, QMP answers and guest memory (repeatable; "
	  "default: every VM on the host)",
	  0 },
	{ "map", 0x102, "FILE", 0, "guest map of the --vm (see pfnclass-map(5))", 0 },
	{ "qmp", 0x103, "PATH", 0, "QMP socket of the --vm", 0 },
	{ "address", 'a', "RANGE", 0,
	  "only virtual addresses in RANGE of the --pid processes (repeatable)", 0 },
	{ "sysroot", 0x100, "DIR", 0, "read proc files below DIR instead of /", 0 },
	{ 0 }
};

static error_t capture_parse(int key, char *arg, struct argp_state *state)
{
	struct capture_cli *c = state->input;
	char *end;
	long v;

	switch (key) {
	case 'o':
		c->output = arg;
		break;
	case 'p':
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || *end || v <= 0 || v > INT32_MAX)
			argp_error(state, "invalid --pid value '%s'", arg);
		if (c->npids >= CAP_MAX_PIDS)
			argp_error(state, "too many --pid options (at most %d)",
				   CAP_MAX_PIDS);
		c->pids[c->npids++] = (pid_t)v;
		break;
	case 'a':
		if (c->nfilter >= ARRAY_SIZE(c->filter) ||
		    addr_range_parse(arg, &c->filter[c->nfilter]) < 0)
			argp_error(state, "invalid --address range '%s'", arg);
		c->nfilter++;
		break;
	case 0x100:
		c->sysroot = arg;
		break;
	case 0x101:
		if (c->nvms >= CAP_MAX_PIDS)
			argp_error(state, "too many --vm options (at most %d)",
				   CAP_MAX_PIDS);
		c->vms[c->nvms++] = arg;
		break;
	case 0x102:
		c->map = arg;
		break;
	case 0x103:
		c->qmp = arg;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_END:
		if (!c->output)
			argp_error(state, "--output FILE is required");
		if ((c->map || c->qmp) && c->nvms != 1)
			argp_error(state, "--map and --qmp go with exactly one --vm");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int write_meta(struct cap_writer *w, const struct capture_cli *c,
		      const struct sysroot *sr, const struct capture_vm *vms, size_t nvms)
{
	char buf[4096], host[256] = "unknown", when[64] = "unknown";
	size_t off = 0;
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	off += (size_t)snprintf(
		buf + off, sizeof(buf) - off,
		"format 1\npfnclass %s\ncreated %s\nhost %s\nsysroot %s\n",
		PACKAGE_VERSION, when, host, sr->live ? "/" : sr->path);
	for (size_t i = 0; i < c->npids && off < sizeof(buf) - 32; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "pid %d\n",
					(int)c->pids[i]);
	for (size_t i = 0; i < nvms && off < sizeof(buf) - 160; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "vm %d %s %s %s\n",
					(int)vms[i].pid, vms[i].vmm,
					vms[i].have_map
						? (vms[i].exact ? "exact" : "inferred")
						: "no-map",
					vms[i].name[0] ? vms[i].name : "-");
	return cap_put_text(w, CAPTURE_META, buf, off);
}

int cmd_capture(int argc, char **argv)
{
	static const struct argp argp = {
		capture_options,
		capture_parse,
		NULL,
		"Write the state an analysis needs (iomem, firmware memmap, kernel and "
		"KVM module "
		"facts, each VM's guest map and QMP answers, the VMM's smaps, pagemap "
		"runs of its "
		"guest memory and the kpageflags/kpagecount of its PFNs) into one "
		"capture file. "
		"Without --pid or --vm every VM on the host is captured. Analyse the "
		"file "
		"anywhere, without privileges, with 'pfnclass --input FILE'.",
		NULL,
		NULL,
		NULL
	};
	struct capture_cli c = { 0 };
	struct sysroot sr = { .dirfd = -1 };
	struct cap_writer w;
	struct capture_stats st = { 0 };
	_cleanup_free_ struct addr_range *runs = NULL;
	_cleanup_free_ struct capture_vm *vms = NULL;
	size_t nruns = 0, nvms = 0;
	uint64_t kpf_entries = 0;
	FILE *f = NULL;
	char tmp[PATH_MAX] = "";
	int err, status = PFN_EXIT_OK;

	argp_parse(&argp, argc, argv, 0, NULL, &c);
	err = sysroot_init(&sr, c.sysroot);
	if (err < 0)
		return pfn_fail(PFN_EXIT_USAGE, "--sysroot %s: %s", c.sysroot,
				strerror(-err));
	if (sr.live && caps_have_sys_admin() == 0) {
		status = pfn_fail(PFN_EXIT_PERM,
				  "capture needs CAP_SYS_ADMIN: without it the kernel "
				  "reports every PFN and iomem address as 0");
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", c.output);
	f = fopen(tmp, "we");
	if (!f) {
		status = pfn_fail(PFN_EXIT_FAILURE, "cannot create %s: %s", tmp,
				  strerror(errno));
		goto out;
	}
	err = cap_writer_init(&w, f);
	if (!err)
		err = capture_host(&w, &sr, &kpf_entries);
	if (err < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "capture of host files failed: %s",
				  strerror(-err));
		goto out;
	}
	/* VMs: every VM on the host unless processes or VMs are named. */
	if (c.nvms || !c.npids) {
		status = capture_vms(&w, &sr, &c, &vms, &nvms, &runs, &nruns, &st);
		if (status)
			goto out;
	}
	for (size_t i = 0; i < c.npids; i++) {
		size_t nf = addr_ranges_normalize(c.filter, c.nfilter);

		err = capture_process(&w, &sr, c.pids[i], c.filter, nf, &runs, &nruns,
				      &st);
		if (err == -ENOENT) {
			status = pfn_fail(PFN_EXIT_NOTFOUND, "no process with PID %d",
					  (int)c.pids[i]);
			goto out;
		}
		if (err < 0) {
			status =
				pfn_fail(PFN_EXIT_FAILURE, "capture of PID %d failed: %s",
					 (int)c.pids[i], strerror(-err));
			goto out;
		}
	}
	{
		/* The KVM module state as seen here (files and libkmod), for replays. */
		struct kvm_mods km;
		char text[1024];
		int n;

		kvm_mods_read(&sr, &km);
		if (sr.live)
			kvm_mods_read_kmod(&km);
		n = kvm_mods_format(&km, text, sizeof(text));
		err = n < 0 ? n : cap_put_text(&w, KVM_MODS_FILE, text, (size_t)n);
	}
	if (!err)
		err = capture_kpages(&w, &sr, kpf_entries, runs, nruns, &st);
	if (!err)
		err = write_meta(&w, &c, &sr, vms, nvms);
	if (!err)
		err = cap_writer_finish(&w);
	if (!err && fclose(f) != 0)
		err = -errno;
	f = NULL;
	if (err < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "writing %s failed: %s", tmp,
				  strerror(-err));
		goto out;
	}
	if (rename(tmp, c.output) < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "cannot rename %s to %s: %s", tmp,
				  c.output, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	fprintf(stderr,
		"pfnclass: captured %zu VM(s) and %zu process(es): %llu pagemap entries "
		"in %llu "
		"runs, %llu PFNs in %llu runs -> %s\n",
		nvms, c.npids, (unsigned long long)st.pagemap_entries,
		(unsigned long long)w.runs, (unsigned long long)st.pfns,
		(unsigned long long)st.pfn_runs, c.output);
out:
	if (f)
		fclose(f);
	if (status != PFN_EXIT_OK && tmp[0])
		unlink(tmp);
	sysroot_fini(&sr);
	return status;
}
