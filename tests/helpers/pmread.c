/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmread: the live tests' own reader of /proc/PID/pagemap, independent of pfnclass.
 *
 *   pmread PID START END      print "VADDR PFN" (hex) for every present page
 *   pmread -c PID START END   print only the number of present pages
 *
 * START and END are virtual addresses (END exclusive, both page aligned, any base
 * strtoull accepts). The whole range is read with one pread().
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG	    ((uint64_t)4096)
#define PM_PRESENT  (UINT64_C(1) << 63)
#define PM_PFN_MASK ((UINT64_C(1) << 55) - 1)

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return (errno || end == s || *end) ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t start, end, npages, present = 0, *buf;
	int count_only = 0, fd;
	char path[64];
	ssize_t got;
	long pid;

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		count_only = 1;
		argv++;
		argc--;
	}
	if (argc != 4 || (pid = strtol(argv[1], NULL, 10)) <= 0 ||
	    parse_u64(argv[2], &start) < 0 || parse_u64(argv[3], &end) < 0 ||
	    end <= start || start % PG || end % PG) {
		fprintf(stderr,
			"usage: pmread [-c] PID START END (page aligned, END > START)\n");
		return 2;
	}
	npages = (end - start) / PG;
	buf = malloc(npages * sizeof(*buf));
	if (!buf) {
		perror("pmread: malloc");
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/pagemap", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "pmread: %s: %s\n", path, strerror(errno));
		return 1;
	}
	got = pread(fd, buf, npages * sizeof(*buf), (off_t)(start / PG * sizeof(*buf)));
	if (got < 0 || (uint64_t)got != npages * sizeof(*buf)) {
		fprintf(stderr, "pmread: %s: short read (%zd of %" PRIu64 " bytes): %s\n",
			path, got, npages * (uint64_t)sizeof(*buf),
			got < 0 ? strerror(errno) : "");
		return 1;
	}
	close(fd);

	for (uint64_t i = 0; i < npages; i++) {
		if (!(buf[i] & PM_PRESENT))
			continue;
		present++;
		if (!count_only)
			printf("0x%" PRIx64 " 0x%" PRIx64 "\n", start + i * PG,
			       buf[i] & PM_PFN_MASK);
	}
	if (count_only)
		printf("%" PRIu64 "\n", present);
	free(buf);
	return fflush(stdout) ? 1 : 0;
}
