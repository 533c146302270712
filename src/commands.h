/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subcommands and the CLI's shared message helper. */
#ifndef PFNCLASS_COMMANDS_H
#define PFNCLASS_COMMANDS_H

#include "macro.h"

/* Print "pfnclass: MESSAGE" on stderr and return STATUS. */
_printf_(2, 3) int pfn_fail(int status, const char *fmt, ...);

int cmd_capture(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
