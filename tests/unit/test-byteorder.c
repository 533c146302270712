// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Byte order: capture files are little-endian on every host (byteorder.h), while
 * /proc/kpageflags (and a sysroot copy of it) is read in host order without conversion.
 * Built by scripts/ppc32-check.sh with PFN_EXPECT_BIG_ENDIAN=1 and PFN_EXPECT_ILP32=1 so
 * that the run under qemu-ppc proves it really is a 32-bit big-endian target.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "byteorder.h"
#include "kpage.h"
#include "kpf.h"
#include "unit.h"

static void test_host_order(void)
{
	uint32_t word = 0x01020304;
	unsigned char b[4];
	bool big;

	memcpy(b, &word, sizeof(b));
	big = b[0] == 0x01;
	CHECK(big ? (b[1] == 2 && b[2] == 3 && b[3] == 4) : (b[0] == 4 && b[3] == 1));
#if defined(__BYTE_ORDER__)
	CHECK_INT(big, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
#endif
#ifdef PFN_EXPECT_BIG_ENDIAN
	CHECK_INT(big, PFN_EXPECT_BIG_ENDIAN);
#endif
#ifdef PFN_EXPECT_ILP32
	CHECK_INT(sizeof(long), 4);
	CHECK_INT(sizeof(void *), 4);
#endif
	/* Large-file offsets everywhere: kpageflags offsets are PFN * 8. */
	CHECK_INT(sizeof(off_t), 8);
	printf("host: %s-endian, %u-bit long, %u-bit off_t\n", big ? "big" : "little",
	       (unsigned)(8 * sizeof(long)), (unsigned)(8 * sizeof(off_t)));
}

static void test_le64(void)
{
	unsigned char b[8];
	static const unsigned char want[8] = { 0xef, 0xcd, 0xab, 0x89,
					       0x67, 0x45, 0x23, 0x01 };

	le64_put(b, 0x0123456789abcdefULL);
	CHECK(memcmp(b, want, 8) == 0);
	CHECK_U64(le64_get(want), 0x0123456789abcdefULL);
	le64_put(b, UINT64_MAX);
	CHECK_U64(le64_get(b), UINT64_MAX);
	le64_put(b, 1);
	CHECK(b[0] == 1 && b[7] == 0);
}

/* A sysroot kpageflags written in host order reads back unchanged through kpage. */
static void test_kpage_host_order(void)
{
	const char *tmp = getenv("TESTS_TMP");
	uint64_t flags[3] = { KPF(KPF_RESERVED) | KPF(KPF_ZERO_PAGE), KPF(KPF_THP) | 1,
			      KPF(KPF_NOPAGE) };
	uint64_t count[3] = { 0, 2, 0x0102030405060708ULL };
	struct kpage_info ki;
	struct sysroot sr;
	struct kpage kp;
	char dir[4096];
	int dfd, fd;

	snprintf(dir, sizeof(dir), "%s/test-byteorder.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	if (dfd < 0)
		return;
	CHECK_INT(mkdirat(dfd, "proc", 0755), 0);
	fd = openat(dfd, "proc/kpageflags", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, flags, sizeof(flags)) == (ssize_t)sizeof(flags));
	close(fd);
	fd = openat(dfd, "proc/kpagecount", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, count, sizeof(count)) == (ssize_t)sizeof(count));
	close(fd);

	CHECK_INT(sysroot_init(&sr, dir), 0);
	CHECK_INT(kpage_open(&kp, &sr), 0);
	CHECK_INT(kpage_get(&kp, 0, 3, &ki), 0);
	CHECK_U64(ki.flags, KPF(KPF_RESERVED) | KPF(KPF_ZERO_PAGE));
	CHECK(!ki.eof);
	CHECK(ki.have_count);
	CHECK_INT(kpage_get(&kp, 1, 2, &ki), 0);
	CHECK_U64(ki.flags, KPF(KPF_THP) | 1);
	CHECK_U64(ki.count, 2);
	CHECK_INT(kpage_get(&kp, 2, 1, &ki), 0);
	CHECK_U64(ki.flags, KPF(KPF_NOPAGE));
	CHECK_U64(ki.count, 0x0102030405060708ULL);
	CHECK_INT(kpage_get(&kp, 3, 1, &ki), 0);
	CHECK(ki.eof);
	/* Far past the end (and past 4 GiB of file offset): EOF, no error. */
	CHECK_INT(kpage_get(&kp, 0x100000000ULL, 1, &ki), 0);
	CHECK(ki.eof);
	CHECK_INT(kpage_get(&kp, UINT64_MAX, 1, &ki), 0);
	CHECK(ki.eof);
	kpage_close(&kp);
	sysroot_fini(&sr);

	unlinkat(dfd, "proc/kpageflags", 0);
	unlinkat(dfd, "proc/kpagecount", 0);
	unlinkat(dfd, "proc", AT_REMOVEDIR);
	close(dfd);
	CHECK_INT(rmdir(dir), 0);
}

int main(void)
{
	test_host_order();
	test_le64();
	test_kpage_host_order();
	return unit_exit("test-byteorder");
}
