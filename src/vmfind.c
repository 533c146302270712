// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding VMs and reading their command lines (see vmfind.h). */
#include "vmfind.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"

#define CMDLINE_MAX (256u << 10)

static const char *const vmm_names[VMM__COUNT] = {
	[VMM_UNKNOWN] = "unknown",	   [VMM_QEMU] = "qemu",
	[VMM_FIRECRACKER] = "firecracker", [VMM_CLOUD_HYPERVISOR] = "cloud-hypervisor",
	[VMM_CROSVM] = "crosvm",	   [VMM_KVMTOOL] = "kvmtool",
};

const char *vmm_name(enum vmm_type t)
{
	return (unsigned)t < VMM__COUNT ? vmm_names[t] : "?";
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum vmm_type vmm_from_exe(const char *path)
{
	const char *b = strrchr(path, '/');
	char base[64];
	size_t n;

	b = b ? b + 1 : path;
	n = strcspn(b, " ");
	if (n >= sizeof(base))
		return VMM_UNKNOWN;
	memcpy(base, b, n);
	base[n] = '\0';
	if (starts_with(base, "qemu-system-") || strcmp(base, "qemu-kvm") == 0)
		return VMM_QEMU;
	if (starts_with(base, "firecracker"))
		return VMM_FIRECRACKER;
	if (strcmp(base, "cloud-hypervisor") == 0)
		return VMM_CLOUD_HYPERVISOR;
	if (strcmp(base, "crosvm") == 0)
		return VMM_CROSVM;
	if (strcmp(base, "lkvm") == 0 || strcmp(base, "lkvm-static") == 0 ||
	    strcmp(base, "kvmtool") == 0)
		return VMM_KVMTOOL;
	return VMM_UNKNOWN;
}

int qemu_parse_size(const char *s, bool default_mib, uint64_t *out)
{
	const char *p = s;
	uint64_t v = 0, mul = default_mib ? 1ULL << 20 : 1;
	char *end;

	/* "-m size=1G,slots=2,maxmem=4G": the size= key or the first bare value. */
	if (starts_with(p, "size="))
		p += 5;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno)
		return -ERANGE;
	switch (*end) {
	case 'b':
	case 'B':
		mul = 1;
		end++;
		break;
	case 'k':
	case 'K':
		mul = 1ULL << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1ULL << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1ULL << 30;
		end++;
		break;
	case 't':
	case 'T':
		mul = 1ULL << 40;
		end++;
		break;
	}
	if (*end && *end != ',')
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -ERANGE;
	*out = v * mul;
	return 0;
}

/*
 * Value of KEY in a QEMU option string "a,key=value,b=c" (",," escapes a comma);
 * FIRST selects the leading bare value ("q35" in "q35,accel=kvm"). NULL when absent.
 */
