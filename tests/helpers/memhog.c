/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memhog: a test process with memory regions in known states, for the live tests.
 *
 * It maps the regions, touches them as asked, prints one line per region
 * ("NAME START END", hex, END exclusive), then "ready PID", and waits until its
 * standard input reaches end of file, it gets a signal, or its lifetime runs out.
 *
 *   anon       private anonymous, MADV_NOHUGEPAGE, one byte written per page
 *   zero       private anonymous, MADV_NOHUGEPAGE, only read (the shared zero page)
 *   thp        2 MiB aligned private anonymous, MADV_HUGEPAGE, written
 *   memfd      memfd_create() mapped MAP_SHARED, written
 *   untouched  private anonymous, never accessed (not present)
 *   hugezero   2 MiB aligned private anonymous, MADV_HUGEPAGE, only read
 *
 * Sizes take an optional K, M or G suffix and are rounded up to whole pages
 * (THP regions to 2 MiB); a size of 0 leaves the region out.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "sizearg.h"

#define PG    4096UL
#define HPAGE (2UL << 20)

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

struct region {
	const char *name;
	uint64_t size;
	unsigned char *addr;
};

enum { R_ANON, R_ZERO, R_THP, R_MEMFD, R_UNTOUCHED, R_HUGEZERO, R__COUNT };

