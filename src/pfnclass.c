// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pfnclass: classify the host page frames behind a process (or a VM's guest memory) as
 * RAM, reserved or MMIO and show the e500 KVM shadow MAS2 (WIMGE) attributes.
 * This file is the CLI: options, privilege checks, messages and exit statuses.
 */
#include "config.h"

#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "cmd-vm.h"
#include "columns.h"
#include "commands.h"
#include "exitcodes.h"
#include "hostenv.h"
#include "hostscan.h"
#include "input.h"
#include "iomem.h"
#include "kpage.h"
#include "kvmmod-kmod.h"
#include "macro.h"
#include "output.h"
#include "policy.h"
#include "privilege.h"
#include "progress.h"
#include "scan.h"
#include "sysroot.h"

#define MAX_FILTERS 256

enum {
	OPT_OUTPUT_ALL = 0x100,
	OPT_SUMMARY,
	OPT_SYSROOT,
	OPT_SMP,
	OPT_NO_SMP,
	OPT_GUEST_MAS2,
	OPT_POLICY,
	OPT_LIST_POLICIES,
	OPT_VM,
	OPT_MAP,
	OPT_QMP,
	OPT_PRINT_MAP,
	OPT_PROCESS,
	OPT_INPUT,
	OPT_COMPARE,
	OPT_HOST,
};

struct cli {
	pid_t pid;
	struct addr_range filter[MAX_FILTERS];
	size_t nfilter;
	const char *sysroot;
	const char *input;
	int smp; /* -1 auto */
	unsigned guest_mas2;
	const char *policy;
	const char *compare;
	bool guest_view; /* decided before privileges are dropped */
	const char *columns;
	bool output_all, list_columns, list_policies;
	bool host;
	struct vm_cli vm;
	struct output out;
};

static void print_version(FILE *fp, struct argp_state *state)
{
	(void)state;
	fprintf(fp, "pfnclass %s\nfeatures: smartcols json-c %s %s argp\n",
		PACKAGE_VERSION,
#ifdef HAVE_KMOD
		"+kmod",
#else
		"-kmod",
#endif
#ifdef HAVE_CAP
		"+libcap"
#else
		"-libcap"
#endif
	);
}
void (*argp_program_version_hook)(FILE *, struct argp_state *) = print_version;

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Target:", 1 },
	{ "pid", 'p', "PID", 0, "classify the memory of process PID", 1 },
	{ "address", 'a', "RANGE", 0,
	  "only addresses in RANGE (START-END or START+SIZE; guest-physical for a VM; "
	  "repeatable)",
	  1 },
	{ "sysroot", OPT_SYSROOT, "DIR", 0, "read proc files below DIR instead of /", 1 },
	{ "vm", OPT_VM, "PID|NAME", 0,
	  "list the guest memory of a VM by guest-physical address (without a target: "
	  "summarise every VM)",
	  1 },
	{ "map", OPT_MAP, "FILE", 0,
	  "the VM's GPA->HVA map from FILE (see pfnclass-map(5))", 1 },
	{ "qmp", OPT_QMP, "PATH", 0,
	  "ask QEMU for the guest map over the QMP socket PATH", 1 },
	{ "print-map", OPT_PRINT_MAP, NULL, 0,
	  "print the VM's guest map (map file format)", 1 },
	{ "process", OPT_PROCESS, NULL, 0, "-p on a VMM: scan it as a plain process", 1 },
	{ "input", OPT_INPUT, "FILE", 0, "analyse a capture file (see pfnclass capture)",
	  1 },
	{ "host", OPT_HOST, NULL, 0, "classify every page frame of the host (summary)",
	  1 },

	{ NULL, 0, NULL, 0, "Classification:", 2 },
	{ "policy", OPT_POLICY, "NAME", 0,
	  "kernel MAS2 rule to apply (default e500-seed)", 2 },
	{ "compare", OPT_COMPARE, "A,B", 0,
	  "only the ranges where policies A and B give different MAS2 (exit status 6 if "
	  "any)",
	  2 },
	{ "list-policies", OPT_LIST_POLICIES, NULL, 0,
	  "list the kernel policies and exit", 2 },
	{ "guest-mas2", OPT_GUEST_MAS2, "BITS", 0,
	  "the guest's MAS2 attribute bits (default 0)", 2 },
	{ "smp", OPT_SMP, NULL, 0, "treat the host kernel as SMP (RAM gets M)", 2 },
	{ "no-smp", OPT_NO_SMP, NULL, 0, "treat the host kernel as uniprocessor", 2 },

	{ NULL, 0, NULL, 0, "Output:", 3 },
	{ "output", 'o', "LIST", 0, "output columns (+LIST appends to the default)", 3 },
	{ "output-all", OPT_OUTPUT_ALL, NULL, 0, "output all columns", 3 },
	{ "list-columns", 'H', NULL, 0, "list the available columns and exit", 3 },
	{ "json", 'J', NULL, 0, "use JSON output format", 3 },
	{ "raw", 'r', NULL, 0, "use raw output format", 3 },
	{ "pairs", 'P', NULL, 0, "use key=\"value\" output format", 3 },
	{ "noheadings", 'n', NULL, 0, "don't print headings", 3 },
	{ "bytes", 'b', NULL, 0,
	  "print SIZE in bytes rather than in human-readable format", 3 },
	{ "summary", OPT_SUMMARY, "WHEN", OPTION_ARG_OPTIONAL,
	  "print the summary: always, never or only (default: tables and JSON)", 3 },
	{ NULL, 0, NULL, 0, "Informational:", -1 },
	{ 0 }
};

