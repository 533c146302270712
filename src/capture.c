// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kpf.h"
#include "macro.h"
#include "maps.h"
#include "pagemap.h"

#define TEXT_MAX (CAP_MAX_TEXT - 1)

int capture_text_file(struct cap_writer *w, const struct sysroot *sr, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int err = sysroot_read_file(sr, path, TEXT_MAX, &text, &len);

	if (err == -ENOENT || err == -ENOTDIR || err == -ESRCH)
		return 0;
	if (err < 0)
		return err;
	return cap_put_text(w, path, text, len);
}

/* Entries in a /proc u64 array file: reads past the end return 0 bytes (EOF). */
static int probe_entries(const struct sysroot *sr, const char *path, uint64_t *out)
{
	_cleanup_close_ int fd = sysroot_open(sr, path);
	uint64_t lo = 0, hi = UINT64_C(1) << 40, v;

	if (fd < 0)
		return fd;
	/* Invariant: entry lo-1 readable (or lo == 0), entry hi not readable. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		ssize_t n = pread(fd, &v, 8, (off_t)(mid * 8));

		if (n < 0 && errno != EINVAL)
			return -errno;
		if (n == 8)
			lo = mid + 1;
		else
			hi = mid;
	}
	*out = lo;
	return 0;
}

static int capture_dir_files(struct cap_writer *w, const struct sysroot *sr,
			     const char *dir, const char *const *names)
{
	int fd = sysroot_open(sr, dir);
	DIR *d;
	struct dirent *de;
	int err = 0;

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d)) && err >= 0) {
		if (de->d_name[0] == '.')
			continue;
		for (const char *const *n = names; *n && err >= 0; n++) {
			char path[PATH_MAX];

			snprintf(path, sizeof(path), "%s/%s/%s", dir, de->d_name, *n);
			err = capture_text_file(w, sr, path);
		}
	}
	closedir(d);
	return err;
}

int capture_host(struct cap_writer *w, const struct sysroot *sr, uint64_t *kpf_entries)
{
	static const char *const files[] = {
		"proc/iomem",
		"proc/sys/kernel/osrelease",
		"proc/sys/kernel/version",
		"proc/modules",
		"proc/cpuinfo",
		NULL,
	};
	static const char *const memmap[] = { "start", "end", "type", NULL };
	static const char *const module[] = { "version", "initstate", NULL };
	static const char *const kvm_modules[] = {
		"sys/module/kvm",	 "sys/module/kvm_intel",  "sys/module/kvm_amd",
		"sys/module/kvm_pvm",	 "sys/module/kvm_hv",	  "sys/module/kvm_pr",
		"sys/module/kvm_e500v2", "sys/module/kvm_e500mc", NULL,
	};
	int err;

	for (const char *const *f = files; *f; f++) {
		err = capture_text_file(w, sr, *f);
		if (err < 0)
			return err;
	}
	err = capture_dir_files(w, sr, "sys/firmware/memmap", memmap);
	if (err < 0)
		return err;
	for (const char *const *m = kvm_modules; *m; m++) {
		for (const char *const *n = module; *n; n++) {
			char path[PATH_MAX];

			snprintf(path, sizeof(path), "%s/%s", *m, *n);
			err = capture_text_file(w, sr, path);
			if (err < 0)
				return err;
		}
	}
	return probe_entries(sr, "proc/kpageflags", kpf_entries);
}

static int add_run(struct addr_range **runs, size_t *n, size_t *cap, uint64_t pfn,
		   uint64_t count)
{
	if (*n && (*runs)[*n - 1].end == pfn) {
		(*runs)[*n - 1].end += count;
		return 0;
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct addr_range *r = realloc(*runs, ncap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		*runs = r;
		*cap = ncap;
	}
	(*runs)[(*n)++] = (struct addr_range){ pfn, pfn + count };
	return 0;
}

static int capture_links(struct cap_writer *w, const struct sysroot *sr, pid_t pid)
{
	char dir[64], path[320], target[4097];
	int fd, err = 0;
	DIR *d;
	struct dirent *de;
	ssize_t n;

	snprintf(path, sizeof(path), "proc/%d/exe", (int)pid);
	n = readlinkat(sr->dirfd, path, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		err = cap_put_link(w, path, target);
		if (err < 0)
			return err;
	}
	snprintf(dir, sizeof(dir), "proc/%d/fd", (int)pid);
	fd = sysroot_open(sr, dir);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)) && err >= 0) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = readlinkat(sr->dirfd, path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		/* Only what VM discovery looks at: KVM handles and guest memory files. */
		if (strncmp(target, "anon_inode:kvm", 14) == 0 ||
		    strcmp(target, "/dev/kvm") == 0 || strncmp(target, "/memfd:", 7) == 0)
			err = cap_put_link(w, path, target);
	}
	closedir(d);
	return err;
}

int capture_process(struct cap_writer *w, const struct sysroot *sr, pid_t pid,
		    const struct addr_range *ranges, size_t nranges,
		    struct addr_range **runs, size_t *nruns, struct capture_stats *st)
{
	static const char *const ident[] = { "comm", "cmdline", "status", NULL };
	_cleanup_free_ uint64_t *buf = NULL;
	_cleanup_free_ char *smaps = NULL;
	struct pagemap pm = { .fd = -1 };
	struct maps_iter it;
	struct vma v = { 0 };
	size_t cap = *nruns;
	uint64_t max_vpn = 0;
	char path[64];
	FILE *f;
	int err;

