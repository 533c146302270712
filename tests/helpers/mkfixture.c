// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkfixture SPEC DIR: build a fake sysroot tree (proc/iomem, proc/kpageflags,
 * proc/PID/...) from a line-oriented text spec, for pfnclass --sysroot tests. The format
 * is documented in tests/fixtures/README.md. Binary files are written in host byte order,
 * like the kernel's.
 *
 * The kpageflags bit names are listed here on purpose, independently of src/kpf.c, so a
 * wrong bit number in the tool shows up as a test failure.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PM_PRESENT   (UINT64_C(1) << 63)
#define PM_SWAP	     (UINT64_C(1) << 62)
#define PM_FILE	     (UINT64_C(1) << 61)
#define PM_EXCL	     (UINT64_C(1) << 56)
#define PM_SOFTDIRTY (UINT64_C(1) << 55)
#define PM_PFN_MAX   ((UINT64_C(1) << 55) - 1)

#define MAX_PIDS 16
#define CHUNK	 4096 /* entries per pwrite */

static const struct {
	const char *name;
	unsigned bit;
} kpf_bits[] = {
	{ "locked", 0 },	 { "error", 1 },	  { "referenced", 2 },
	{ "uptodate", 3 },	 { "dirty", 4 },	  { "lru", 5 },
	{ "active", 6 },	 { "slab", 7 },		  { "writeback", 8 },
	{ "reclaim", 9 },	 { "buddy", 10 },	  { "mmap", 11 },
	{ "anon", 12 },		 { "swapcache", 13 },	  { "swapbacked", 14 },
	{ "compound_head", 15 }, { "compound_tail", 16 }, { "huge", 17 },
	{ "unevictable", 18 },	 { "hwpoison", 19 },	  { "nopage", 20 },
	{ "ksm", 21 },		 { "thp", 22 },		  { "offline", 23 },
	{ "zero_page", 24 },	 { "idle", 25 },	  { "pgtable", 26 },
	{ "reserved", 32 },	 { "mlocked", 33 },	  { "owner_2", 34 },
	{ "private", 35 },	 { "private_2", 36 },	  { "owner_private", 37 },
	{ "arch", 38 },		 { "uncached", 39 },	  { "softdirty", 40 },
	{ "arch_2", 41 },	 { "arch_3", 42 },
};

struct proc {
	long pid;
	FILE *smaps, *maps;
	int pagemap_fd;
	uint64_t pagemap_end; /* highest VMA end seen */
};

struct state {
	const char *spec;
	unsigned lineno;
	int root; /* dirfd of DIR */
	FILE *iomem;
	int kpf_fd, kpc_fd;
	uint64_t maxpfn;
	bool have_maxpfn, have_kernel;
	struct proc procs[MAX_PIDS];
	size_t nprocs;
	struct proc *cur;
	char *omit[8]; /* removed after everything is written */
	size_t nomit;
	unsigned depth; /* include nesting */
};

