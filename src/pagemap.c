// SPDX-License-Identifier: GPL-2.0-or-later
#include "pagemap.h"

#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * The PAGEMAP_SCAN ABI (include/uapi/linux/fs.h, Linux 6.7), declared here because
 * Debian 12's headers predate it: twelve u64 in, regions of three u64 out.
 */
struct pm_scan_arg_abi {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define PAGEMAP_SCAN_IOCTL _IOWR('f', 16, struct pm_scan_arg_abi)

int pagemap_open(struct pagemap *pm, const struct sysroot *sr, pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "proc/%d/pagemap", (int)pid);
	fd = sysroot_open(sr, path);
	if (fd < 0)
		return fd;
	pm->fd = fd;
	pm->scan = sr->live ? 1 : 0; /* a sysroot pagemap is a plain file */
	return 0;
}

void pagemap_close(struct pagemap *pm)
{
	if (pm->fd >= 0)
		close(pm->fd);
	pm->fd = -1;
}

long pagemap_read(const struct pagemap *pm, uint64_t vpn, size_t n, uint64_t *out)
{
	return sysroot_pread_u64(pm->fd, vpn, n, out);
}

/*
 * Valgrind does not know what PAGEMAP_SCAN writes: tell it (no cost outside valgrind,
 * and nothing at all when its header is not installed).
 */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define scan_result_defined(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)
#endif
#endif
#ifndef scan_result_defined
#define scan_result_defined(p, n) ((void)(p), (void)(n))
#endif

static long scan_ioctl(struct pagemap *pm, struct pm_scan_arg_abi *a)
{
	long n;

	if (!pm->scan)
		return -EOPNOTSUPP;
	do
		n = ioctl(pm->fd, PAGEMAP_SCAN_IOCTL, a);
	while (n < 0 && errno == EINTR);
	if (n >= 0) {
		scan_result_defined((void *)(uintptr_t)a->vec,
				    (size_t)n * sizeof(struct pagemap_region));
		return n;
	}
	/* ENOTTY: no such ioctl; EINVAL: a kernel with a different pm_scan_arg. */
	if (errno == ENOTTY || errno == EINVAL || errno == EOPNOTSUPP) {
		pm->scan = 0;
		return -EOPNOTSUPP;
	}
	return -errno;
}

long pagemap_scan(struct pagemap *pm, uint64_t start, uint64_t end,
		  struct pagemap_region *out, size_t max, uint64_t *walk_end)
{
	struct pm_scan_arg_abi a = {
		.size = sizeof(a),
		.start = start,
		.end = end,
		.vec = (uint64_t)(uintptr_t)out,
		.vec_len = max,
		.category_anyof_mask = PM_SCAN_PRESENT | PM_SCAN_SWAPPED,
		.return_mask = PM_SCAN_PRESENT | PM_SCAN_SWAPPED,
	};
	long n = scan_ioctl(pm, &a);

	if (n >= 0)
		*walk_end = a.walk_end;
	return n;
}

int pagemap_walked(struct pagemap *pm, uint64_t addr)
{
	struct pagemap_region r;
	/* No category filter: every page of a walked VMA matches, so one region comes
	 * back. */
	struct pm_scan_arg_abi a = {
		.size = sizeof(a),
		.start = addr,
		.end = addr + 4096,
		.vec = (uint64_t)(uintptr_t)&r,
		.vec_len = 1,
		.return_mask = PM_SCAN_PRESENT,
	};
	long n = scan_ioctl(pm, &a);

	return n < 0 ? (int)n : n > 0;
}
