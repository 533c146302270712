// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `pfnclass capture` alone, built from the core without the output libraries, so that the
 * ppc32 cross build can write captures on a (emulated) big-endian host. Same code path as
 * the real subcommand: src/cmd-capture.c.
 */
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

int main(int argc, char **argv)
{
	return cmd_capture(argc, argv);
}
