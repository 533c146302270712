/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Noticing that a live target changed while it was scanned. A scan reads pagemap while
 * the process runs: it is a snapshot taken piece by piece, never an atomic one. The
 * guard remembers who the process was (its start time) and which address ranges were
 * scanned as what (the mapped object and offset), and checks both again after the scan:
 *
 *   - the process exited, became a zombie, or its PID now names another process
 *     (start time differs): the scan is partial, or "no such process" when no VMA
 *     was scanned;
 *   - a scanned range is no longer mapped, or is mapped by another object or at
 *     another file offset (munmap, mremap, mmap MAP_FIXED over it): partial. Pages
 *     read there after the change would wrongly read as not-present.
 *
 * Not a change: new mappings, mprotect/madvise splitting or merging a VMA, a heap or
 * stack that grew. Pages that fault in, are reclaimed, migrate, split or merge (THP,
 * KSM) during the scan are not detectable from user space: each range shows the page
 * as it was when its pagemap batch was read. An anonymous range unmapped and mapped
 * again at the same address between the two looks unchanged (maps cannot tell them
 * apart). A sysroot or capture is a set of files that do not change: no checks.
 */
#ifndef PFNCLASS_SCANGUARD_H
#define PFNCLASS_SCANGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "maps.h"
#include "scan.h"
#include "sysroot.h"

struct guard_range {
	uint64_t start, end; /* [start, end) */
	uint64_t inode;
	uint64_t offset; /* file offset of START (file mappings only) */
	uint32_t dev;
	uint32_t name; /* hash of the path; 0 for an unnamed anonymous mapping */
};

struct scan_guard {
	const struct sysroot *sr;
	pid_t pid;
	bool active; /* a live process: the checks mean something */
	unsigned long long starttime;
	struct guard_range *r; /* scanned ranges, in the order noted */
	size_t n, cap;
};

/*
 * Remember who PID is. -ESRCH when it has exited (or is a zombie), -errno when its stat
 * cannot be read. On a sysroot that is not live the guard is inactive and returns 0.
 */
int scan_guard_begin(struct scan_guard *g, const struct sysroot *sr, pid_t pid);
/* Record that [START, END) of V was scanned. 0 or -ENOMEM. */
int scan_guard_note(struct scan_guard *g, const struct vma *v, uint64_t start,
		    uint64_t end);
/*
 * Check again: 0 unchanged, -ESRCH the process exited or was replaced, -ESTALE a scanned
 * range changed (WHY says which), other -errno when the maps could not be re-read.
 */
int scan_guard_check(struct scan_guard *g, char *why, size_t len);
void scan_guard_free(struct scan_guard *g);

/*
 * The outcome of a live scan whose own result was ERR, after scan_guard_check():
 *   - PFNs hidden (-EPERM) or no memory: that error;
 *   - the process exited before any VMA was scanned: -ESRCH ("no such process":
 *     nothing of it was read);
 *   - it exited, or a scanned range was unmapped or replaced, after that: 0 with T
 *     partial (T->partial_why says what), and so for a read error once something was
 *     scanned (most often the exit itself, seen before the guard could see it);
 *   - the guard could not re-read the process: 0 with T partial (unverified).
 * Totals stay the sum of the emitted ranges whatever happens: they are added per range.
 */
int scan_guard_verdict(struct scan_guard *g, int err, struct scan_totals *t);

/* The start time (clock ticks after boot) and state letter from a /proc/PID/stat text. */
int proc_stat_parse(const char *text, unsigned long long *starttime, char *state);

#endif