static void die(const struct state *s, const char *fmt, ...)
{
	va_list ap;

	if (s && s->lineno)
		fprintf(stderr, "mkfixture: %s:%u: ", s->spec, s->lineno);
	else
		fputs("mkfixture: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void mkdirs(struct state *s, const char *rel)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", rel);
	for (char *p = buf; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdirat(s->root, buf, 0755) < 0 && errno != EEXIST)
			die(s, "mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
	if (mkdirat(s->root, buf, 0755) < 0 && errno != EEXIST)
		die(s, "mkdir %s: %s", buf, strerror(errno));
}

static int create(struct state *s, const char *rel)
{
	char dir[512];
	int fd;

	/* Parent directories first (file lines can name any path). */
	for (size_t i = 1; rel[i] && i < sizeof(dir); i++) {
		if (rel[i] != '/')
			continue;
		snprintf(dir, sizeof(dir), "%.*s", (int)i, rel);
		if (mkdirat(s->root, dir, 0755) < 0 && errno != EEXIST)
			die(s, "mkdir %s: %s", dir, strerror(errno));
	}
	fd = openat(s->root, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		die(s, "create %s: %s", rel, strerror(errno));
	return fd;
}

static FILE *create_text(struct state *s, const char *rel)
{
	FILE *f = fdopen(create(s, rel), "w");

	if (!f)
		die(s, "fdopen %s: %s", rel, strerror(errno));
	return f;
}

static void write_text(struct state *s, const char *rel, const char *text)
{
	FILE *f = create_text(s, rel);

	fputs(text, f);
	if (fclose(f) != 0)
		die(s, "write %s: %s", rel, strerror(errno));
}

static uint64_t parse_num(struct state *s, const char *tok, const char *what)
{
	char *end;
	uint64_t v;

	if (!tok || !isdigit((unsigned char)*tok))
		die(s, "expected %s, got '%s'", what, tok ? tok : "(end of line)");
	errno = 0;
	v = strtoull(tok, &end, 0);
	if (errno || *end)
		die(s, "bad %s '%s'", what, tok);
	return v;
}

static uint64_t parse_hexnum(struct state *s, const char *tok, const char *what)
{
	char *end;
	uint64_t v;

	if (!tok || !isxdigit((unsigned char)*tok))
		die(s, "expected %s, got '%s'", what, tok ? tok : "(end of line)");
	errno = 0;
	v = strtoull(tok, &end, 16);
	if (errno || *end)
		die(s, "bad %s '%s'", what, tok);
	return v;
}

/* "+N" after a start value: a count (default 1). Advances *tok when it was a count. */
static uint64_t parse_count(struct state *s, char ***tok)
{
	uint64_t n;

	if (!**tok || (**tok)[0] != '+')
		return 1;
	n = parse_num(s, **tok + 1, "count");
	if (n == 0)
		die(s, "count must be at least 1");
	(*tok)++;
	return n;
}

static uint64_t parse_kpf(struct state *s, const char *tok)
{
	uint64_t mask = 0;
	char *end;

	if (!tok)
		die(s, "expected kpageflags names or a number");
	if (isdigit((unsigned char)*tok)) {
		errno = 0;
		mask = strtoull(tok, &end, 0);
		if (errno || *end)
			die(s, "bad kpageflags value '%s'", tok);
		return mask;
	}
	while (*tok) {
		size_t n = strcspn(tok, ",");
		size_t i;

		for (i = 0; i < sizeof(kpf_bits) / sizeof(kpf_bits[0]); i++)
			if (strlen(kpf_bits[i].name) == n &&
			    strncmp(kpf_bits[i].name, tok, n) == 0)
				break;
		if (i == sizeof(kpf_bits) / sizeof(kpf_bits[0])) {
			if (n > 3 && strncmp(tok, "bit", 3) == 0 &&
			    isdigit((unsigned char)tok[3]))
				mask |= UINT64_C(1) << (strtoul(tok + 3, NULL, 10) & 63);
			else
				die(s, "unknown kpageflags name '%.*s'", (int)n, tok);
		} else {
			mask |= UINT64_C(1) << kpf_bits[i].bit;
		}
		tok += n;
		if (*tok == ',')
			tok++;
	}
	return mask;
}

/* Write N u64 values VAL, VAL+STEP, ... at entry index IDX of FD (host byte order). */
static void write_entries(struct state *s, int fd, uint64_t idx, uint64_t n, uint64_t val,
			  uint64_t step)
{
	uint64_t buf[CHUNK];

	while (n) {
		size_t k = n < CHUNK ? (size_t)n : CHUNK;
		size_t bytes = k * sizeof(uint64_t);

		for (size_t i = 0; i < k; i++, val += step)
			buf[i] = val;
		if (pwrite(fd, buf, bytes, (off_t)(idx * 8)) != (ssize_t)bytes)
			die(s, "pwrite: %s", strerror(errno));
		idx += k;
		n -= k;
	}
}

static void need_kpage(struct state *s)
{
	if (!s->have_maxpfn)
		die(s, "'maxpfn' must come before 'kpf' and 'kpc'");
}

static void need_proc(struct state *s)
{
	if (!s->cur)
		die(s, "'pid' must come before 'vma' and 'pte'");
}

static void do_kernel(struct state *s, char **tok)
{
	char version[256];
	bool smp;

	if (!tok[0] || !tok[1] || (strcmp(tok[1], "smp") && strcmp(tok[1], "up")))
		die(s, "usage: kernel RELEASE smp|up");
	smp = strcmp(tok[1], "smp") == 0;
	snprintf(version, sizeof(version), "#1 %sPREEMPT_DYNAMIC Debian %s (fixture)\n",
		 smp ? "SMP " : "", tok[0]);
	mkdirs(s, "proc/sys/kernel");
	write_text(s, "proc/sys/kernel/version", version);
	snprintf(version, sizeof(version), "%s\n", tok[0]);
	write_text(s, "proc/sys/kernel/osrelease", version);
	s->have_kernel = true;
}

static void do_maxpfn(struct state *s, char **tok)
{
	if (s->have_maxpfn)
		die(s, "'maxpfn' given twice");
	s->maxpfn = parse_num(s, tok[0], "maxpfn");
	s->kpf_fd = create(s, "proc/kpageflags");
	s->kpc_fd = create(s, "proc/kpagecount");
	if (ftruncate(s->kpf_fd, (off_t)(s->maxpfn * 8)) < 0 ||
	    ftruncate(s->kpc_fd, (off_t)(s->maxpfn * 8)) < 0)
		die(s, "ftruncate: %s", strerror(errno));
	s->have_maxpfn = true;
}

static void do_pid(struct state *s, char **tok)
{
	char rel[64];
	struct proc *p;

	if (s->nprocs == MAX_PIDS)
		die(s, "too many 'pid' lines");
	p = &s->procs[s->nprocs++];
	p->pid = (long)parse_num(s, tok[0], "pid");
	snprintf(rel, sizeof(rel), "proc/%ld", p->pid);
	mkdirs(s, rel);
	if (tok[1]) {
		char comm[64];

		snprintf(rel, sizeof(rel), "proc/%ld/comm", p->pid);
		snprintf(comm, sizeof(comm), "%s\n", tok[1]);
		write_text(s, rel, comm);
	}
	snprintf(rel, sizeof(rel), "proc/%ld/smaps", p->pid);
	p->smaps = create_text(s, rel);
	snprintf(rel, sizeof(rel), "proc/%ld/maps", p->pid);
	p->maps = create_text(s, rel);
	snprintf(rel, sizeof(rel), "proc/%ld/pagemap", p->pid);
	p->pagemap_fd = create(s, rel);
	s->cur = p;
}

/* vma START-END PERMS OFFSET DEV INODE [PATH] [| VMFLAGS...]; REST is the raw text. */
static void do_vma(struct state *s, char *rest)
{
	char *bar = strchr(rest, '|');
	char *flags = NULL, *dash;
	uint64_t start, end;
	size_t n;

	need_proc(s);
	if (bar) {
		*bar = '\0';
		flags = bar + 1 + strspn(bar + 1, " \t");
		if (strncmp(flags, "vmflags", 7) != 0)
			die(s, "expected '| vmflags ...'");
		flags += 7 + strspn(flags + 7, " \t");
	}
	n = strlen(rest);
	while (n && isspace((unsigned char)rest[n - 1]))
		rest[--n] = '\0';
	dash = strchr(rest, '-');
	if (!dash)
		die(s, "expected START-END");
	*dash = '\0';
	start = parse_hexnum(s, rest, "VMA start");
	*dash = '-';
	end = strtoull(dash + 1, NULL, 16);
	if (end <= start || (start | end) & 0xfff)
		die(s, "bad VMA range");
	if (end > s->cur->pagemap_end)
		s->cur->pagemap_end = end;
	fprintf(s->cur->maps, "%s\n", rest);
	fprintf(s->cur->smaps, "%s\n", rest);
	fprintf(s->cur->smaps, "Size:           %8" PRIu64 " kB\n", (end - start) >> 10);
	fprintf(s->cur->smaps,
		"KernelPageSize:        4 kB\nMMUPageSize:           4 kB\n");
	if (flags)
		fprintf(s->cur->smaps, "VmFlags: %s \n", flags);
}

/* pte VA [+N] present pfn=X [file] [excl] [softdirty] [same] | swap [type=T] [offset=O] |
 * raw=V */
static void do_pte(struct state *s, char **tok)
{
	uint64_t va, n, val = 0, step = 0;

	need_proc(s);
	va = parse_hexnum(s, tok[0], "virtual address");
	if (va & 0xfff)
		die(s, "virtual address not page aligned");
	tok++;
	n = parse_count(s, &tok);
	if (!tok[0])
		die(s, "expected present, swap or raw=");
	if (strcmp(tok[0], "present") == 0) {
		bool have_pfn = false;

		val = PM_PRESENT;
		step = 1;
		for (tok++; *tok; tok++) {
			if (strncmp(*tok, "pfn=", 4) == 0) {
				uint64_t pfn = parse_num(s, *tok + 4, "pfn");

				if (pfn + n - 1 > PM_PFN_MAX)
					die(s, "pfn too large");
				val |= pfn;
				have_pfn = true;
			} else if (strcmp(*tok, "file") == 0) {
				val |= PM_FILE;
			} else if (strcmp(*tok, "excl") == 0) {
				val |= PM_EXCL;
			} else if (strcmp(*tok, "softdirty") == 0) {
				val |= PM_SOFTDIRTY;
			} else if (strcmp(*tok, "same") == 0) {
				step = 0; /* every page maps the same PFN (zero page) */
			} else {
				die(s, "unknown pte word '%s'", *tok);
			}
		}
		if (!have_pfn)
			die(s, "present pte needs pfn=");
	} else if (strcmp(tok[0], "swap") == 0) {
		uint64_t type = 0, offset = 0;

		for (tok++; *tok; tok++) {
			if (strncmp(*tok, "type=", 5) == 0)
				type = parse_num(s, *tok + 5, "swap type") & 0x1f;
			else if (strncmp(*tok, "offset=", 7) == 0)
				offset = parse_num(s, *tok + 7, "swap offset");
			else
				die(s, "unknown pte word '%s'", *tok);
		}
		val = PM_SWAP | type | (offset << 5);
		step = offset ? 1 << 5 : 0;
	} else if (strncmp(tok[0], "raw=", 4) == 0) {
		val = parse_num(s, tok[0] + 4, "raw value");
		if (tok[1])
			die(s, "nothing may follow raw=");
	} else {
		die(s, "expected present, swap or raw=, got '%s'", tok[0]);
	}
	write_entries(s, s->cur->pagemap_fd, va >> 12, n, val, step);
}

static void do_kpage(struct state *s, char **tok, bool flags)
{
	uint64_t pfn, n, val;

	need_kpage(s);
	pfn = parse_num(s, tok[0], "pfn");
	tok++;
	n = parse_count(s, &tok);
	val = flags ? parse_kpf(s, tok[0]) : parse_num(s, tok[0], "count");
	if (tok[0] && tok[1])
		die(s, "unexpected '%s'", tok[1]);
	if (pfn + n > s->maxpfn)
		die(s, "pfn range past maxpfn (the file would grow)");
	write_entries(s, flags ? s->kpf_fd : s->kpc_fd, pfn, n, val, 0);
}

static void do_omit(struct state *s, char **tok)
{
	if (!tok[0] || tok[0][0] == '/' || strstr(tok[0], ".."))
		die(s, "usage: omit RELPATH");
	if (s->nomit == sizeof(s->omit) / sizeof(s->omit[0]))
		die(s, "too many 'omit' lines");
	s->omit[s->nomit] = strdup(tok[0]);
	if (!s->omit[s->nomit++])
		die(s, "out of memory");
}

static void finish(struct state *s)
{
	for (size_t i = 0; i < s->nprocs; i++) {
		struct proc *p = &s->procs[i];

		/* Cover every VMA so reads inside them never hit EOF (as on a live
		 * system). */
		if (ftruncate(p->pagemap_fd, (off_t)((p->pagemap_end >> 12) * 8)) < 0)
			die(s, "ftruncate pagemap: %s", strerror(errno));
		close(p->pagemap_fd);
		if (fclose(p->smaps) != 0 || fclose(p->maps) != 0)
			die(s, "write maps: %s", strerror(errno));
	}
	if (s->have_maxpfn) {
		close(s->kpf_fd);
		close(s->kpc_fd);
	}
	for (size_t i = 0; i < s->nomit; i++) {
		if (unlinkat(s->root, s->omit[i], 0) < 0)
			die(s, "omit %s: %s", s->omit[i], strerror(errno));
		free(s->omit[i]);
	}
}

static void read_spec(struct state *s, const char *path, unsigned depth);

static void do_include(struct state *s, char **tok)
{
	char path[4096];
	const char *slash = strrchr(s->spec, '/');
	const char *spec = s->spec;
	unsigned lineno = s->lineno;

	if (!tok[0] || tok[1])
		die(s, "usage: include FILE");
	if (tok[0][0] == '/' || !slash)
		snprintf(path, sizeof(path), "%s", tok[0]);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - s->spec), s->spec,
			 tok[0]);
	read_spec(s, path, s->depth + 1);
	free((char *)s->spec); /* the included file's name, set by read_spec */
	s->spec = spec;
	s->lineno = lineno;
}

