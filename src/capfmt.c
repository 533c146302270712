// SPDX-License-Identifier: GPL-2.0-or-later
#include "capfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byteorder.h"
#include "macro.h"

#define CAP_CHUNK 8192 /* entries generated per pwrite on extraction */

static int wr(struct cap_writer *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (n && fwrite(p, 1, n, w->f) != n)
		w->err = -EIO;
	return w->err;
}

static int wr_u64(struct cap_writer *w, uint64_t v)
{
	unsigned char b[8];

	le64_put(b, v);
	return wr(w, b, 8);
}

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("._:@+,=-/", c);
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool cap_name_valid(const char *name, bool link)
{
	size_t len = strlen(name);
	const char *p = name;

	if (!len || len > CAP_MAX_NAME || name[0] == '/' || name[len - 1] == '/')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!name_char_ok(name[i]))
			return false;
	/* No empty, "." or ".." components. */
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p)
			p++;
	}
	if (!link) {
		/* Nothing may live below a place where a symlink can be (proc/N/exe,
		 * fd/N). */
		const char *q;
		size_t n;

		if (strncmp(name, "proc/", 5) != 0)
			return true;
		q = name + 5;
		n = strcspn(q, "/");
		if (!all_digits(q, n) || q[n] != '/')
			return true;
		q += n + 1;
		if (strncmp(q, "exe/", 4) == 0)
			return false;
		if (strncmp(q, "fd/", 3) == 0) {
			q += 3;
			n = strcspn(q, "/");
			return q[n] == '\0';
		}
		return true;
	}
	{
		/* proc/N/exe or proc/N/fd/N only */
		const char *q;
		size_t n;

		if (strncmp(name, "proc/", 5) != 0)
			return false;
		q = name + 5;
		n = strcspn(q, "/");
		if (!all_digits(q, n) || q[n] != '/')
			return false;
		q += n + 1;
		if (strcmp(q, "exe") == 0)
			return true;
		if (strncmp(q, "fd/", 3) != 0)
			return false;
		q += 3;
		return all_digits(q, strlen(q));
	}
	return true;
}

int cap_writer_init(struct cap_writer *w, FILE *f)
{
	unsigned char hdr[16];

	memset(w, 0, sizeof(*w));
	w->f = f;
	memcpy(hdr, CAP_MAGIC, 8);
	memset(hdr + 8, 0, 8);
	hdr[8] = CAP_VERSION;
	return wr(w, hdr, sizeof(hdr));
}

static int put_head(struct cap_writer *w, char type, const char *name, bool link)
{
	unsigned char b[3];
	size_t n = strlen(name);

	if (w->in_u64)
		return -EINVAL;
	if (!cap_name_valid(name, link))
		return -EINVAL;
	b[0] = (unsigned char)type;
	b[1] = (unsigned char)(n & 0xff);
	b[2] = (unsigned char)(n >> 8);
	wr(w, b, 3);
	return wr(w, name, n);
}

int cap_put_text(struct cap_writer *w, const char *name, const void *data, size_t len)
{
	int err;

	if (len > CAP_MAX_TEXT)
		return -EFBIG;
	err = put_head(w, 'T', name, false);
	if (err < 0)
		return err;
	wr_u64(w, len);
	return wr(w, data, len);
}

int cap_put_link(struct cap_writer *w, const char *name, const char *target)
{
	size_t len = strlen(target);
	int err;

	if (len > 4096)
		return -EINVAL;
	err = put_head(w, 'L', name, true);
	if (err < 0)
		return err;
	wr_u64(w, len);
	return wr(w, target, len);
}

int cap_u64_begin(struct cap_writer *w, const char *name, uint64_t entries)
{
	int err = put_head(w, 'U', name, false);

	if (err < 0)
		return err;
	w->in_u64 = true;
	w->entries = entries;
	w->run_count = 0;
	return wr_u64(w, entries);
}

static int flush_run(struct cap_writer *w)
{
	if (!w->run_count)
		return w->err;
	wr_u64(w, w->run_count);
	wr_u64(w, w->run_index);
	wr_u64(w, w->run_first);
	wr_u64(w, w->run_delta);
	w->runs++;
	w->run_count = 0;
	return w->err;
}

int cap_u64_add(struct cap_writer *w, uint64_t index, const uint64_t *v, size_t n)
{
	if (!w->in_u64)
		return -EINVAL;
	for (size_t i = 0; i < n; i++, index++) {
		uint64_t x = v[i];

		if (index >= w->entries)
			return -ERANGE;
		if (w->run_count) {
			uint64_t next = w->run_index + w->run_count;

			if (index == next) {
				if (w->run_count == 1) {
					w->run_delta = x - w->run_first;
					w->run_count = 2;
					continue;
				}
				if (x == w->run_first + w->run_count * w->run_delta) {
					w->run_count++;
					continue;
				}
			} else if (index < next) {
				return -EINVAL; /* not increasing */
			}
			flush_run(w);
		}
		if (x == 0)
			continue; /* zeros are implicit */
		w->run_index = index;
		w->run_first = x;
		w->run_delta = 0;
		w->run_count = 1;
	}
	return w->err;
}

int cap_u64_end(struct cap_writer *w)
{
	if (!w->in_u64)
		return -EINVAL;
	flush_run(w);
	w->in_u64 = false;
	return wr_u64(w, 0);
}

int cap_writer_finish(struct cap_writer *w)
{
	unsigned char e[3] = { 'E', 0, 0 };

	if (w->in_u64)
		return -EINVAL;
	wr(w, e, 3);
	if (!w->err && fflush(w->f) != 0)
		w->err = -EIO;
	return w->err;
}

