// SPDX-License-Identifier: GPL-2.0-or-later
#include "pagemap.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>


int pagemap_open(struct pagemap *pm, const struct sysroot *sr, pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "proc/%d/pagemap", (int)pid);
	fd = sysroot_open(sr, path);
	if (fd < 0)
		return fd;
	pm->fd = fd;
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
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(pm->fd, (char *)(out + got), (n - got) * 8,
				  (off_t)((vpn + got) * 8));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		got += (size_t)r / 8;
		if (r % 8)
			return -EIO;
	}
	return (long)got;
}
