// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: capture files (cap_extract) extracted into a scratch directory. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>

#include "capfmt.h"
#include "fuzz.h"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (ftw->level > 0)
		remove(path);
	return 0;
}

static char dir[64];

static void rm_dir(void)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cap_stats st = { 0 };
	uint64_t off = 0;
	FILE *f;
	int dfd, err;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz-capfmt.XXXXXX");
		FUZZ_ASSERT(mkdtemp(dir) != NULL);
		atexit(rm_dir);
	}
	f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
	if (!f)
		return 0;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	FUZZ_ASSERT(dfd >= 0);
	/* A small bound: large expansions are legal but only cost time here. */
	err = cap_extract_limit(f, dfd, &st, &off, UINT64_C(1) << 20);
	FUZZ_ASSERT(err <= 0);
	close(dfd);
	fclose(f);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
