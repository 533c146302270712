// SPDX-License-Identifier: GPL-2.0-or-later
#include "sysroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"

int sysroot_init(struct sysroot *sr, const char *dir)
{
	struct stat st;

	if (!dir || !*dir)
		dir = "/";
	sr->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sr->dirfd < 0)
		return -errno;
	sr->path = strdup(dir);
	if (!sr->path) {
		close(sr->dirfd);
		sr->dirfd = -1;
		return -ENOMEM;
	}
	sr->live = false;
	sr->npre = 0;
	if (fstat(sr->dirfd, &st) == 0) {
		struct stat root;

		if (stat("/", &root) == 0 && root.st_dev == st.st_dev &&
		    root.st_ino == st.st_ino)
			sr->live = true;
	}
	return 0;
}

void sysroot_fini(struct sysroot *sr)
{
	for (size_t i = 0; i < sr->npre; i++) {
		close(sr->pre[i].fd);
		free(sr->pre[i].relpath);
	}
	sr->npre = 0;
	if (sr->dirfd >= 0)
		close(sr->dirfd);
	sr->dirfd = -1;
	free(sr->path);
	sr->path = NULL;
}

static const char *strip_slash(const char *p)
{
	while (*p == '/')
		p++;
	return *p ? p : ".";
}

int sysroot_open(const struct sysroot *sr, const char *relpath)
{
	const char *rel = strip_slash(relpath);
	int fd;

	for (size_t i = 0; i < sr->npre; i++) {
		if (strcmp(sr->pre[i].relpath, rel) != 0)
			continue;
		fd = fcntl(sr->pre[i].fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		/* The duplicate shares the file position: start from the beginning. */
		if (lseek(fd, 0, SEEK_SET) < 0 && errno != ESPIPE) {
			int err = -errno;

			close(fd);
			return err;
		}
		return fd;
	}
	fd = openat(sr->dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	return fd < 0 ? -errno : fd;
}

int sysroot_preopen(struct sysroot *sr, const char *relpath)
{
	const char *rel = strip_slash(relpath);
	int fd;

	for (size_t i = 0; i < sr->npre; i++)
		if (strcmp(sr->pre[i].relpath, rel) == 0)
			return 0;
	if (sr->npre >= SYSROOT_PREOPEN_MAX)
		return -ENOSPC;
	fd = openat(sr->dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	sr->pre[sr->npre].relpath = strdup(rel);
	if (!sr->pre[sr->npre].relpath) {
		close(fd);
		return -ENOMEM;
	}
	sr->pre[sr->npre++].fd = fd;
	return 0;
}

bool sysroot_exists(const struct sysroot *sr, const char *relpath)
{
	return faccessat(sr->dirfd, strip_slash(relpath), F_OK, 0) == 0;
}

int sysroot_fopen(const struct sysroot *sr, const char *relpath, FILE **out)
{
	int fd = sysroot_open(sr, relpath);
	FILE *f;

	if (fd < 0)
		return fd;
	f = fdopen(fd, "re");
	if (!f) {
		int err = -errno;

		close(fd);
		return err;
	}
	*out = f;
	return 0;
}

int sysroot_read_text(const struct sysroot *sr, const char *relpath, size_t max,
		      char **out)
{
	size_t len;

	return sysroot_read_file(sr, relpath, max, out, &len);
}

int sysroot_read_file(const struct sysroot *sr, const char *relpath, size_t max,
		      char **out, size_t *outlen)
{
	_cleanup_close_ int fd = sysroot_open(sr, relpath);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb;

			if (cap > max)
				return -EFBIG;
			nb = realloc(buf, ncap + 1);
			if (!nb)
				return -ENOMEM;
			buf = nb;
			cap = ncap;
		}
		/* Small reads: some /proc files allocate a kernel buffer of the read
		 * size. */
		n = read(fd, buf + len, cap - len < 65536 ? cap - len : 65536);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	buf[len] = '\0';
	*out = TAKE_PTR(buf);
	*outlen = len;
	return 0;
}

int sysroot_describe(const struct sysroot *sr, const char *relpath, char *buf, size_t len)
{
	const char *root = sr->live ? "" : sr->path;
	size_t rl = strlen(root);
	int n;

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	n = snprintf(buf, len, "%.*s/%s", (int)rl, root, strip_slash(relpath));
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

long sysroot_pread_u64(int fd, uint64_t index, size_t n, uint64_t *out)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)(out + got), (n - got) * 8,
				  (off_t)((index + got) * 8));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		if (r % 8)
			return -EIO;
		got += (size_t)r / 8;
	}
	return (long)got;
}
