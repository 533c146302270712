/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture file format: one file holding the /proc and /sys state an analysis needs,
 * replayed by extracting it into a private sysroot tree.
 *
 *   header   "PFNCAP01", u32 version (1), u32 flags (0)
 *   record   u8 type, u16 name length, name (relative path, [A-Za-z0-9._:@+,=-/])
 *     'T'    text file:   u64 length, bytes
 *     'L'    symlink:     u64 length, target (only proc/N/fd/N and proc/N/exe)
 *     'U'    u64 array:   u64 entries (file length / 8), then runs
 *                         { u64 count (0 ends), u64 index, u64 first, u64 delta }
 *                         entry[index + i] = first + i * delta; entries not in a run are
 * 0 'E'    end Every integer is little-endian, whatever the host; extraction writes u64
 * arrays in host byte order (as /proc does), so a capture from a big-endian e500 host
 * replays on x86_64. Size grows with the number of runs, not pages.
 */
#ifndef PFNCLASS_CAPFMT_H
#define PFNCLASS_CAPFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CAP_MAGIC	"PFNCAP01"
#define CAP_VERSION	1
#define CAP_MAX_TEXT	(64u << 20)
#define CAP_MAX_NAME	1024
#define CAP_MAX_ENTRIES (UINT64_C(1) << 31) /* expanded u64 entries per extraction */

struct cap_writer {
	FILE *f;
	int err;
	/* open u64 section: pending run */
	bool in_u64;
	uint64_t entries;
	uint64_t run_index, run_first, run_delta, run_count;
	uint64_t runs; /* statistics */
};

int cap_writer_init(struct cap_writer *w, FILE *f);
int cap_put_text(struct cap_writer *w, const char *name, const void *data, size_t len);
int cap_put_link(struct cap_writer *w, const char *name, const char *target);
/* A u64 array file of ENTRIES entries; values are added in increasing index order. */
int cap_u64_begin(struct cap_writer *w, const char *name, uint64_t entries);
int cap_u64_add(struct cap_writer *w, uint64_t index, const uint64_t *v, size_t n);
int cap_u64_end(struct cap_writer *w);
int cap_writer_finish(struct cap_writer *w);

bool cap_name_valid(const char *name, bool link);

struct cap_stats {
	uint64_t files, links, arrays, runs, bytes, entries;
};

/*
 * Extract capture IN into directory DIRFD (which should be empty and private).
 * Malformed input gives -EBADMSG (with *OFFSET at the bad record), never a crash.
 */
int cap_extract(FILE *in, int dirfd, struct cap_stats *st, uint64_t *offset);
/* The same with another bound on expanded entries (CAP_MAX_ENTRIES by default). */
int cap_extract_limit(FILE *in, int dirfd, struct cap_stats *st, uint64_t *offset,
		      uint64_t max_entries);

#endif
