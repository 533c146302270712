/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one path layer: every input file (proc/PID/maps, proc/kpageflags, ...) is opened
 * relative to a root directory, "/" for the live system or a --sysroot tree.
 */
#ifndef PFNCLASS_SYSROOT_H
#define PFNCLASS_SYSROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SYSROOT_PREOPEN_MAX 200

struct sysroot_preopened {
	char *relpath;
	int fd;
};

struct sysroot {
	int dirfd;
	char *path; /* as given, for messages */
	bool live;  /* path is "/" */
	/* files opened before privileges were dropped (sysroot_preopen) */
	struct sysroot_preopened pre[SYSROOT_PREOPEN_MAX];
	size_t npre;
};

int sysroot_init(struct sysroot *sr, const char *dir);
void sysroot_fini(struct sysroot *sr);
/*
 * Open RELPATH now and serve later sysroot_open() calls for it from this open file (a
 * duplicate, rewound): what the kernel decides at open time (pagemap PFNs and iomem
 * addresses shown only to a CAP_SYS_ADMIN opener) stays decided after privileges are
 * dropped. -ENOENT and the like are returned, not kept.
 */
int sysroot_preopen(struct sysroot *sr, const char *relpath);
/* Open RELPATH (no leading '/'); returns an fd or -errno. */
int sysroot_open(const struct sysroot *sr, const char *relpath);
int sysroot_fopen(const struct sysroot *sr, const char *relpath, FILE **out);
/* Read a whole small text file (at most MAX bytes) into a NUL-terminated string. */
int sysroot_read_text(const struct sysroot *sr, const char *relpath, size_t max,
		      char **out);
/* The same for contents that may hold NUL bytes (cmdline): *LEN gets the length. */
int sysroot_read_file(const struct sysroot *sr, const char *relpath, size_t max,
		      char **out, size_t *len);
/* Human-readable name of RELPATH for messages: "/proc/kpageflags" or "ROOT/proc/...". */
int sysroot_describe(const struct sysroot *sr, const char *relpath, char *buf,
		     size_t len);
bool sysroot_exists(const struct sysroot *sr, const char *relpath);
/*
 * Read N u64 entries at entry INDEX of a /proc array file (pagemap, kpageflags,
 * kpagecount) in as few preads as the kernel allows. Returns the entries read (short
 * only at the end of the file) or -errno.
 */
long sysroot_pread_u64(int fd, uint64_t index, size_t n, uint64_t *out);

#endif
