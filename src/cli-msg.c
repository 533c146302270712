// SPDX-License-Identifier: GPL-2.0-or-later
/* The CLI's one way to report an error: "pfnclass: MESSAGE" on stderr. */
#include <stdarg.h>
#include <stdio.h>

#include "commands.h"

int pfn_fail(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("pfnclass: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}
