/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `pfnclass capture`: shared between the subcommand and its VM part. */
#ifndef PFNCLASS_CMD_CAPTURE_H
#define PFNCLASS_CMD_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "capture.h"
#include "scan.h"
#include "sysroot.h"

#define CAP_MAX_PIDS 64

struct capture_cli {
	const char *output;
	const char *sysroot;
	pid_t pids[CAP_MAX_PIDS];
	size_t npids;
	const char *vms[CAP_MAX_PIDS]; /* --vm PID|NAME */
	size_t nvms;
	const char *map, *qmp;
	struct addr_range filter[256];
	size_t nfilter;
};

/* What the capture says about one VM (metadata line "vm PID VMM exact|inferred NAME"). */
struct capture_vm {
	pid_t pid;
	char vmm[24];
	char name[96];
	bool have_map, exact;
};

/*
 * cmd-capture-vm.c: capture the VMs C names (or every VM when none is named): their guest
 * map and QMP answers, and the VMM process restricted to guest memory. Returns an exit
 * status (after printing why) and fills *VMS.
 */
int capture_vms(struct cap_writer *w, const struct sysroot *sr,
		const struct capture_cli *c, struct capture_vm **vms, size_t *nvms,
		struct addr_range **runs, size_t *nruns, struct capture_stats *st);

#endif