	for (const char *const *n = ident; *n; n++) {
		snprintf(path, sizeof(path), "proc/%d/%s", (int)pid, *n);
		err = capture_text_file(w, sr, path);
		if (err < 0)
			return err;
	}
	snprintf(path, sizeof(path), "proc/%d/smaps", (int)pid);
	err = sysroot_read_text(sr, path, TEXT_MAX, &smaps);
	if (err < 0)
		return err;
	err = cap_put_text(w, path, smaps, strlen(smaps));
	if (err < 0)
		return err;
	err = capture_links(w, sr, pid);
	if (err < 0)
		return err;

	/* The pagemap array ends after the last VMA. */
	f = fmemopen(smaps, strlen(smaps), "r");
	if (!f)
		return -errno;
	maps_init_stream(&it, f, true);
	while ((err = maps_next(&it, &v)) > 0) {
		if (!(v.path && strcmp(v.path, "[vsyscall]") == 0) &&
		    (v.end >> 12) > max_vpn)
			max_vpn = v.end >> 12;
		vma_clear(&v);
	}
	maps_close(&it);
	if (err < 0)
		return err;

	err = pagemap_open(&pm, sr, pid);
	if (err < 0)
		return err;
	buf = malloc(PAGEMAP_BATCH * sizeof(uint64_t));
	if (!buf) {
		pagemap_close(&pm);
		return -ENOMEM;
	}
	snprintf(path, sizeof(path), "proc/%d/pagemap", (int)pid);
	err = cap_u64_begin(w, path, max_vpn);
	f = fmemopen(smaps, strlen(smaps), "r");
	if (!f)
		err = -errno;
	else
		maps_init_stream(&it, f, true);
	while (err >= 0 && f && (err = maps_next(&it, &v)) > 0) {
		enum map_kind mk = vma_map_kind(&v);

		for (size_t i = 0; i < (nranges ? nranges : 1) && err >= 0; i++) {
			uint64_t s = v.start, e = v.end;

			if (v.path && strcmp(v.path, "[vsyscall]") == 0)
				break;
			if (nranges) {
				s = ranges[i].start > s ? ranges[i].start & ~0xfffULL : s;
				e = ranges[i].end < e
					    ? (ranges[i].end + 0xfff) & ~0xfffULL
					    : e;
			}
			if (mk == MK_DEVMEM || mk == MK_VFIO || mk == MK_PCI_RESOURCE) {
				/* The PFNs come from the offset: capture their
				 * kpageflags. */
				if (s < e)
					err = add_run(runs, nruns, &cap,
						      (v.offset >> 12) +
							      ((s - v.start) >> 12),
						      (e - s) >> 12);
				continue;
			}
			for (uint64_t vpn = s >> 12; vpn < (e >> 12) && err >= 0;) {
				size_t want = (e >> 12) - vpn < PAGEMAP_BATCH
						      ? (size_t)((e >> 12) - vpn)
						      : PAGEMAP_BATCH;
				long got = pagemap_read(&pm, vpn, want, buf);

				if (got < 0) {
					err = (int)got;
					break;
				}
				if (got == 0)
					break;
				err = cap_u64_add(w, vpn, buf, (size_t)got);
				st->pagemap_entries += (uint64_t)got;
				for (long j = 0; j < got && err >= 0;) {
					uint64_t pfn = buf[j] & PM_PFN_MASK, n = 1;

					if (!(buf[j] & PM_PRESENT)) {
						j++;
						continue;
					}
					while (j + (long)n < got &&
					       (buf[j + n] & PM_PRESENT) &&
					       (buf[j + n] & PM_PFN_MASK) == pfn + n)
						n++;
					err = add_run(runs, nruns, &cap, pfn, n);
					j += (long)n;
				}
				vpn += (uint64_t)got;
			}
		}
		vma_clear(&v);
	}
	if (f)
		maps_close(&it);
	pagemap_close(&pm);
	if (err < 0)
		return err;
	return cap_u64_end(w);
}

static int write_array(struct cap_writer *w, const struct sysroot *sr, const char *path,
		       uint64_t entries, const struct addr_range *runs, size_t nruns)
{
	_cleanup_close_ int fd = sysroot_open(sr, path);
	_cleanup_free_ uint64_t *buf = NULL;
	int err;

	if (fd < 0)
		return fd == -ENOENT && strcmp(path, "proc/kpagecount") == 0 ? 0 : fd;
	buf = malloc(65536 * sizeof(uint64_t));
	if (!buf)
		return -ENOMEM;
	err = cap_u64_begin(w, path, entries);
	for (size_t i = 0; i < nruns && err >= 0; i++) {
		uint64_t pfn = runs[i].start,
			 end = runs[i].end < entries ? runs[i].end : entries;

		while (pfn < end && err >= 0) {
			size_t want = end - pfn < 65536 ? (size_t)(end - pfn) : 65536;
			ssize_t n = pread(fd, buf, want * 8, (off_t)(pfn * 8));

			if (n < 0) {
				err = -errno;
				break;
			}
			if (n < 8)
				break;
			err = cap_u64_add(w, pfn, buf, (size_t)n / 8);
			pfn += (uint64_t)n / 8;
		}
	}
	if (err < 0)
		return err;
	return cap_u64_end(w);
}

int capture_kpages(struct cap_writer *w, const struct sysroot *sr, uint64_t kpf_entries,
		   struct addr_range *runs, size_t nruns, struct capture_stats *st)
{
	size_t n = addr_ranges_normalize(runs, nruns);
	int err;

	st->pfn_runs = n;
	st->kpageflags_eof = kpf_entries;
	for (size_t i = 0; i < n; i++)
		st->pfns += runs[i].end - runs[i].start;
	err = write_array(w, sr, "proc/kpageflags", kpf_entries, runs, n);
	if (err < 0)
		return err;
	return write_array(w, sr, "proc/kpagecount", kpf_entries, runs, n);
}