static int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli *c = state->input;
	unsigned long long v;

	switch (key) {
	case 'p':
		if (parse_uint(arg, INT_MAX, &v) < 0 || v == 0)
			argp_error(state, "invalid --pid value '%s'", arg);
		c->pid = (pid_t)v;
		break;
	case 'a':
		if (c->nfilter >= MAX_FILTERS)
			argp_error(state, "too many --address ranges (at most %d)",
				   MAX_FILTERS);
		if (addr_range_parse(arg, &c->filter[c->nfilter]) < 0)
			argp_error(
				state,
				"invalid --address range '%s' (START-END or START+SIZE)",
				arg);
		c->nfilter++;
		break;
	case OPT_VM:
		c->vm.vm = arg;
		break;
	case OPT_MAP:
		c->vm.map = arg;
		break;
	case OPT_QMP:
		c->vm.qmp = arg;
		break;
	case OPT_PRINT_MAP:
		c->vm.print_map = true;
		break;
	case OPT_PROCESS:
		c->vm.process = true;
		break;
	case OPT_SYSROOT:
		if (c->input)
			argp_error(state, "--sysroot and --input are mutually exclusive");
		c->sysroot = arg;
		break;
	case OPT_HOST:
		c->host = true;
		c->out.summary = SUMMARY_ONLY;
		break;
	case OPT_INPUT:
		if (c->sysroot)
			argp_error(state, "--sysroot and --input are mutually exclusive");
		c->input = arg;
		break;
	case OPT_COMPARE:
		c->compare = arg;
		break;
	case OPT_POLICY:
		c->policy = arg;
		break;
	case OPT_LIST_POLICIES:
		c->list_policies = true;
		break;
	case OPT_GUEST_MAS2:
		if (parse_uint(arg, 0x7f, &v) < 0)
			argp_error(state, "invalid --guest-mas2 value '%s' (0 to 0x7f)",
				   arg);
		c->guest_mas2 = (unsigned)v;
		break;
	case OPT_SMP:
		c->smp = 1;
		break;
	case OPT_NO_SMP:
		c->smp = 0;
		break;
	case 'o':
		c->columns = arg;
		break;
	case OPT_OUTPUT_ALL:
		c->output_all = true;
		break;
	case 'H':
		c->list_columns = true;
		break;
	case 'J':
	case 'r':
	case 'P':
		if (output_mode_option(&c->out.mode, key) < 0)
			argp_error(state,
				   "--json, --raw and --pairs are mutually exclusive");
		break;
	case 'n':
		c->out.noheadings = true;
		break;
	case 'b':
		c->out.bytes = true;
		break;
	case OPT_SUMMARY:
		if (!arg || strcmp(arg, "always") == 0)
			c->out.summary = SUMMARY_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			c->out.summary = SUMMARY_NEVER;
		else if (strcmp(arg, "only") == 0)
			c->out.summary = SUMMARY_ONLY;
		else
			argp_error(state,
				   "invalid --summary value '%s' (always, never, only)",
				   arg);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const char doc[] =
	"Classify the host page frames behind a process or a VM's guest memory as RAM, "
	"reserved or MMIO and show the e500 KVM shadow MAS2 (WIMGE) attributes for each "
	"range. Without --pid, --vm or --host: summarise every VM on the host (or in the "
	"--input capture). Subcommands: 'pfnclass capture', 'pfnclass diff' (see --help "
	"of each).\v"
	"Run as root (CAP_SYS_ADMIN): without it the kernel hides PFNs and iomem "
	"addresses. "
	"See pfnclass(1) and --list-columns.";

static const struct argp argp = { options, parse_opt, NULL, doc, NULL, NULL, NULL };

static int list_columns(void)
{
	for (int i = 0; i < COL__COUNT; i++)
		printf("%15s  %s\n", pfn_columns[i].name, pfn_columns[i].help);
	return PFN_EXIT_OK;
}

static int list_policies(void)
{
	for (size_t i = 0; i < pfn_npolicies; i++)
		printf("%-14s %s\n%-14s   kernels: %s\n", pfn_policies[i].name,
		       pfn_policies[i].summary, "", pfn_policies[i].kernels);
	return PFN_EXIT_OK;
}

static int read_iomem(const struct sysroot *sr, struct iomem *io)
{
	_cleanup_free_ char *text = NULL;
	char path[PATH_MAX];
	unsigned bad = 0;
	int err;

	sysroot_describe(sr, "proc/iomem", path, sizeof(path));
	err = sysroot_read_text(sr, "proc/iomem", 16 << 20, &text);
	if (err < 0)
		return pfn_fail(PFN_EXIT_FAILURE, "cannot read %s: %s", path,
				strerror(-err));
	err = iomem_parse(text, io, &bad);
	if (err == -EINVAL)
		return pfn_fail(PFN_EXIT_FAILURE, "%s:%u: malformed line", path, bad);
	if (err < 0)
		return pfn_fail(PFN_EXIT_FAILURE, "cannot parse %s: %s", path,
				strerror(-err));
	if (io->addresses_hidden) {
		iomem_free(io);
		return pfn_fail(PFN_EXIT_PERM,
				"%s shows every address as 0: it was opened without "
				"CAP_SYS_ADMIN",
				path);
	}
	return 0;
}

static int file_error(const struct sysroot *sr, const char *rel, int err, pid_t pid)
{
	char path[PATH_MAX];

	sysroot_describe(sr, rel, path, sizeof(path));
	if (pid && err == -ENOENT)
		return pfn_fail(PFN_EXIT_NOTFOUND,
				"no process with PID %d (%s not found)", (int)pid, path);
	if (pid && err == -ESRCH) /* it exited before any of its memory was read */
		return pfn_fail(PFN_EXIT_NOTFOUND, "no process with PID %d (it exited)",
				(int)pid);
	if (err == -EACCES || err == -EPERM)
		return pfn_fail(PFN_EXIT_PERM, "cannot open %s: %s (run as root)", path,
				strerror(-err));
	return pfn_fail(PFN_EXIT_FAILURE, "cannot read %s: %s", path, strerror(-err));
}

static bool output_wants_column(const struct output *o, int col)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i] == col)
			return output_want_ranges(o);
	return false;
}

