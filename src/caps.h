/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability checks (libcap when available, /proc/self/status otherwise). */
#ifndef PFNCLASS_CAPS_H
#define PFNCLASS_CAPS_H

#include <stdbool.h>

/* Is CAP_SYS_ADMIN in the effective set? 1 yes, 0 no, -errno unknown. */
int caps_have_sys_admin(void);

#endif
