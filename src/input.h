/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --input FILE: replay a capture by extracting it into a private temporary sysroot. */
#ifndef PFNCLASS_INPUT_H
#define PFNCLASS_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "capfmt.h"

struct capture_input {
	char *dir; /* the extracted tree, removed by capture_input_close() */
	struct cap_stats st;
	pid_t pids[64]; /* processes named in the capture's metadata */
	size_t npids;
	pid_t vms[64]; /* VMs */
	size_t nvms;
};

/* The directory captures are extracted below: $TMPDIR, else /tmp. */
const char *capture_input_tmpdir(void);
/* On -EBADMSG *OFFSET tells where the capture is malformed. */
int capture_input_open(const char *file, struct capture_input *in, uint64_t *offset);
void capture_input_close(struct capture_input *in);

#endif
