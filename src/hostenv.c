// SPDX-License-Identifier: GPL-2.0-or-later
#include "hostenv.h"

#include <stdlib.h>
#include <string.h>

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

bool hostenv_version_is_smp(const char *v)
{
	/* UTS_VERSION is "#N [SMP] [PREEMPT...] date"; look for the whole word. */
	for (const char *p = strstr(v, "SMP"); p; p = strstr(p + 1, "SMP")) {
		bool left = p == v || p[-1] == ' ';
		bool right = p[3] == '\0' || p[3] == ' ' || p[3] == '\n';

		if (left && right)
			return true;
	}
	return false;
}

int hostenv_read(const struct sysroot *sr, struct hostenv *he)
{
	memset(he, 0, sizeof(*he));
	if (sysroot_read_text(sr, "proc/sys/kernel/osrelease", 4096, &he->release) == 0)
		chomp(he->release);
	if (sysroot_read_text(sr, "proc/sys/kernel/version", 4096, &he->version) == 0) {
		chomp(he->version);
		he->smp = hostenv_version_is_smp(he->version);
		he->smp_known = true;
	}
	return 0;
}

void hostenv_free(struct hostenv *he)
{
	free(he->release);
	free(he->version);
	memset(he, 0, sizeof(*he));
}