static char *opt_get(const char *opts, const char *key, bool first)
{
	const char *p = opts;
	bool at_first = true;

	while (*p) {
		const char *f = p, *eq = NULL;
		char *val, *w;

		/* Find the end of this field, honouring ",,". */
		while (*p && !(*p == ',' && p[1] != ',')) {
			if (*p == ',')
				p++; /* ",," */
			else if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		if ((first && at_first && !eq) ||
		    (!first && eq && (size_t)(eq - f) == strlen(key) &&
		     !strncmp(f, key, strlen(key)))) {
			const char *v = first && !eq ? f : eq + 1;

			val = malloc((size_t)(p - v) + 1);
			if (!val)
				return NULL;
			for (w = val; v < p; v++) {
				*w++ = *v;
				if (*v == ',' && v[1] == ',')
					v++;
			}
			*w = '\0';
			return val;
		}
		at_first = false;
		if (*p == ',')
			p++;
	}
	return NULL;
}

struct chardev {
	char *id, *path;
};

static void add_qmp(struct vm_info *vi, char *path)
{
	if (!path)
		return;
	for (size_t i = 0; i < vi->nqmp; i++)
		if (strcmp(vi->qmp[i], path) == 0) {
			free(path);
			return;
		}
	if (vi->nqmp < ARRAY_SIZE(vi->qmp))
		vi->qmp[vi->nqmp++] = path;
	else
		free(path);
}

/* "-qmp unix:PATH,server=on,wait=off" (also "unix:path=PATH"). */
static void qmp_option(struct vm_info *vi, const char *v)
{
	char *path;

	if (!starts_with(v, "unix:"))
		return;
	v += 5;
	path = starts_with(v, "path=") ? opt_get(v, "path", false)
				       : opt_get(v, NULL, true);
	if (path && *path)
		add_qmp(vi, path);
	else
		free(path);
}

static void backend_option(struct qemu_args *qa, const char *v)
{
	struct qemu_backend *b;
	char *type = opt_get(v, NULL, true), *size;

	if (!type || !starts_with(type, "memory-backend-") || qa->nbe >= VM_MAX_LIST) {
		free(type);
		return;
	}
	b = &qa->be[qa->nbe];
	memset(b, 0, sizeof(*b));
	b->type = strdup(type + strlen("memory-backend-"));
	free(type);
	b->id = opt_get(v, "id", false);
	b->mem_path = opt_get(v, "mem-path", false);
	size = opt_get(v, "size", false);
	if (!b->type || !b->id || !size || qemu_parse_size(size, false, &b->size) < 0) {
		free(b->type);
		free(b->id);
		free(b->mem_path);
		free(size);
		return;
	}
	free(size);
	qa->nbe++;
}

static void parse_qemu(const char *const *argv, size_t argc, struct vm_info *vi)
{
	struct chardev cd[VM_MAX_LIST];
	char *mon[VM_MAX_LIST];
	size_t ncd = 0, nmon = 0;
	struct qemu_args *qa = &vi->qa;

	for (size_t i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (o[0] != '-')
			continue;
		o += o[1] == '-' ? 2 : 1; /* "--name" works like "-name" */
		if (!v)
			break;
		if (strcmp(o, "name") == 0) {
			free(vi->name);
			vi->name = opt_get(v, "guest", false);
			if (!vi->name)
				vi->name = opt_get(v, NULL, true);
		} else if (strcmp(o, "qmp") == 0 || strcmp(o, "qmp-pretty") == 0) {
			qmp_option(vi, v);
		} else if (strcmp(o, "chardev") == 0 && ncd < VM_MAX_LIST) {
			char *type = opt_get(v, NULL, true);

			if (type && strcmp(type, "socket") == 0) {
				cd[ncd].id = opt_get(v, "id", false);
				cd[ncd].path = opt_get(v, "path", false);
				ncd++;
			}
			free(type);
		} else if (strcmp(o, "mon") == 0 && nmon < VM_MAX_LIST) {
			char *mode = opt_get(v, "mode", false);

			if (mode && strcmp(mode, "control") == 0)
				mon[nmon++] = opt_get(v, "chardev", false);
			free(mode);
		} else if (strcmp(o, "m") == 0) {
			qemu_parse_size(v, true, &qa->ram_size);
		} else if (strcmp(o, "machine") == 0 || strcmp(o, "M") == 0) {
			char *t = opt_get(v, "type", false),
			     *mb = opt_get(v, "memory-backend", false);

			if (!t)
				t = opt_get(v, NULL, true);
			if (t) {
				free(qa->machine);
				qa->machine = t;
			}
			if (mb) {
				free(qa->memory_backend);
				qa->memory_backend = mb;
			}
		} else if (strcmp(o, "object") == 0) {
			backend_option(qa, v);
		} else if (strcmp(o, "numa") == 0 && qa->nnuma < VM_MAX_LIST) {
			char *t = opt_get(v, NULL, true),
			     *md = opt_get(v, "memdev", false);

			if (t && strcmp(t, "node") == 0 && md)
				qa->numa_memdev[qa->nnuma++] = TAKE_PTR(md);
			free(t);
			free(md);
		}
		if (strstr(v, "/libvirt/qemu/"))
			vi->libvirt = true;
	}
	/* Control monitors on socket chardevs; one without a path was passed as an fd. */
	for (size_t m = 0; m < nmon; m++) {
		for (size_t c = 0; c < ncd && mon[m]; c++) {
			if (!cd[c].id || strcmp(cd[c].id, mon[m]) != 0)
				continue;
			if (cd[c].path)
				add_qmp(vi, strdup(cd[c].path));
			else
				vi->hidden_monitor = true;
		}
		free(mon[m]);
	}
	for (size_t c = 0; c < ncd; c++) {
		free(cd[c].id);
		free(cd[c].path);
	}
}

int vm_parse_cmdline(const char *args, size_t len, struct vm_info *vi)
{
	const char *argv[VM_MAX_ARGS];
	size_t argc = 0, off = 0;

	while (off < len && argc < VM_MAX_ARGS) {
		size_t n = strnlen(args + off, len - off);

		if (off + n == len)
			break; /* no terminating NUL: ignore the truncated tail */
		argv[argc++] = args + off;
		off += n + 1;
	}
	if (!argc)
		return -EINVAL;
	if (vi->vmm == VMM_UNKNOWN)
		vi->vmm = vmm_from_exe(argv[0]);
	switch (vi->vmm) {
	case VMM_QEMU:
		parse_qemu(argv, argc, vi);
		break;
	case VMM_FIRECRACKER:
	case VMM_KVMTOOL:
		for (size_t i = 1; i + 1 < argc; i++)
			if ((vi->vmm == VMM_FIRECRACKER &&
			     strcmp(argv[i], "--id") == 0) ||
			    (vi->vmm == VMM_KVMTOOL && (strcmp(argv[i], "--name") == 0 ||
							strcmp(argv[i], "-n") == 0))) {
				free(vi->name);
				vi->name = strdup(argv[i + 1]);
			}
		break;
	default:
		break;
	}
	return 0;
}

static int read_cmdline(const struct sysroot *sr, pid_t pid, char **out, size_t *len)
{
	char rel[64];
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = malloc(CMDLINE_MAX + 1);
	size_t n = 0;

	if (!buf)
		return -ENOMEM;
	snprintf(rel, sizeof(rel), "proc/%d/cmdline", (int)pid);
	fd = sysroot_open(sr, rel);
	if (fd < 0)
		return fd;
	while (n < CMDLINE_MAX) {
		ssize_t r = read(fd, buf + n, CMDLINE_MAX - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	*out = TAKE_PTR(buf);
	return 0;
}

/* Does PID hold an anon_inode:kvm-vm descriptor? */
static bool has_kvm_vm_fd(const struct sysroot *sr, pid_t pid)
{
	char rel[64];
	int dfd;
	DIR *d;
	struct dirent *de;
	bool found = false;

	snprintf(rel, sizeof(rel), "proc/%d/fd", (int)pid);
	dfd = openat(sr->dirfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return false;
	}
	while (!found && (de = readdir(d))) {
		char target[64];
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strcmp(target, "anon_inode:kvm-vm") == 0;
	}
	closedir(d);
	return found;
}

int vm_probe(const struct sysroot *sr, pid_t pid, struct vm_info *vi)
{
	_cleanup_free_ char *args = NULL;
	char rel[64], exe[512];
	size_t len = 0;
	ssize_t n;
	int err;

	memset(vi, 0, sizeof(*vi));
	vi->pid = pid;
	snprintf(rel, sizeof(rel), "proc/%d", (int)pid);
	if (!sysroot_exists(sr, rel))
		return -ENOENT;
	vi->kvm = has_kvm_vm_fd(sr, pid);
	snprintf(rel, sizeof(rel), "proc/%d/exe", (int)pid);
	n = readlinkat(sr->dirfd, rel, exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		vi->vmm = vmm_from_exe(exe);
	}
	snprintf(rel, sizeof(rel), "proc/%d/comm", (int)pid);
	if (sysroot_read_text(sr, rel, 256, &vi->comm) == 0)
		vi->comm[strcspn(vi->comm, "\n")] = '\0';
	if (vi->vmm == VMM_UNKNOWN && vi->comm)
		vi->vmm = vmm_from_exe(vi->comm);
	if (!vi->kvm && vi->vmm != VMM_QEMU) {
		/* Not a VM (or a QEMU we cannot recognise before reading its argv). */
		err = read_cmdline(sr, pid, &args, &len);
		if (err < 0 || !len || vmm_from_exe(args) != VMM_QEMU) {
			vm_info_free(vi);
			return 0;
		}
	}
	if (!args && read_cmdline(sr, pid, &args, &len) < 0)
		len = 0;
	if (len)
		vm_parse_cmdline(args, len, vi);
	return 1;
}

void vm_info_free(struct vm_info *vi)
{
	free(vi->comm);
	free(vi->name);
	for (size_t i = 0; i < vi->nqmp; i++)
		free(vi->qmp[i]);
	for (size_t i = 0; i < vi->qa.nbe; i++) {
		free(vi->qa.be[i].id);
		free(vi->qa.be[i].type);
		free(vi->qa.be[i].mem_path);
	}
	for (size_t i = 0; i < vi->qa.nnuma; i++)
		free(vi->qa.numa_memdev[i]);
	free(vi->qa.machine);
	free(vi->qa.memory_backend);
	memset(vi, 0, sizeof(*vi));
}

void vm_list_free(struct vm_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vm_info_free(&v[i]);
	free(v);
}

static int cmp_pid(const void *a, const void *b)
{
	const struct vm_info *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int vm_find_all(const struct sysroot *sr, struct vm_info **out, size_t *n)
{
	struct vm_info *list = NULL;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	int dfd;
	DIR *d;

	*out = NULL;
	*n = 0;
	dfd = openat(sr->dirfd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		struct vm_info vi;
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0 || !isdigit((unsigned char)de->d_name[0]))
			continue;
		if (vm_probe(sr, (pid_t)pid, &vi) <= 0)
			continue; /* not a VM, or it exited meanwhile */
		if (cnt == cap) {
			struct vm_info *nl;

			cap = cap ? cap * 2 : 8;
			nl = realloc(list, cap * sizeof(*nl));
			if (!nl) {
				vm_info_free(&vi);
				closedir(d);
				vm_list_free(list, cnt);
				return -ENOMEM;
			}
			list = nl;
		}
		list[cnt++] = vi;
	}
	closedir(d);
	if (cnt)
		qsort(list, cnt, sizeof(*list), cmp_pid);
	*out = list;
	*n = cnt;
	return 0;
}
