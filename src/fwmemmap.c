// SPDX-License-Identifier: GPL-2.0-or-later
#include "fwmemmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"

#define FWMEMMAP_MAX 4096

static int read_u64(const struct sysroot *sr, const char *path, uint64_t *out)
{
	_cleanup_free_ char *text = NULL;
	char *end;
	int err = sysroot_read_text(sr, path, 64, &text);

	if (err < 0)
		return err;
	errno = 0;
	*out = strtoull(text, &end, 0);
	if (errno || end == text)
		return -EINVAL;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct fw_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int fwmemmap_read(const struct sysroot *sr, struct fwmemmap *fm)
{
	int fd = sysroot_open(sr, "sys/firmware/memmap");
	DIR *d;
	struct dirent *de;
	size_t cap = 0;
	int err = 0;

	memset(fm, 0, sizeof(*fm));
	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	fm->present = true;
	while ((de = readdir(d))) {
		char path[512];
		_cleanup_free_ char *type = NULL;
		struct fw_entry e = { 0 };

		if (de->d_name[0] == '.' ||
		    strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		if (fm->n >= FWMEMMAP_MAX) {
			err = -E2BIG;
			break;
		}
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/start", de->d_name);
		if (read_u64(sr, path, &e.start) < 0)
			continue;
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/end", de->d_name);
		if (read_u64(sr, path, &e.end) < 0 || e.end < e.start)
			continue;
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/type", de->d_name);
		if (sysroot_read_text(sr, path, 128, &type) == 0)
			e.ram = strncmp(type, "System RAM", 10) == 0;
		if (fm->n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct fw_entry *n = realloc(fm->e, ncap * sizeof(*n));

			if (!n) {
				err = -ENOMEM;
				break;
			}
			fm->e = n;
			cap = ncap;
		}
		fm->e[fm->n++] = e;
	}
	closedir(d);
	if (err < 0) {
		fwmemmap_free(fm);
		return err;
	}
	if (fm->n)
		qsort(fm->e, fm->n, sizeof(*fm->e), cmp_entry);
	return 0;
}

void fwmemmap_free(struct fwmemmap *fm)
{
	free(fm->e);
	memset(fm, 0, sizeof(*fm));
}

bool fwmemmap_is_ram(const struct fwmemmap *fm, uint64_t addr)
{
	size_t lo = 0, hi = fm->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fm->e[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Entries may overlap in odd firmware tables: check the neighbours too. */
	for (size_t i = lo; i < fm->n && fm->e[i].start <= addr; i++)
		if (fm->e[i].ram && addr <= fm->e[i].end)
			return true;
	return false;
}
