/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mutator: a test process that changes its address space while pfnclass scans it.
 *
 * Setup, then one line per region ("NAME START END", hex, END exclusive) and
 * "ready PID SEED":
 *   -w SIZE   "wide": private anonymous, MADV_NOHUGEPAGE; every other page of its first
 *             eighth written, then one page in 64 (many ranges, so a scan's output is
 *             large and a reader can hold the scanner inside this region)
 *   -q SIZE   "ram": private anonymous with MADV_DONTFORK (VmFlags dc, what QEMU's guest
 *             RAM looks like), every 16th page written
 *   -c        churn until the end: map, write and unmap regions, MADV_DONTNEED and
 *             MADV_PAGEOUT parts of them, move them with mremap, split THPs by
 *             mprotect of half a huge page and merge them back, fork children that
 *             write a page and exit
 *   -x MS     exit by itself at a random point within MS milliseconds of "ready"
 *   -l MS     exit by itself after MS milliseconds (default 600000)
 *   -S SEED   seed for the random choices (default: from the clock; printed)
 *   -s        ignore standard input (otherwise its end of file ends the process)
 *
 * Signals: SIGUSR1 unmaps the upper half of "wide" and prints "unmapped START END";
 * SIGUSR2 maps a memfd over the upper half of "ram" (MAP_FIXED: another object at the
 * same addresses) and prints "replaced START END"; SIGTERM/SIGINT exit.
 * Arguments after "--" are ignored (a test can give a QEMU-like command line there).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sizearg.h"

#define PG     4096UL
#define HPAGE  (2UL << 20)
#define NSLOTS 16

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

struct slot {
	unsigned char *addr;
	size_t size;
};

struct state {
	unsigned char *wide, *ram, *thp;
	size_t wide_size, ram_size;
	struct slot slot[NSLOTS];
	uint64_t rnd;
};

