/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFNCLASS_PRIVILEGE_H
#define PFNCLASS_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sysroot.h"

/*
 * Pre-open the inputs of the N processes PIDS on a live sysroot, then drop all
 * capabilities. Returns 0, or an exit status when a set-user-ID run could not drop (WHY
 * says why; a failed drop of an ordinary run only fills WHY, for a warning).
 */
int privilege_drop(struct sysroot *sr, const pid_t *pids, size_t n, char *why,
		   size_t len);

#endif
