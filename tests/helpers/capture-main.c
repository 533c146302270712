// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `pfnclass capture` alone, built from the core without the output libraries, so that the
 * ppc32 cross build can write captures on a (emulated) big-endian host. Same code path as
 * the real subcommand: src/cmd-capture.c.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cmd-capture.h"
#include "commands.h"
#include "exitcodes.h"

/* This build has no QMP (json-c): VMs are captured by the real pfnclass only. */
int capture_vms(struct cap_writer *w, const struct sysroot *sr,
		const struct capture_cli *c, struct capture_vm **vms, size_t *nvms,
		struct addr_range **runs, size_t *nruns, struct capture_stats *st)
{
	(void)w, (void)sr, (void)c, (void)vms, (void)nvms, (void)runs, (void)nruns,
		(void)st;
	return pfn_fail(PFN_EXIT_USAGE,
			"this build captures processes only: give --pid PID");
}

int main(int argc, char **argv)
{
	return cmd_capture(argc, argv);
}
