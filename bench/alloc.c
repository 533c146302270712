/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * alloc: a benchmark workload process.
 *
 *   alloc dense GIB THP          GIB of private anonymous memory, one byte written per
 *                                4 KiB page; THP 1 = MADV_HUGEPAGE, 0 = MADV_NOHUGEPAGE
 *   alloc sparse GIB PERMILLE CLUSTER
 *                                a GIB MAP_NORESERVE mapping (MADV_NOHUGEPAGE) in which
 *                                PERMILLE per mille of the pages are written, in clusters
 *                                of CLUSTER consecutive pages spread evenly
 *
 * When the memory is in place it prints "ready PID START END" (hex, END exclusive) on
 * stdout and waits for a signal. It exits by itself after an hour in case it is orphaned.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096UL

static void die(const char *what)
{
	fprintf(stderr, "alloc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long arg(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "alloc: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: alloc dense GIB THP | alloc sparse GIB PERMILLE CLUSTER\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned char *p;
	uint64_t size;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	int advice = MADV_NOHUGEPAGE;

	if (argc < 4)
		usage();
	size = (uint64_t)arg(argv[2]) << 30;
	if (strcmp(argv[1], "sparse") == 0) {
		if (argc != 5)
			usage();
		flags |= MAP_NORESERVE;
	} else if (strcmp(argv[1], "dense") == 0) {
		if (argc != 4)
			usage();
		if (arg(argv[3]))
			advice = MADV_HUGEPAGE;
	} else {
		usage();
	}
	/* Over-allocate by 2 MiB so THP regions can be aligned. */
	p = mmap(NULL, size + (2UL << 20), PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	p = (unsigned char *)(((uintptr_t)p + (2UL << 20) - 1) & ~((2UL << 20) - 1));
	if (madvise(p, size, advice) < 0)
		die("madvise");
	if (argv[1][0] == 'd') {
		for (uint64_t off = 0; off < size; off += PG)
			p[off] = 1;
	} else {
		uint64_t pages = size / PG, permille = arg(argv[3]),
			 cluster = arg(argv[4]);
		uint64_t clusters, stride;

		if (!cluster || !permille || permille > 1000)
			usage();
		clusters = pages * permille / 1000 / cluster;
		stride = clusters ? pages / clusters : pages;
		for (uint64_t c = 0; c < clusters; c++)
			for (uint64_t i = 0; i < cluster; i++)
				p[(c * stride + i) * PG] = 1;
	}
	printf("ready %d %lx %lx\n", (int)getpid(), (unsigned long)p,
	       (unsigned long)(p + size));
	fflush(stdout);
	alarm(3600);
	for (;;)
		pause();
}
