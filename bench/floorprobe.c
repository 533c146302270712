/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floorprobe: the read floor that pfnclass is measured against. It does only the reads,
 * best batched, and no classification:
 *
 *   floorprobe floor PID     every VMA of PID: pagemap in 64k-entry preads, then one
 *                            kpageflags pread per run of consecutive present PFNs
 *   floorprobe pagemap PID   every VMA of PID: pagemap only (the full read)
 *   floorprobe merge PID GAP like floor, but the runs of each batch are sorted by PFN and
 *                            runs less than GAP entries apart are read in one pread
 *   floorprobe host          all of kpageflags, 0 to EOF, in 64k-entry preads
 *
 * It prints what it read (entries, present pages, runs, preads) on stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH	 65536
#define PRESENT	 (UINT64_C(1) << 63)
#define PFN_MASK ((UINT64_C(1) << 55) - 1)

struct stats {
	uint64_t entries, present, runs, preads, swept;
};

static void die(const char *what)
{
	fprintf(stderr, "floorprobe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t read_all(int fd, uint64_t *buf, size_t n, uint64_t idx, struct stats *st)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)(buf + got), (n - got) * 8,
				  (off_t)((idx + got) * 8));

		st->preads++;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("pread");
		if (r == 0)
			break;
		got += (size_t)r / 8;
	}
	return got;
}

struct run {
	uint64_t pfn, n;
};

static int cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/*
 * Gap merging: sort the batch's runs by PFN and read runs separated by at most GAP
 * entries in one pread (reading the gap too).
 */
static void read_merged(int kpf, struct run *runs, size_t nr, uint64_t gap,
			uint64_t *kbuf, struct stats *st)
{
	qsort(runs, nr, sizeof(*runs), cmp_run);
	for (size_t i = 0; i < nr;) {
		uint64_t s = runs[i].pfn, e = s + runs[i].n;
		size_t j = i + 1;

		while (j < nr && runs[j].pfn <= e + gap &&
		       runs[j].pfn + runs[j].n - s <= BATCH) {
			if (runs[j].pfn + runs[j].n > e)
				e = runs[j].pfn + runs[j].n;
			j++;
		}
		read_all(kpf, kbuf, e - s, s, st);
		st->swept += e - s;
		i = j;
	}
}

static void probe_vma(int pm, int kpf, uint64_t start, uint64_t end, bool flags, long gap,
		      uint64_t *pbuf, uint64_t *kbuf, struct stats *st)
{
	static struct run runs[BATCH];
	size_t nr;

	for (uint64_t vpn = start / 4096; vpn < end / 4096;) {
		size_t want =
			end / 4096 - vpn < BATCH ? (size_t)(end / 4096 - vpn) : BATCH;
		size_t got = read_all(pm, pbuf, want, vpn, st);

		st->entries += got;
		nr = 0;
		for (size_t i = 0; flags && i < got;) {
			uint64_t pfn;
			size_t j = i + 1;

			if (!(pbuf[i] & PRESENT)) {
				i++;
				continue;
			}
			pfn = pbuf[i] & PFN_MASK;
			while (j < got && (pbuf[j] & PRESENT) &&
			       (pbuf[j] & PFN_MASK) == pfn + (j - i))
				j++;
			st->present += j - i;
			st->runs++;
			if (gap < 0)
				read_all(kpf, kbuf, j - i, pfn, st);
			else
				runs[nr++] = (struct run){ pfn, j - i };
			i = j;
		}
		if (nr)
			read_merged(kpf, runs, nr, (uint64_t)gap, kbuf, st);
		if (got < want)
			break;
		vpn += got;
	}
}

int main(int argc, char **argv)
{
	static uint64_t pbuf[BATCH], kbuf[BATCH];
	struct stats st = { 0 };
	char path[64], line[4096];
	int kpf = -1, pm;
	bool flags;
	long gap = -1;
	FILE *maps;

	if (argc == 2 && strcmp(argv[1], "host") == 0) {
		size_t got;

		kpf = open("/proc/kpageflags", O_RDONLY);
		if (kpf < 0)
			die("/proc/kpageflags");
		do {
			got = read_all(kpf, kbuf, BATCH, st.entries, &st);
			st.entries += got;
		} while (got == BATCH);
		printf("kpageflags entries %" PRIu64 " preads %" PRIu64 "\n", st.entries,
		       st.preads);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "merge") == 0) {
		gap = strtol(argv[3], NULL, 0);
		argv[1] = "floor";
		argc = 3;
	}
	if (argc != 3 || (strcmp(argv[1], "floor") && strcmp(argv[1], "pagemap"))) {
		fprintf(stderr, "usage: floorprobe floor|pagemap PID | floorprobe merge "
				"PID GAP | "
				"floorprobe host\n");
		return 2;
	}
	flags = strcmp(argv[1], "floor") == 0;
	snprintf(path, sizeof(path), "/proc/%s/maps", argv[2]);
	maps = fopen(path, "re");
	if (!maps)
		die(path);
	snprintf(path, sizeof(path), "/proc/%s/pagemap", argv[2]);
	pm = open(path, O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		die(path);
	if (flags) {
		kpf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
		if (kpf < 0)
			die("/proc/kpageflags");
	}
	while (fgets(line, sizeof(line), maps)) {
		unsigned long long s, e;

		if (sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		if (s >= 0xffff800000000000ULL)
			continue; /* [vsyscall] has no pagemap */
		probe_vma(pm, kpf, s, e, flags, gap, pbuf, kbuf, &st);
	}
	printf("pagemap entries %" PRIu64 " present %" PRIu64 " runs %" PRIu64
	       " preads %" PRIu64 " swept %" PRIu64 "\n",
	       st.entries, st.present, st.runs, st.preads, st.swept);
	return 0;
}
