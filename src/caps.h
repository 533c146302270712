/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability checks (libcap when available, /proc/self/status otherwise). */
#ifndef PFNCLASS_CAPS_H
#define PFNCLASS_CAPS_H

#include <stdbool.h>

/* Is CAP_SYS_ADMIN in the effective set? 1 yes, 0 no, -errno unknown. */
int caps_have_sys_admin(void);

#endif

/*
 * Drop every capability (effective, permitted, inheritable, bounding where allowed) and,
 * when running set-user-ID or set-group-ID, go back to the real IDs for good. Returns 0
 * or -errno; afterwards nothing can regain privilege (no_new_privs is set).
 */
int caps_drop_all(void);
/* Is this a set-user-ID or set-group-ID execution? */
bool caps_is_setid(void);