/*
 * Least privilege: find the VMs (their descriptors can only be read with privileges),
 * pre-open the inputs of every process the scan will read, then drop all capabilities.
 */
static int open_then_drop(struct cli *c, struct sysroot *sr)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	char why[128];
	int status;

	c->guest_view = !c->host && vm_cli_wants_guest(&c->vm, sr, c->pid);
	if (c->guest_view) {
		/* No VM named: the summary of every VM, unless a VM option wants one VM.
		 */
		bool all = !c->pid && !c->vm.vm && !c->vm.map && !c->vm.qmp &&
			   !c->vm.print_map;

		if (all || c->pid || c->vm.vm) {
			status = vm_cli_find(&c->vm, sr, c->pid, all);
			if (status)
				return status;
		}
		pids = calloc(c->vm.nfound + 1, sizeof(*pids));
		if (!pids)
			return pfn_fail(PFN_EXIT_FAILURE, "out of memory");
		for (size_t i = 0; i < c->vm.nfound; i++)
			pids[n++] = c->vm.found[i].pid;
	} else if (c->pid) {
		pids = calloc(1, sizeof(*pids));
		if (!pids)
			return pfn_fail(PFN_EXIT_FAILURE, "out of memory");
		pids[n++] = c->pid;
	}
	status = privilege_drop(sr, pids, n, why, sizeof(why));
	if (status)
		return pfn_fail(status, "%s: refusing to run set-user-ID", why);
	if (why[0] && sr->live)
		fprintf(stderr, "pfnclass: warning: %s\n", why);
	return 0;
}