static void die(const char *what)
{
	fprintf(stderr, "memhog: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int parse_size(const char *s, uint64_t *out)
{
	return parse_size_arg(s, out);
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

/* Map SIZE bytes of private anonymous memory, aligned to ALIGN. */
static unsigned char *map_anon(uint64_t size, uint64_t align)
{
	unsigned char *p, *start;
	uint64_t span = size + (align > PG ? align : 0);

	p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	if (align <= PG)
		return p;
	start = (unsigned char *)round_up((uintptr_t)p, align);
	if (start > p)
		munmap(p, start - p);
	if (p + span > start + size)
		munmap(start + size, p + span - (start + size));
	return start;
}

static void advise(void *p, uint64_t size, int advice, const char *what)
{
	if (madvise(p, size, advice) < 0)
		die(what);
}

static void write_pages(unsigned char *p, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PG)
		p[off] = (unsigned char)(1 + (off / PG) % 251);
}

/*
 * Write SIZE bytes at P page by page, interleaved with the pages of a scratch
 * buffer that is dropped after each chunk, so that neighbouring pages of P seldom
 * get neighbouring page frames: many short PFN runs, like a long-running guest.
 */
static void write_pages_fragmented(unsigned char *p, uint64_t size)
{
	const uint64_t chunk = 64UL << 20;
	unsigned char *scratch = map_anon(chunk, PG);

	advise(scratch, chunk, MADV_NOHUGEPAGE, "madvise(MADV_NOHUGEPAGE)");
	for (uint64_t base = 0; base < size; base += chunk) {
		uint64_t n = size - base < chunk ? size - base : chunk;

		for (uint64_t off = 0; off < n; off += PG) {
			p[base + off] = (unsigned char)(1 + ((base + off) / PG) % 251);
			scratch[off] = 1;
		}
		advise(scratch, chunk, MADV_DONTNEED, "madvise(MADV_DONTNEED)");
	}
	munmap(scratch, chunk);
}

static unsigned read_pages(const unsigned char *p, uint64_t size)
{
	const volatile unsigned char *v = p;
	unsigned sum = 0;

	for (uint64_t off = 0; off < size; off += PG)
		sum += v[off];
	return sum;
}

static unsigned char *map_memfd(uint64_t size)
{
	unsigned char *p;
	int fd = memfd_create("pfnclass-memhog", MFD_CLOEXEC);

	if (fd < 0)
		die("memfd_create");
	if (ftruncate(fd, (off_t)size) < 0)
		die("ftruncate");
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap memfd");
	close(fd);
	return p;
}

static void usage(FILE *f, int status)
{
	fputs("usage: memhog [-a SIZE] [-z SIZE] [-t SIZE] [-m SIZE] [-u SIZE]\n"
	      "              [-Z SIZE] [-l MILLISECONDS] [-s] [-f]\n"
	      "  -a  anonymous pages written (default 256K)\n"
	      "  -z  anonymous pages only read: shared zero page (default 256K)\n"
	      "  -t  THP region written, MADV_HUGEPAGE (default 2M)\n"
	      "  -m  memfd MAP_SHARED pages written (default 256K)\n"
	      "  -u  untouched anonymous pages (default 256K)\n"
	      "  -Z  THP region only read: huge zero page (default 0)\n"
	      "  -l  exit by itself after this many milliseconds (default 600000)\n"
	      "  -s  ignore standard input; wait only for a signal or the lifetime\n"
	      "  -f  fragment the anon region: write it interleaved with scratch pages\n",
	      f);
	exit(status);
}

/* Wait for end of file on stdin (unless IGNORE_STDIN) or until LIFETIME_MS passes. */
static void wait_for_end(long lifetime_ms, int ignore_stdin)
{
	struct timespec now, deadline;
	char buf[256];

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += lifetime_ms / 1000;
	deadline.tv_nsec += (lifetime_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (;;) {
		struct pollfd pfd = { .fd = 0, .events = POLLIN };
		long left;
		int n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (deadline.tv_sec - now.tv_sec) * 1000L +
		       (deadline.tv_nsec - now.tv_nsec) / 1000000L;
		if (left <= 0)
			return;
		if (ignore_stdin) {
			poll(NULL, 0, left > 1000 ? 1000 : (int)left);
			continue;
		}
		n = poll(&pfd, 1, left > 1000 ? 1000 : (int)left);
		if (n < 0 && errno != EINTR)
			return;
		if (n > 0) {
			ssize_t got = read(0, buf, sizeof(buf));

			if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
				return;
		}
	}
}

int main(int argc, char **argv)
{
	struct region r[R__COUNT] = {
		[R_ANON] = { "anon", 256 << 10, NULL },
		[R_ZERO] = { "zero", 256 << 10, NULL },
		[R_THP] = { "thp", HPAGE, NULL },
		[R_MEMFD] = { "memfd", 256 << 10, NULL },
		[R_UNTOUCHED] = { "untouched", 256 << 10, NULL },
		[R_HUGEZERO] = { "hugezero", 0, NULL },
	};
	static const char opts[R__COUNT] = { 'a', 'z', 't', 'm', 'u', 'Z' };
	long lifetime_ms = 600000;
	int ignore_stdin = 0, fragment = 0, c;
	volatile unsigned sink = 0;

	while ((c = getopt(argc, argv, "a:z:t:m:u:Z:l:sfh")) != -1) {
		const char *hit = c ? memchr(opts, c, sizeof(opts)) : NULL;

		if (hit) {
			if (parse_size(optarg, &r[hit - opts].size) < 0) {
				fprintf(stderr, "memhog: bad size '%s'\n", optarg);
				return 2;
			}
			continue;
		}
		switch (c) {
		case 'l':
			lifetime_ms = strtol(optarg, NULL, 0);
			break;
		case 's':
			ignore_stdin = 1;
			break;
		case 'f':
			fragment = 1;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);

	for (int i = 0; i < R__COUNT; i++) {
		struct region *g = &r[i];

		if (!g->size)
			continue;
		g->size = round_up(g->size, (i == R_THP || i == R_HUGEZERO) ? HPAGE : PG);
		switch (i) {
		case R_ANON:
		case R_ZERO:
		case R_UNTOUCHED:
			g->addr = map_anon(g->size, PG);
			advise(g->addr, g->size, MADV_NOHUGEPAGE,
			       "madvise(MADV_NOHUGEPAGE)");
			break;
		case R_THP:
		case R_HUGEZERO:
			g->addr = map_anon(g->size, HPAGE);
			advise(g->addr, g->size, MADV_HUGEPAGE, "madvise(MADV_HUGEPAGE)");
			break;
		case R_MEMFD:
			g->addr = map_memfd(g->size);
			break;
		}
		if (i == R_ANON && fragment)
			write_pages_fragmented(g->addr, g->size);
		else if (i == R_ANON || i == R_THP || i == R_MEMFD)
			write_pages(g->addr, g->size);
		/* No huge page at fault time (fragmentation)? Ask again (6.1+). */
		if (i == R_THP)
			madvise(g->addr, g->size, MADV_COLLAPSE);
		else if (i == R_ZERO || i == R_HUGEZERO)
			sink += read_pages(g->addr, g->size);
	}
	if (sink)
		fprintf(stderr, "memhog: read-only pages are not zero\n");

	for (int i = 0; i < R__COUNT; i++) {
		if (r[i].size)
			printf("%s 0x%" PRIxPTR " 0x%" PRIxPTR "\n", r[i].name,
			       (uintptr_t)r[i].addr, (uintptr_t)(r[i].addr + r[i].size));
	}
	printf("ready %ld\n", (long)getpid());
	if (fflush(stdout) != 0)
		die("stdout");
	signal(SIGPIPE, SIG_IGN);
	wait_for_end(lifetime_ms, ignore_stdin);
	return 0;
}
