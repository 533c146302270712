/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts about the host kernel: release, SMP. Read through the sysroot. */
#ifndef PFNCLASS_HOSTENV_H
#define PFNCLASS_HOSTENV_H

#include <stdbool.h>

#include "sysroot.h"

struct hostenv {
	char *release; /* proc/sys/kernel/osrelease, NULL if unreadable */
	char *version; /* proc/sys/kernel/version ("#1 SMP PREEMPT_DYNAMIC ...") */
	bool smp;      /* CONFIG_SMP, from the version string */
	bool smp_known;
};

int hostenv_read(const struct sysroot *sr, struct hostenv *he);
void hostenv_free(struct hostenv *he);
/* Does a kernel version string say the kernel was built with CONFIG_SMP? */
bool hostenv_version_is_smp(const char *version);

#endif
