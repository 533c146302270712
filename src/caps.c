// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "caps.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_CAP
#include <sys/capability.h>
#endif

#include "macro.h"

int caps_have_sys_admin(void)
{
#ifdef HAVE_CAP
	cap_t caps = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;
	int err;

	if (!caps)
		return -errno;
	err = cap_get_flag(caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &v);
	cap_free(caps);
	if (err < 0)
		return -EINVAL;
	return v == CAP_SET;
#else
	_cleanup_fclose_ FILE *f = fopen("/proc/self/status", "re");
	char line[256];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		uint64_t eff;

		if (sscanf(line, "CapEff: %" SCNx64, &eff) == 1)
			return (eff >> 21) & 1;
	}
	return -ENOENT;
#endif
}
