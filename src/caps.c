// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "caps.h"

#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

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

bool caps_is_setid(void)
{
	return getuid() != geteuid() || getgid() != getegid();
}

int caps_drop_all(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (caps_is_setid()) {
		if (setgroups(0, NULL) < 0 && errno != EPERM)
			return -errno;
		if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			return -errno;
	}
#ifdef HAVE_CAP
	{
		cap_t none = cap_init(); /* all flags clear */
		int err = 0;

		if (!none)
			return -errno;
		if (cap_set_proc(none) < 0)
			err = -errno;
		cap_free(none);
		if (err < 0)
			return err;
	}
#else
	{
		/* Without libcap: an unprivileged caller has nothing to drop. */
		int have = caps_have_sys_admin();

		if (have > 0 && uid != 0)
			return -EOPNOTSUPP;
	}
#endif
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return 0;
}
