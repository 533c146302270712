// SPDX-License-Identifier: GPL-2.0-or-later
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "macro.h"

/* Remove the tree below DIRFD (only what extraction can create: dirs, files, links). */
static void remove_tree(int dirfd)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;

	if (!d) {
		close(dirfd);
		return;
	}
	while ((de = readdir(d))) {
		int fd;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd, de->d_name, 0) == 0)
			continue;
		fd = openat(dirfd, de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			remove_tree(fd);
		unlinkat(dirfd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

void capture_input_close(struct capture_input *in)
{
	if (in->dir) {
		int fd = open(in->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (fd >= 0)
			remove_tree(fd);
		rmdir(in->dir);
	}
	free(in->dir);
	memset(in, 0, sizeof(*in));
}

static void read_meta(struct capture_input *in, int dirfd)
{
	int fd = openat(dirfd, CAPTURE_META, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char line[256];
	FILE *f;

	if (fd < 0)
		return;
	f = fdopen(fd, "re");
	if (!f) {
		close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		int pid;

		if (sscanf(line, "pid %d", &pid) == 1 && pid > 0 &&
		    in->npids < ARRAY_SIZE(in->pids))
			in->pids[in->npids++] = pid;
		if (sscanf(line, "vm %d", &pid) == 1 && pid > 0 &&
		    in->nvms < ARRAY_SIZE(in->vms))
			in->vms[in->nvms++] = pid;
	}
	fclose(f);
}

const char *capture_input_tmpdir(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && *tmp ? tmp : "/tmp";
}

int capture_input_open(const char *file, struct capture_input *in, uint64_t *offset)
{
	_cleanup_fclose_ FILE *f = NULL;
	const char *tmp = capture_input_tmpdir();
	char templ[PATH_MAX];
	int dirfd, err;

	memset(in, 0, sizeof(*in));
	f = fopen(file, "re");
	if (!f)
		return -errno;
	snprintf(templ, sizeof(templ), "%s/pfnclass-input.XXXXXX", tmp);
	if (!mkdtemp(templ))
		return -errno;
	in->dir = strdup(templ);
	if (!in->dir) {
		rmdir(templ);
		return -ENOMEM;
	}
	dirfd = open(in->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		err = -errno;
		capture_input_close(in);
		return err;
	}
	err = cap_extract(f, dirfd, &in->st, offset);
	if (err == 0)
		read_meta(in, dirfd);
	close(dirfd);
	if (err < 0)
		capture_input_close(in);
	return err;
}