static int run(struct cli *c)
{
	_cleanup_free_ char *comm = NULL;
	struct sysroot sr = { .dirfd = -1 };
	struct iomem io = { 0 };
	struct kpage kp = { .flags_fd = -1, .count_fd = -1 };
	struct hostenv he = { 0 };
	struct kvm_mods mods;
	struct fwmemmap fw = { 0 };
	struct scan_opts so = { 0 };
	struct scan_totals t = { 0 };
	struct scan_host host;
	struct out_meta meta;
	struct progress prog;
	const struct policy *pol = policy_default();
	char rel[64], what[32];
	uint64_t npfns;
	int err, status = PFN_EXIT_OK;

	if (c->policy) {
		pol = policy_find(c->policy);
		if (!pol)
			return pfn_fail(PFN_EXIT_USAGE,
					"unknown --policy '%s' (see --list-policies)",
					c->policy);
	}
	/* No target on the live system: summarise every VM on the host (cmd-vm.c). */
	if (!c->pid && !c->host && !c->vm.vm && c->sysroot && !c->input)
		return pfn_fail(PFN_EXIT_USAGE, "no target: give --pid PID, --vm "
						"PID|NAME or --host (see --help)");
	if (c->host && (c->pid || c->vm.vm))
		return pfn_fail(PFN_EXIT_USAGE,
				"--host classifies every page frame: no --pid or --vm");
	if (c->host && c->compare)
		return pfn_fail(PFN_EXIT_USAGE,
				"--compare lists ranges: use it with --pid or --vm");
	if (c->host && c->out.summary == SUMMARY_NEVER)
		return pfn_fail(
			PFN_EXIT_USAGE,
			"--host prints a summary: --summary=never leaves nothing");
	if (c->host && c->input)
		return pfn_fail(PFN_EXIT_USAGE,
				"--host needs every page frame: a capture holds only "
				"those of its targets");
	err = sysroot_init(&sr, c->sysroot);
	if (err < 0)
		return pfn_fail(PFN_EXIT_USAGE, "--sysroot %s: %s", c->sysroot,
				strerror(-err));
	if (sr.live) {
		err = caps_have_sys_admin();
		if (err == 0) {
			status = pfn_fail(PFN_EXIT_PERM,
					  "CAP_SYS_ADMIN is missing: the kernel would "
					  "report every PFN "
					  "and /proc/iomem address as 0; run as root");
			goto out;
		}
	}
	hostenv_read(&sr, &he);
	kvm_mods_read(&sr, &mods);
	if (sr.live)
		kvm_mods_read_kmod(&mods);
	snprintf(rel, sizeof(rel), "proc/%d/comm", (int)c->pid);
	if (sysroot_read_text(&sr, rel, 256, &comm) == 0)
		comm[strcspn(comm, "\n")] = '\0';
	status = read_iomem(&sr, &io);
	if (status)
		goto out;
	err = kpage_open(&kp, &sr);
	if (err < 0) {
		status = file_error(&sr, "proc/kpageflags", err, 0);
		goto out;
	}
	snprintf(rel, sizeof(rel), "proc/%d", (int)c->pid);
	if (!c->host && c->pid && !sysroot_exists(&sr, rel)) {
		status = pfn_fail(PFN_EXIT_NOTFOUND, "no process with PID %d",
				  (int)c->pid);
		goto out;
	}
	/* Optional: x86's view of RAM for the X86-EPT column (kernel-facts §2.2). */
	if (fwmemmap_read(&sr, &fw) < 0)
		memset(&fw, 0, sizeof(fw));
	status = open_then_drop(c, &sr);
	if (status)
		goto out;

	so.policy[0] = pol;
	so.npolicies = 1;
	/* Every policy too, for the policy columns and --compare (columns.h). */
	for (size_t k = 0; k < pfn_npolicies && so.npolicies < SCAN_MAX_POLICIES; k++)
		so.policy[so.npolicies++] = &pfn_policies[k];
	so.env.smp = c->smp >= 0 ? c->smp : (he.smp_known ? he.smp : true);
	so.env.guest = (uint8_t)c->guest_mas2;
	so.nfilter = addr_ranges_normalize(c->filter, c->nfilter);
	so.filter = so.nfilter ? c->filter : NULL;
	host = (struct scan_host){ .sr = &sr, .iomem = &io, .fw = &fw, .kp = &kp };
	/* kpagecount doubles the kernel's work: read it only for the MAPCOUNT column. */
	kpage_want_count(&kp, output_wants_column(&c->out, COL_MAPCOUNT));
	snprintf(what, sizeof(what), "PID %d", (int)c->pid);
	if (c->host)
		progress_init(&prog, stderr, true, "host", "M pfns", 1e6, 0);
	else
		progress_init(&prog, stderr, true, what, "GiB scanned", 1 << 30, 0);
	so.progress = &prog;
	meta = (struct out_meta){
		.pid = c->pid,
		.comm = c->host ? "host" : comm,
		.he = &he,
		.mods = &mods,
		.policy = pol,
		.env = &so.env,
		.sysroot = c->input  ? c->input
			   : sr.live ? NULL
				     : sr.path,
	};

	if (c->guest_view) {
		if (vm_cli_columns(&c->out, c->columns, c->output_all) < 0) {
			status = pfn_fail(PFN_EXIT_USAGE,
					  "--output: unknown column in '%s'", c->columns);
			goto out;
		}
		kpage_want_count(&kp, output_wants_column(&c->out, COL_MAPCOUNT));
		if (c->pid || c->vm.vm || c->vm.map || c->vm.qmp || c->vm.print_map)
			status = vm_cmd_guest(&c->vm, c->pid, &host, &so, &c->out, &meta);
		else
			status = vm_cmd_all(&c->vm, &host, &so, &c->out, &meta);
		goto out;
	}
	err = output_begin(&c->out, &meta);
	if (err < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "output: %s", strerror(-err));
		goto out;
	}
	if (c->host)
		err = host_scan(&host, &so, &t, &npfns);
	else
		err = scan_process(&host, c->pid, &so, output_range, &c->out, &t);
	if (err < 0 && c->out.mode == OUT_JSON) {
		/* Close the document: a script gets valid JSON, marked partial. */
		t.partial = true;
		output_end(&c->out, &meta, &t);
	}
	if (err == -EPERM) {
		status = pfn_fail(PFN_EXIT_PERM,
				  "pagemap of PID %d reports PFN 0 for present pages: "
				  "the kernel hides "
				  "PFNs from openers without CAP_SYS_ADMIN",
				  (int)c->pid);
		goto out;
	}
	if (err < 0) {
		snprintf(rel, sizeof(rel), "proc/%d/smaps", (int)c->pid);
		status = file_error(&sr, rel, err, c->pid);
		goto out;
	}
	err = output_end(&c->out, &meta, &t);
	if (err < 0) {
		status = pfn_fail(PFN_EXIT_FAILURE, "output: %s", strerror(-err));
		goto out;
	}
	if (t.partial) {
		status = pfn_fail(PFN_EXIT_PARTIAL,
				  "PID %d changed or exited during the scan: results are "
				  "partial (%s)",
				  (int)c->pid,
				  t.partial_why[0] ? t.partial_why
						   : strerror(-t.partial_err));
	}