static void die(const char *what)
{
	fprintf(stderr, "mutator: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int parse_size(const char *s, size_t *out)
{
	uint64_t v;

	if (parse_size_arg(s, &v) < 0)
		return -1;
	*out = (size_t)((v + PG - 1) & ~(uint64_t)(PG - 1));
	return 0;
}

static uint64_t rnd(struct state *s)
{
	/* xorshift64*: reproducible from the printed seed. */
	s->rnd ^= s->rnd >> 12;
	s->rnd ^= s->rnd << 25;
	s->rnd ^= s->rnd >> 27;
	return s->rnd * 2685821657736338717ULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void setup_wide(struct state *s)
{
	size_t pages = s->wide_size / PG, dense = pages / 8;

	s->wide = map_anon(s->wide_size);
	if (!s->wide)
		die("mmap wide");
	madvise(s->wide, s->wide_size, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < pages; i += i < dense ? 2 : 64)
		s->wide[i * PG] = 1;
	printf("wide 0x%lx 0x%lx\n", (unsigned long)s->wide,
	       (unsigned long)(s->wide + s->wide_size));
}

static void setup_ram(struct state *s)
{
	s->ram = map_anon(s->ram_size);
	if (!s->ram)
		die("mmap ram");
	if (madvise(s->ram, s->ram_size, MADV_DONTFORK) < 0)
		die("madvise MADV_DONTFORK");
	for (size_t off = 0; off < s->ram_size; off += 16 * PG)
		s->ram[off] = 1;
	printf("ram 0x%lx 0x%lx\n", (unsigned long)s->ram,
	       (unsigned long)(s->ram + s->ram_size));
}

/* One THP-backed 2 MiB page (when THP is available), for the split step. */
static void setup_thp(struct state *s)
{
	unsigned char *p = map_anon(2 * HPAGE);

	if (!p)
		die("mmap thp");
	s->thp = (unsigned char *)(((uintptr_t)p + HPAGE - 1) & ~(HPAGE - 1));
	madvise(s->thp, HPAGE, MADV_HUGEPAGE);
	memset(s->thp, 1, HPAGE);
}

static void step_slot(struct state *s)
{
	struct slot *sl = &s->slot[rnd(s) % NSLOTS];
	size_t pages;

	if (sl->addr) {
		switch (rnd(s) % 4) {
		case 0: /* unmap */
			munmap(sl->addr, sl->size);
			sl->addr = NULL;
			return;
		case 1: /* drop half of it */
			madvise(sl->addr, sl->size / 2 & ~(PG - 1), MADV_DONTNEED);
			return;
		case 2: /* reclaim it (a no-op for anonymous memory without swap) */
			madvise(sl->addr, sl->size, MADV_PAGEOUT);
			return;
		default: { /* move it */
			void *n = mremap(sl->addr, sl->size, sl->size, MREMAP_MAYMOVE);

			if (n != MAP_FAILED)
				sl->addr = n;
			return;
		}
		}
	}
	pages = 1 + rnd(s) % 512;
	sl->size = pages * PG;
	sl->addr = map_anon(sl->size);
	if (!sl->addr)
		return;
	for (size_t i = 0; i < pages; i += 1 + rnd(s) % 3)
		sl->addr[i * PG] = (unsigned char)i;
}

static void step_thp(struct state *s)
{
	/* mprotect of half a huge page splits its PMD mapping; the second call merges the
	 * VMAs. */
	mprotect(s->thp + HPAGE / 2, HPAGE / 2, PROT_READ);
	mprotect(s->thp + HPAGE / 2, HPAGE / 2, PROT_READ | PROT_WRITE);
	if (rnd(s) % 4 == 0) {
		madvise(s->thp, HPAGE, MADV_DONTNEED);
		memset(s->thp, 2, HPAGE);
	}
}

static void step_fork(struct state *s)
{
	pid_t p = fork();

	if (p == 0) {
		if (s->slot[0].addr)
			s->slot[0].addr[0] = 3; /* copy on write */
		_exit(0);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void churn(struct state *s)
{
	unsigned r = (unsigned)(rnd(s) % 16);

	if (r < 12)
		step_slot(s);
	else if (r < 15)
		step_thp(s);
	else
		step_fork(s);
}

static void on_signal(struct state *s, int sig)
{
	if (sig == SIGUSR1 && s->wide) {
		unsigned char *half = s->wide + s->wide_size / 2;

		if (munmap(half, s->wide_size / 2) < 0)
			die("munmap wide");
		printf("unmapped 0x%lx 0x%lx\n", (unsigned long)half,
		       (unsigned long)(s->wide + s->wide_size));
		s->wide_size /= 2;
	} else if (sig == SIGUSR2 && s->ram) {
		unsigned char *half = s->ram + s->ram_size / 2;
		int fd = memfd_create("mutator-replacement", MFD_CLOEXEC);

		if (fd < 0 || ftruncate(fd, (off_t)(s->ram_size / 2)) < 0)
			die("memfd");
		if (mmap(half, s->ram_size / 2, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
			die("mmap over ram");
		close(fd);
		printf("replaced 0x%lx 0x%lx\n", (unsigned long)half,
		       (unsigned long)(s->ram + s->ram_size));
	}
	fflush(stdout);
}

static void usage(void)
{
	fputs("usage: mutator [-w SIZE] [-q SIZE] [-c] [-x MS] [-l MS] [-S SEED] [-s] "
	      "[-- IGNORED...]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct state s = { 0 };
	long long lifetime = 600000, exit_within = 0, end;
	bool do_churn = false, use_stdin = true;
	uint64_t seed = 0;
	sigset_t set;
	int opt;

	while ((opt = getopt(argc, argv, "w:q:cx:l:S:sh")) != -1) {
		switch (opt) {
		case 'w':
			if (parse_size(optarg, &s.wide_size) < 0)
				usage();
			break;
		case 'q':
			if (parse_size(optarg, &s.ram_size) < 0)
				usage();
			break;
		case 'c':
			do_churn = true;
			break;
		case 'x':
			exit_within = atoll(optarg);
			break;
		case 'l':
			lifetime = atoll(optarg);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 's':
			use_stdin = false;
			break;
		default:
			usage();
		}
	}
	if (!seed)
		seed = (uint64_t)now_ms() * 2654435761u ^ (uint64_t)getpid();
	s.rnd = seed ? seed : 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Signals are taken synchronously in the main loop, never in a handler. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (s.wide_size)
		setup_wide(&s);
	if (s.ram_size)
		setup_ram(&s);
	if (do_churn)
		setup_thp(&s);
	printf("ready %d %" PRIu64 "\n", (int)getpid(), seed);
	end = now_ms() + lifetime;
	if (exit_within > 0) {
		long long at = now_ms() + (long long)(rnd(&s) % (uint64_t)exit_within);

		if (at < end)
			end = at;
	}
	for (;;) {
		struct timespec zero = { 0 }, tick = { 0, 10 * 1000000 };
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int sig = sigtimedwait(&set, NULL, do_churn ? &zero : &tick);

		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig > 0)
			on_signal(&s, sig);
		if (now_ms() >= end)
			break;
		if (use_stdin && poll(&p, 1, 0) > 0) {
			char c;

			if (read(0, &c, 1) <= 0)
				break;
		}
		if (do_churn)
			churn(&s);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return 0;
}
