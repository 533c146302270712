/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/maps and /proc/PID/smaps (VmFlags), read as a stream of VMAs. */
#ifndef PFNCLASS_MAPS_H
#define PFNCLASS_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "sysroot.h"

/* VmFlags two-letter codes we act on (bit = index in the table in maps.c). */
enum vmflag {
	VMF_RD,
	VMF_WR,
	VMF_EX,
	VMF_SH,
	VMF_MR,
	VMF_MW,
	VMF_ME,
	VMF_MS,
	VMF_GD,
	VMF_PF,
	VMF_DW,
	VMF_LO,
	VMF_IO,
	VMF_SR,
	VMF_RR,
	VMF_DC,
	VMF_DE,
	VMF_AC,
	VMF_NR,
	VMF_HT,
	VMF_SF,
	VMF_NL,
	VMF_AR,
	VMF_WF,
	VMF_DD,
	VMF_SD,
	VMF_MM,
	VMF_HG,
	VMF_NH,
	VMF_MG,
	VMF_UM,
	VMF_UW,
	VMF_SS,
	VMF_SL,
	VMF_BT,
	VMF_MT,
	VMF_GU,
	VMF_LF,
	VMF_OTHER,
	VMF__COUNT
};
#define VMF(f) (UINT64_C(1) << (f))

struct vma {
	uint64_t start, end; /* [start, end) */
	char perms[5];
	uint64_t offset;
	unsigned dev_major, dev_minor;
	uint64_t inode;
	char *path; /* NULL for anonymous */
	uint64_t vmflags;
	bool have_vmflags;
};

struct maps_iter {
	FILE *f;
	char *line;
	size_t cap;
	bool pending; /* line holds the next header */
	bool smaps;
	unsigned lineno;
};

/* Open proc/PID/smaps (falling back to maps when smaps is absent). */
int maps_open(struct maps_iter *it, const struct sysroot *sr, pid_t pid);
/* Open an already open stream (smaps or maps format). */
void maps_init_stream(struct maps_iter *it, FILE *f, bool smaps);
/* 1 with *V filled (free with vma_clear), 0 at the end, -errno on error. */
int maps_next(struct maps_iter *it, struct vma *v);
void maps_close(struct maps_iter *it);
void vma_clear(struct vma *v);
int vma_copy(struct vma *dst, const struct vma *src);

/* Parse one header line ("start-end perms offset dev inode [path]"). */
int maps_parse_header(const char *line, struct vma *v);
/* Parse the value of a VmFlags line into a mask. */
uint64_t maps_parse_vmflags(const char *s);
/* "pf io" for a mask (for messages and captures). */
int vmflags_format(uint64_t mask, char *buf, size_t len);

/* Human name of the mapping: path, "[anon]", "[heap]"... */
const char *vma_name(const struct vma *v);

#endif
