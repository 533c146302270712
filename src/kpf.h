/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bit layouts of /proc/kpageflags and /proc/PID/pagemap entries, and their names. */
#ifndef PFNCLASS_KPF_H
#define PFNCLASS_KPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* /proc/kpageflags (stable UAPI bits 0-26, kernel-hacking bits 32+). */
enum kpf_bit {
	KPF_LOCKED = 0,
	KPF_ERROR = 1,
	KPF_REFERENCED = 2,
	KPF_UPTODATE = 3,
	KPF_DIRTY = 4,
	KPF_LRU = 5,
	KPF_ACTIVE = 6,
	KPF_SLAB = 7,
	KPF_WRITEBACK = 8,
	KPF_RECLAIM = 9,
	KPF_BUDDY = 10,
	KPF_MMAP = 11,
	KPF_ANON = 12,
	KPF_SWAPCACHE = 13,
	KPF_SWAPBACKED = 14,
	KPF_COMPOUND_HEAD = 15,
	KPF_COMPOUND_TAIL = 16,
	KPF_HUGE = 17,
	KPF_UNEVICTABLE = 18,
	KPF_HWPOISON = 19,
	KPF_NOPAGE = 20,
	KPF_KSM = 21,
	KPF_THP = 22,
	KPF_OFFLINE = 23,
	KPF_ZERO_PAGE = 24,
	KPF_IDLE = 25,
	KPF_PGTABLE = 26,
	KPF_RESERVED = 32,
	KPF_MLOCKED = 33,
	KPF_OWNER_2 = 34,
	KPF_PRIVATE = 35,
	KPF_PRIVATE_2 = 36,
	KPF_OWNER_PRIVATE = 37,
	KPF_ARCH = 38,
	KPF_UNCACHED = 39,
	KPF_SOFTDIRTY = 40,
	KPF_ARCH_2 = 41,
	KPF_ARCH_3 = 42,
};

#define KPF(bit) (UINT64_C(1) << (bit))

/* /proc/PID/pagemap entry. */
#define PM_PFN_MASK	  ((UINT64_C(1) << 55) - 1)
#define PM_SOFT_DIRTY	  (UINT64_C(1) << 55)
#define PM_EXCLUSIVE	  (UINT64_C(1) << 56)
#define PM_UFFD_WP	  (UINT64_C(1) << 57)
#define PM_GUARD	  (UINT64_C(1) << 58)
#define PM_FILE		  (UINT64_C(1) << 61)
#define PM_SWAP		  (UINT64_C(1) << 62)
#define PM_PRESENT	  (UINT64_C(1) << 63)
#define PM_SWAP_TYPE(e)	  ((unsigned)((e)&0x1f))
#define PM_SWAP_OFFSET(e) (((e)&PM_PFN_MASK) >> 5)

/* Name of kpageflags bit BIT ("reserved"), or NULL for an unnamed bit. */
const char *kpf_name(unsigned bit);
/* Comma-separated names of FLAGS; unnamed bits print as "bitN". */
int kpf_format(uint64_t flags, char *buf, size_t len);
/* Parse "name,name" or a number into a flag mask; -EINVAL on unknown names. */
int kpf_parse(const char *s, uint64_t *out);

#endif