static void line(struct state *s, char *text)
{
	char *tok[32], *copy, *p;
	size_t n = 0;

	text[strcspn(text, "\r\n")] = '\0';
	p = text + strspn(text, " \t");
	if (!*p || *p == '#')
		return;
	if (strncmp(p, "iomem ", 6) == 0) {
		/* Everything after "iomem " verbatim, indentation included. */
		fprintf(s->iomem, "%s\n", p + 6);
		return;
	}
	if (strncmp(p, "vma ", 4) == 0) {
		do_vma(s, p + 4);
		return;
	}
	if (strncmp(p, "file ", 5) == 0) {
		/* file RELPATH TEXT: a small text file (newline added, "\n" for more
		 * lines) */
		char rel[512], *t = p + 5;
		size_t len = strcspn(t, " \t");
		char *body;

		if (!len || len >= sizeof(rel) || t[0] == '/' || strstr(t, ".."))
			die(s, "usage: file RELPATH TEXT");
		snprintf(rel, sizeof(rel), "%.*s", (int)len, t);
		t += len;
		t += strspn(t, " \t");
		body = malloc(strlen(t) + 2);
		if (!body)
			die(s, "out of memory");
		sprintf(body, "%s\n", t);
		/* "\n" in TEXT starts a new line */
		for (char *q = strstr(body, "\\n"); q; q = strstr(q, "\\n")) {
			*q = '\n';
			memmove(q + 1, q + 2, strlen(q + 2) + 1);
		}
		write_text(s, rel, body);
		free(body);
		return;
	}
	copy = p;
	while (n + 1 < sizeof(tok) / sizeof(tok[0])) {
		char *t = strtok(n ? NULL : copy, " \t");

		if (!t)
			break;
		tok[n++] = t;
	}
	tok[n] = NULL;
	if (strcmp(tok[0], "kernel") == 0)
		do_kernel(s, tok + 1);
	else if (strcmp(tok[0], "maxpfn") == 0)
		do_maxpfn(s, tok + 1);
	else if (strcmp(tok[0], "pid") == 0)
		do_pid(s, tok + 1);
	else if (strcmp(tok[0], "pte") == 0)
		do_pte(s, tok + 1);
	else if (strcmp(tok[0], "kpf") == 0)
		do_kpage(s, tok + 1, true);
	else if (strcmp(tok[0], "kpc") == 0)
		do_kpage(s, tok + 1, false);
	else if (strcmp(tok[0], "omit") == 0)
		do_omit(s, tok + 1);
	else if (strcmp(tok[0], "include") == 0)
		do_include(s, tok + 1);
	else
		die(s, "unknown keyword '%s'", tok[0]);
}

