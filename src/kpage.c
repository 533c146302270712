// SPDX-License-Identifier: GPL-2.0-or-later
#include "kpage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kpage_open(struct kpage *kp, const struct sysroot *sr)
{
	memset(kp, 0, sizeof(*kp));
	kp->count_fd = -1;
	kp->eof = UINT64_MAX;
	kp->flags_fd = sysroot_open(sr, "proc/kpageflags");
	if (kp->flags_fd < 0)
		return kp->flags_fd;
	kp->count_fd = sysroot_open(sr, "proc/kpagecount");
	kp->flags = malloc(KPAGE_WINDOW * sizeof(uint64_t));
	kp->count = malloc(KPAGE_WINDOW * sizeof(uint64_t));
	if (!kp->flags || !kp->count) {
		kpage_close(kp);
		return -ENOMEM;
	}
	return 0;
}

void kpage_close(struct kpage *kp)
{
	if (kp->flags_fd >= 0)
		close(kp->flags_fd);
	if (kp->count_fd >= 0)
		close(kp->count_fd);
	free(kp->flags);
	free(kp->count);
	kp->flags = kp->count = NULL;
	kp->flags_fd = kp->count_fd = -1;
}

static int fill(struct kpage *kp, uint64_t pfn, uint64_t run)
{
	size_t n = run < KPAGE_WINDOW ? (size_t)(run ? run : 1) : KPAGE_WINDOW;
	long got;

	/* The file offset is pfn * 8; keep it within off_t. */
	if (pfn > (uint64_t)INT64_MAX / 8 - n) {
		kp->base = pfn;
		kp->len = 0;
		if (pfn < kp->eof)
			kp->eof = pfn;
		return 0;
	}
	got = sysroot_pread_u64(kp->flags_fd, pfn, n, kp->flags);
	kp->reads++;
	if (got < 0)
		return (int)got;
	if ((size_t)got < n && pfn + (uint64_t)got < kp->eof)
		kp->eof = pfn + (uint64_t)got;
	kp->base = pfn;
	kp->len = (size_t)got;
	if (kp->count_fd >= 0 && !kp->no_count && got > 0) {
		long c = sysroot_pread_u64(kp->count_fd, pfn, (size_t)got, kp->count);

		kp->reads++;
		if (c < 0)
			return (int)c;
		/* A shorter kpagecount (odd sysroot) leaves zeros. */
		if (c < got)
			memset(kp->count + c, 0, (size_t)(got - c) * sizeof(uint64_t));
	}
	return 0;
}

void kpage_want_count(struct kpage *kp, bool want)
{
	kp->no_count = !want;
}

int kpage_prefetch(struct kpage *kp, uint64_t pfn, uint64_t n)
{
	if (pfn >= kp->eof || (pfn >= kp->base && pfn + n <= kp->base + kp->len))
		return 0;
	return fill(kp, pfn, n);
}

long kpage_read_flags(struct kpage *kp, uint64_t pfn, size_t n, uint64_t *out)
{
	if (pfn > (uint64_t)INT64_MAX / 8 - n)
		return 0;
	kp->reads++;
	return sysroot_pread_u64(kp->flags_fd, pfn, n, out);
}

int kpage_get(struct kpage *kp, uint64_t pfn, uint64_t run, struct kpage_info *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	if (pfn >= kp->eof) {
		out->eof = true;
		return 0;
	}
	if (pfn < kp->base || pfn >= kp->base + kp->len) {
		err = fill(kp, pfn, run);
		if (err < 0)
			return err;
		if (pfn >= kp->base + kp->len) {
			out->eof = true;
			return 0;
		}
	}
	out->flags = kp->flags[pfn - kp->base];
	out->have_count = kp->count_fd >= 0 && !kp->no_count;
	out->count = out->have_count ? kp->count[pfn - kp->base] : 0;
	return 0;
}

size_t kpage_cached(const struct kpage *kp, uint64_t pfn, const uint64_t **flags,
		    const uint64_t **count)
{
	if (pfn < kp->base || pfn >= kp->base + kp->len)
		return 0;
	*flags = kp->flags + (pfn - kp->base);
	*count = kp->count_fd >= 0 && !kp->no_count ? kp->count + (pfn - kp->base) : NULL;
	return kp->len - (size_t)(pfn - kp->base);
}
