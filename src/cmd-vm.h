/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM commands of the CLI: with no target, a summary of every VM on the host; with
 * --vm PID|NAME (or -p on a VMM), that guest's memory keyed by guest-physical address.
 */
#ifndef PFNCLASS_CMD_VM_H
#define PFNCLASS_CMD_VM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "output.h"
#include "scan.h"
#include "vmfind.h"

struct vm_cli {
	const char *vm;	 /* --vm PID|NAME */
	const char *map; /* --map FILE */
	const char *qmp; /* --qmp PATH */
	bool print_map;	 /* --print-map: write the guest map and exit */
	bool process;	 /* --process: -p on a VMM scans it as a plain process */
	int timeout_ms;
	/*
	 * VMs found before privileges were dropped (reading a VMM's descriptors needs
	 * them): the target of the guest view, or every VM for the summary. Owned; may be
	 * NULL.
	 */
	struct vm_info *found;
	size_t nfound;
};

/* One row of the all-VMs summary. */
struct vm_row {
	const struct vm_info *vi;
	bool have_map, exact;
	char source[32];
	uint64_t ram_bytes, rom_bytes, io_bytes;
	struct scan_totals t;
};

/* Find the VM named by ARG (a PID or a guest name); prints why not and returns a status.
 */
int vm_resolve(const struct sysroot *sr, const char *arg, struct vm_info *out);
/*
 * Find the VMs the command line is about (PID: that VM; else every VM) into VC->found,
 * while privileges are still held. Returns 0 or an exit status after printing why.
 */
int vm_cli_find(struct vm_cli *vc, const struct sysroot *sr, pid_t pid, bool all);
void vm_cli_free(struct vm_cli *vc);
/* Does the command line ask for a guest view? (-p PID is probed for a VMM.) */
bool vm_cli_wants_guest(const struct vm_cli *vc, const struct sysroot *sr, pid_t pid);
/* Select the guest listing's default columns (unless --output-all / -o LIST says else).
 */
int vm_cli_columns(struct output *out, const char *list, bool all);

/* Run the guest view of PID (0: from --vm) or the all-VMs summary; returns exit status.
 */
int vm_cmd_guest(struct vm_cli *vc, pid_t pid, struct scan_host *host,
		 struct scan_opts *so, struct output *out, struct out_meta *meta);
int vm_cmd_all(struct vm_cli *vc, struct scan_host *host, struct scan_opts *so,
	       struct output *out, struct out_meta *meta);

/* vm-summary.c: print the all-VMs table or JSON document. */
int vm_summary_print(struct output *o, const struct out_meta *m,
		     const struct vm_row *rows, size_t n);

#endif
