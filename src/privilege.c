// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Least privilege: open every live input the scan will read while CAP_SYS_ADMIN is held
 * (the kernel decides at open time whether pagemap shows PFNs and iomem shows addresses),
 * then drop every capability before reading. A set-user-ID run must drop or refuse.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "exitcodes.h"
#include "privilege.h"

static void preopen_process(struct sysroot *sr, pid_t pid)
{
	static const char *const files[] = { "smaps", "maps", "pagemap", "stat" };
	char rel[64];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "proc/%d/%s", (int)pid, files[i]);
		/* A failure is reported by the scan itself, with its own message. */
		sysroot_preopen(sr, rel);
	}
}

int privilege_drop(struct sysroot *sr, const pid_t *pids, size_t n, char *why, size_t len)
{
	int err;

	why[0] = '\0';
	for (size_t i = 0; sr->live && i < n; i++)
		preopen_process(sr, pids[i]);
	err = caps_drop_all();
	if (err < 0) {
		snprintf(why, len, "cannot drop privileges: %s", strerror(-err));
		return caps_is_setid() ? PFN_EXIT_PERM : 0;
	}
	return 0;
}