static void read_spec(struct state *s, const char *path, unsigned depth)
{
	char *buf = NULL, *name;
	size_t cap = 0;
	unsigned saved = s->depth;
	FILE *f;

	if (depth > 8)
		die(s, "includes nested too deeply");
	f = fopen(path, "re");
	if (!f)
		die(s, "%s: %s", path, strerror(errno));
	name = strdup(path);
	if (!name)
		die(s, "out of memory");
	s->spec = name;
	s->lineno = 0;
	s->depth = depth;
	while (getline(&buf, &cap, f) >= 0) {
		s->lineno++;
		line(s, buf);
	}
	if (ferror(f))
		die(s, "read error");
	fclose(f);
	free(buf);
	s->depth = saved;
	/* NAME stays referenced by s->spec until the caller restores it; freed at exit.
	 */
}

int main(int argc, char **argv)
{
	struct state s = { .kpf_fd = -1, .kpc_fd = -1 };

	if (argc != 3) {
		fputs("usage: mkfixture SPEC DIR\n", stderr);
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST)
		die(NULL, "mkdir %s: %s", argv[2], strerror(errno));
	s.root = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.root < 0)
		die(NULL, "%s: %s", argv[2], strerror(errno));
	mkdirs(&s, "proc");
	s.iomem = create_text(&s, "proc/iomem");
	read_spec(&s, argv[1], 0);
	s.lineno = 0;
	if (fclose(s.iomem) != 0)
		die(NULL, "write iomem: %s", strerror(errno));
	finish(&s);
	free((char *)s.spec);
	close(s.root);
	return 0;
}