out:
	output_discard(&c->out);
	vm_cli_free(&c->vm);
	kpage_close(&kp);
	fwmemmap_free(&fw);
	iomem_free(&io);
	hostenv_free(&he);
	sysroot_fini(&sr);
	return status;
}

/* --input FILE: extract the capture and analyse it as a sysroot. */
static int run_input(struct cli *c)
{
	struct capture_input in;
	uint64_t off = 0;
	int err, status;

	if (access(capture_input_tmpdir(), W_OK | X_OK) < 0)
		return pfn_fail(PFN_EXIT_FAILURE,
				"cannot extract %s: temporary directory %s (TMPDIR): %s",
				c->input, capture_input_tmpdir(), strerror(errno));
	err = capture_input_open(c->input, &in, &off);
	if (err == -EBADMSG)
		return pfn_fail(
			PFN_EXIT_FAILURE,
			"%s: not a valid pfnclass capture (bad record at byte %llu)",
			c->input, (unsigned long long)off);
	if (err == -EPROTONOSUPPORT)
		return pfn_fail(PFN_EXIT_FAILURE,
				"%s: capture format version not supported", c->input);
	if (err < 0)
		return pfn_fail(err == -ENOENT ? PFN_EXIT_USAGE : PFN_EXIT_FAILURE,
				"cannot read %s: %s", c->input, strerror(-err));
	c->sysroot = in.dir;
	/* The target defaults to the captured process; captured VMs are summarised. */
	if (!c->pid && !c->vm.vm && !c->host && in.npids == 1 && in.nvms == 0)
		c->pid = in.pids[0];
	if (!c->pid && !c->vm.vm && !c->host && in.npids > 1 && in.nvms == 0) {
		char list[256] = "";
		size_t off2 = 0;

		for (size_t i = 0; i < in.npids && off2 < sizeof(list) - 16; i++)
			off2 += (size_t)snprintf(list + off2, sizeof(list) - off2, "%s%d",
						 i ? ", " : "", (int)in.pids[i]);
		capture_input_close(&in);
		return pfn_fail(PFN_EXIT_USAGE,
				"%s holds the processes %s: choose one with --pid",
				c->input, list);
	}
	status = run(c);
	capture_input_close(&in);
	return status;
}

