/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Progress of long scans on stderr: only when stderr is a terminal, first shown after a
 * second, redrawn at most five times a second, and erased when the scan ends.
 */
#ifndef PFNCLASS_PROGRESS_H
#define PFNCLASS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct progress {
	bool on;
	bool shown;
	const char *what; /* "PID 1234", "host" */
	const char *unit; /* "GiB" (bytes / 2^30) or "M pfns" (units / 10^6) */
	double scale;
	uint64_t total; /* 0 when unknown */
	uint64_t done;
	struct timespec start, last;
	FILE *fp;
};

/* ON false (or FP not a terminal) makes every call a no-op. */
void progress_init(struct progress *p, FILE *fp, bool on, const char *what,
		   const char *unit, double scale, uint64_t total);
void progress_add(struct progress *p, uint64_t units);
/* Erase the line if one was drawn. */
void progress_end(struct progress *p);

#endif
