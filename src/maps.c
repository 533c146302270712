// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

static const char vmflag_codes[VMF__COUNT][3] = {
	"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "dw", "lo", "io",
	"sr", "rr", "dc", "de", "ac", "nr", "ht", "sf", "nl", "ar", "wf", "dd", "sd",
	"mm", "hg", "nh", "mg", "um", "uw", "ss", "sl", "bt", "mt", "gu", "lf", "??",
};

uint64_t maps_parse_vmflags(const char *s)
{
	uint64_t mask = 0;

	while (*s) {
		size_t n;

		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (n == 0)
			break;
		if (n == 2) {
			unsigned i;

			for (i = 0; i < VMF_OTHER; i++)
				if (s[0] == vmflag_codes[i][0] &&
				    s[1] == vmflag_codes[i][1])
					break;
			mask |= VMF(i);
		} else {
			mask |= VMF(VMF_OTHER);
		}
		s += n;
	}
	return mask;
}

int vmflags_format(uint64_t mask, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	for (unsigned i = 0; i < VMF_OTHER; i++) {
		if (!(mask & VMF(i)))
			continue;
		if (off + 4 > len)
			return -ENOSPC;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? " " : "",
					vmflag_codes[i]);
	}
	return 0;
}

static int parse_hex(const char **p, uint64_t *out)
{
	char *end;

	if (!isxdigit((unsigned char)**p))
		return -EINVAL;
	errno = 0;
	*out = strtoull(*p, &end, 16);
	if (errno)
		return -EINVAL;
	*p = end;
	return 0;
}

int maps_parse_header(const char *line, struct vma *v)
{
	const char *p = line;
	uint64_t maj, min;
	char *end;
	size_t n;

	memset(v, 0, sizeof(*v));
	if (parse_hex(&p, &v->start) < 0 || *p++ != '-' || parse_hex(&p, &v->end) < 0)
		return -EINVAL;
	if (v->end < v->start || (v->start & 0xfff) || (v->end & 0xfff))
		return -EINVAL;
	if (*p++ != ' ')
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		if (!*p || !strchr("rwxsp-", *p)) /* strchr finds the NUL too */
			return -EINVAL;
		v->perms[i] = *p++;
	}
	if (*p++ != ' ' || parse_hex(&p, &v->offset) < 0 || *p++ != ' ')
		return -EINVAL;
	if (parse_hex(&p, &maj) < 0 || *p++ != ':' || parse_hex(&p, &min) < 0 ||
	    *p++ != ' ')
		return -EINVAL;
	v->dev_major = (unsigned)maj;
	v->dev_minor = (unsigned)min;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v->inode = strtoull(p, &end, 10);
	if (errno)
		return -EINVAL;
	p = end;
	p += strspn(p, " ");
	n = strcspn(p, "\n");
	if (n) {
		v->path = strndup(p, n);
		if (!v->path)
			return -ENOMEM;
	}
	return 0;
}

void vma_clear(struct vma *v)
{
	free(v->path);
	memset(v, 0, sizeof(*v));
}

int vma_copy(struct vma *dst, const struct vma *src)
{
	*dst = *src;
	dst->path = NULL;
	if (src->path) {
		dst->path = strdup(src->path);
		if (!dst->path)
			return -ENOMEM;
	}
	return 0;
}

const char *vma_name(const struct vma *v)
{
	return v->path ? v->path : "[anon]";
}

void maps_init_stream(struct maps_iter *it, FILE *f, bool smaps)
{
	memset(it, 0, sizeof(*it));
	it->f = f;
	it->smaps = smaps;
}

int maps_open(struct maps_iter *it, const struct sysroot *sr, pid_t pid)
{
	char path[64];
	FILE *f = NULL;
	int err;

	snprintf(path, sizeof(path), "proc/%d/smaps", (int)pid);
	err = sysroot_fopen(sr, path, &f);
	if (err == -ENOENT) {
		snprintf(path, sizeof(path), "proc/%d/maps", (int)pid);
		err = sysroot_fopen(sr, path, &f);
		if (err < 0)
			return err;
		maps_init_stream(it, f, false);
		return 0;
	}
	if (err < 0)
		return err;
	maps_init_stream(it, f, true);
	return 0;
}

void maps_close(struct maps_iter *it)
{
	if (it->f)
		fclose(it->f);
	free(it->line);
	memset(it, 0, sizeof(*it));
}

static int read_line(struct maps_iter *it)
{
	ssize_t n;

	errno = 0;
	n = getline(&it->line, &it->cap, it->f);
	if (n < 0)
		return errno ? -errno : 0;
	it->lineno++;
	return 1;
}

/* A header starts with hex digits and a '-', a field with "Name:". */
static bool is_header(const char *line)
{
	size_t n = strspn(line, "0123456789abcdefABCDEF");

	return n > 0 && line[n] == '-';
}

int maps_next(struct maps_iter *it, struct vma *v)
{
	int err;

	if (!it->pending) {
		err = read_line(it);
		if (err <= 0)
			return err;
	}
	it->pending = false;
	if (!is_header(it->line))
		return -EBADMSG;
	err = maps_parse_header(it->line, v);
	if (err < 0)
		return err == -ENOMEM ? err : -EBADMSG;
	if (!it->smaps)
		return 1;
	for (;;) {
		err = read_line(it);
		if (err < 0) {
			vma_clear(v);
			return err;
		}
		if (err == 0)
			return 1;
		if (is_header(it->line)) {
			it->pending = true;
			return 1;
		}
		if (strncmp(it->line, "VmFlags:", 8) == 0) {
			v->vmflags = maps_parse_vmflags(it->line + 8);
			v->have_vmflags = true;
		}
	}
}