int main(int argc, char **argv)
{
	struct cli c = { .smp = -1 };
	int status;

	c.out.fp = stdout;
	argp_err_exit_status = PFN_EXIT_USAGE;
	if (argc > 1 && strcmp(argv[1], "capture") == 0) {
		argv[1] = (char *)"pfnclass capture";
		return cmd_capture(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "diff") == 0) {
		argv[1] = (char *)"pfnclass diff";
		return cmd_diff(argc - 1, argv + 1);
	}
	argp_parse(&argp, argc, argv, 0, NULL, &c);
	if (c.list_columns)
		return list_columns();
	if (c.list_policies)
		return list_policies();
	if (c.output_all) {
		c.out.ncols = 0;
		for (int i = 0; i < COL__COUNT; i++)
			c.out.cols[c.out.ncols++] = i;
	} else {
		columns_default(c.out.cols, &c.out.ncols);
	}
	if (c.columns && columns_parse(c.columns, c.out.cols, ARRAY_SIZE(c.out.cols),
				       &c.out.ncols) < 0)
		return pfn_fail(PFN_EXIT_USAGE,
				"--output: unknown column in '%s' (see --list-columns)",
				c.columns);
	if (c.compare) {
		char a[64];
		const char *b = strchr(c.compare, ',');
		const struct policy *pa, *pb;

		if (!b || (size_t)(b - c.compare) >= sizeof(a) || strchr(b + 1, ','))
			return pfn_fail(PFN_EXIT_USAGE,
					"--compare takes two policies: A,B");
		snprintf(a, sizeof(a), "%.*s", (int)(b - c.compare), c.compare);
		pa = policy_find(a);
		pb = policy_find(b + 1);
		if (!pa || !pb)
			return pfn_fail(
				PFN_EXIT_USAGE,
				"--compare: unknown policy '%s' (see --list-policies)",
				pa ? b + 1 : a);
		c.out.compare = true;
		c.out.compare_col[0] = COL_POL_SEED + (int)(pa - pfn_policies);
		c.out.compare_col[1] = COL_POL_SEED + (int)(pb - pfn_policies);
	}
	status = c.input ? run_input(&c) : run(&c);
	if (status == PFN_EXIT_OK && c.out.compare && c.out.compare_pages)
		status = PFN_EXIT_DIFFERENT;
	if (fflush(stdout) != 0 || ferror(stdout))
		return pfn_fail(PFN_EXIT_FAILURE, "write error on standard output");
	return status;
}