/* --- reading / extraction --- */

struct rd {
	FILE *f;
	uint64_t off;
	uint64_t max_entries; /* expansion limit */
};

static int rd_bytes(struct rd *r, void *p, size_t n)
{
	if (n && fread(p, 1, n, r->f) != n)
		return -EBADMSG;
	r->off += n;
	return 0;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
	unsigned char b[8];
	int err = rd_bytes(r, b, 8);

	if (!err)
		*v = le64_get(b);
	return err;
}

static int mkdirs(int dirfd, const char *name)
{
	char buf[CAP_MAX_NAME + 1];
	size_t len = strlen(name);

	memcpy(buf, name, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (mkdirat(dirfd, buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		buf[i] = '/';
	}
	return 0;
}

static int create_file(int dirfd, const char *name)
{
	int err = mkdirs(dirfd, name);
	int fd;

	if (err < 0)
		return err;
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	return fd < 0 ? -errno : fd;
}

static int copy_text(struct rd *r, int fd, uint64_t len)
{
	char buf[65536];

	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);

		if (rd_bytes(r, buf, n) < 0)
			return -EBADMSG;
		if (write(fd, buf, n) != (ssize_t)n)
			return -EIO;
		len -= n;
	}
	return 0;
}

static int extract_u64(struct rd *r, int fd, struct cap_stats *st)
{
	_cleanup_free_ uint64_t *buf = NULL;
	uint64_t entries, last_end = 0;

	if (rd_u64(r, &entries) < 0)
		return -EBADMSG;
	if (entries > (UINT64_C(1) << 52))
		return -EBADMSG;
	if (ftruncate(fd, (off_t)(entries * 8)) < 0)
		return -errno;
	buf = malloc(CAP_CHUNK * sizeof(uint64_t));
	if (!buf)
		return -ENOMEM;
	for (;;) {
		uint64_t count, index, first, delta;

		if (rd_u64(r, &count) < 0)
			return -EBADMSG;
		if (count == 0)
			return 0;
		if (rd_u64(r, &index) < 0 || rd_u64(r, &first) < 0 ||
		    rd_u64(r, &delta) < 0)
			return -EBADMSG;
		if (index < last_end || index >= entries || count > entries - index)
			return -EBADMSG;
		last_end = index + count;
		st->runs++;
		/* Bound what a capture can make us write (16 GiB of entries). */
		st->entries += count;
		if (st->entries > r->max_entries)
			return -EFBIG;
		for (uint64_t done = 0; done < count;) {
			size_t n = count - done < CAP_CHUNK ? (size_t)(count - done)
							    : CAP_CHUNK;

			for (size_t i = 0; i < n; i++)
				buf[i] = first + (done + i) * delta;
			if (pwrite(fd, buf, n * 8, (off_t)((index + done) * 8)) !=
			    (ssize_t)(n * 8))
				return -EIO;
			done += n;
		}
	}
}

int cap_extract(FILE *in, int dirfd, struct cap_stats *st, uint64_t *offset)
{
	return cap_extract_limit(in, dirfd, st, offset, CAP_MAX_ENTRIES);
}

int cap_extract_limit(FILE *in, int dirfd, struct cap_stats *st, uint64_t *offset,
		      uint64_t max_entries)
{
	struct rd r = { .f = in, .max_entries = max_entries };
	unsigned char hdr[16];
	int err;

	memset(st, 0, sizeof(*st));
	if (rd_bytes(&r, hdr, sizeof(hdr)) < 0 || memcmp(hdr, CAP_MAGIC, 8) != 0)
		return -EBADMSG;
	if (hdr[8] != CAP_VERSION)
		return -EPROTONOSUPPORT;
	for (;;) {
		unsigned char h[3];
		char name[CAP_MAX_NAME + 1];
		size_t nlen;
		uint64_t len;
		int fd;

		if (offset)
			*offset = r.off;
		if (rd_bytes(&r, h, 3) < 0)
			return -EBADMSG;
		if (h[0] == 'E')
			break;
		nlen = (size_t)h[1] | (size_t)h[2] << 8;
		if (nlen == 0 || nlen > CAP_MAX_NAME || rd_bytes(&r, name, nlen) < 0)
			return -EBADMSG;
		name[nlen] = '\0';
		if (memchr(name, '\0', nlen) || !cap_name_valid(name, h[0] == 'L'))
			return -EBADMSG;
		switch (h[0]) {
		case 'T':
			if (rd_u64(&r, &len) < 0 || len > CAP_MAX_TEXT)
				return -EBADMSG;
			fd = create_file(dirfd, name);
			if (fd < 0)
				return fd;
			err = copy_text(&r, fd, len);
			close(fd);
			if (err < 0)
				return err;
			st->files++;
			st->bytes += len;
			break;
		case 'L': {
			char target[4097];

			if (rd_u64(&r, &len) < 0 || len == 0 || len > 4096 ||
			    rd_bytes(&r, target, (size_t)len) < 0)
				return -EBADMSG;
			target[len] = '\0';
			if (memchr(target, '\0', (size_t)len))
				return -EBADMSG;
			err = mkdirs(dirfd, name);
			if (err < 0)
				return err;
			unlinkat(dirfd, name, 0);
			if (symlinkat(target, dirfd, name) < 0)
				return -errno;
			st->links++;
			break;
		}
		case 'U':
			fd = create_file(dirfd, name);
			if (fd < 0)
				return fd;
			err = extract_u64(&r, fd, st);
			close(fd);
			if (err < 0)
				return err;
			st->arrays++;
			break;
		default:
			return -EBADMSG;
		}
	}
	return 0;
}
