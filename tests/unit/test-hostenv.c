// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for host facts (src/hostenv.c): CONFIG_SMP from the version string. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostenv.h"
#include "unit.h"

static void test_smp(void)
{
	CHECK(hostenv_version_is_smp(
		"#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-1 (2025-01-01)"));
	CHECK(hostenv_version_is_smp("#1 SMP Thu Jan 1 00:00:00 UTC 2015"));
	CHECK(hostenv_version_is_smp("#2 PREEMPT SMP Mon Feb 3 2014"));
	CHECK(hostenv_version_is_smp("#1 SMP"));
	CHECK(hostenv_version_is_smp("#1 SMP\n"));
	CHECK(hostenv_version_is_smp("SMP"));
	CHECK(hostenv_version_is_smp("#5 SMPX SMP Tue"));
	CHECK(!hostenv_version_is_smp(""));
	CHECK(!hostenv_version_is_smp("#1 PREEMPT Tue Jan 1 00:00:00 UTC 2013"));
	CHECK(!hostenv_version_is_smp("#1 Tue Jan 1 00:00:00 UTC 2013"));
	CHECK(!hostenv_version_is_smp("#1 SMPX Tue"));
	CHECK(!hostenv_version_is_smp("#1 XSMP Tue"));
	CHECK(!hostenv_version_is_smp("#1 PREEMPT_SMP"));
	CHECK(!hostenv_version_is_smp("#1 smp"));
	CHECK(!hostenv_version_is_smp("SM"));
}

static int write_file(int dirfd, const char *path, const char *text)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t n = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -EIO;
	}
	return close(fd) < 0 ? -errno : 0;
}

static void test_read(void)
{
	const char *tmp = getenv("TESTS_TMP");
	char dir[4096];
	struct sysroot sr;
	struct hostenv he;
	int dfd;

	snprintf(dir, sizeof(dir), "%s/test-hostenv.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	if (dfd < 0)
		return;
	CHECK_INT(mkdirat(dfd, "proc", 0755), 0);
	CHECK_INT(mkdirat(dfd, "proc/sys", 0755), 0);
	CHECK_INT(mkdirat(dfd, "proc/sys/kernel", 0755), 0);
	CHECK_INT(write_file(dfd, "proc/sys/kernel/osrelease", "6.1.0-30-powerpc-smp\n"),
		  0);
	CHECK_INT(write_file(dfd, "proc/sys/kernel/version",
			     "#1 SMP Debian 6.1.124-1 (2025-01-12)\n"),
		  0);

	CHECK_INT(sysroot_init(&sr, dir), 0);
	CHECK(!sr.live);
	CHECK_INT(hostenv_read(&sr, &he), 0);
	CHECK_STR(he.release, "6.1.0-30-powerpc-smp");
	CHECK_STR(he.version, "#1 SMP Debian 6.1.124-1 (2025-01-12)");
	CHECK(he.smp_known);
	CHECK(he.smp);
	hostenv_free(&he);
	CHECK(he.release == NULL);

	/* A UP e500 kernel. */
	CHECK_INT(write_file(dfd, "proc/sys/kernel/version", "#1 Tue Jan 1 2013\n"), 0);
	CHECK_INT(hostenv_read(&sr, &he), 0);
	CHECK(he.smp_known);
	CHECK(!he.smp);
	hostenv_free(&he);

	/* No version file: SMP unknown, release still read. */
	CHECK_INT(unlinkat(dfd, "proc/sys/kernel/version", 0), 0);
	CHECK_INT(hostenv_read(&sr, &he), 0);
	CHECK(!he.smp_known);
	CHECK(he.version == NULL);
	CHECK_STR(he.release, "6.1.0-30-powerpc-smp");
	hostenv_free(&he);
	sysroot_fini(&sr);

	unlinkat(dfd, "proc/sys/kernel/osrelease", 0);
	unlinkat(dfd, "proc/sys/kernel", AT_REMOVEDIR);
	unlinkat(dfd, "proc/sys", AT_REMOVEDIR);
	unlinkat(dfd, "proc", AT_REMOVEDIR);
	close(dfd);
	CHECK_INT(rmdir(dir), 0);
}

int main(void)
{
	test_smp();
	test_read();
	return unit_exit("test-hostenv");
}
