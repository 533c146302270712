// SPDX-License-Identifier: GPL-2.0-or-later
/* Getting a VM's guest map (see vm-map.h). */
#include "config.h"

#include "vm-map.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestscan.h"
#include "layout.h"
#include "macro.h"
#include "mtree.h"
#include "qmp.h"

int vm_map_read_file(const char *path, struct guest_map *gm, unsigned *badline)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	_cleanup_free_ char *buf = NULL;
	size_t n;
	int err;

	if (!f)
		return -errno;
	buf = malloc(VM_MAP_FILE_MAX + 1);
	if (!buf)
		return -ENOMEM;
	n = fread(buf, 1, VM_MAP_FILE_MAX + 1, f);
	if (ferror(f))
		return -EIO;
	if (n > VM_MAP_FILE_MAX)
		return -EFBIG;
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		*badline = 1;
		return -EINVAL;
	}
	err = guest_map_parse(buf, gm, badline);
	if (err < 0) {
		guest_map_free(gm);
		return err;
	}
	return guest_map_set_source(gm, "file", true);
}

/*
 * A capture keeps the map the VMM gave when it was taken, with its "# source: S (exact)"
 * line: replaying it gives the same map (and the same exact/inferred label).
 */
static int read_capture_map(const struct sysroot *sr, pid_t pid, struct guest_map *gm,
			    unsigned *badline)
{
	_cleanup_free_ char *text = NULL;
	char path[64], source[64] = "capture";
	const char *s;
	bool exact = false;
	int err;

	snprintf(path, sizeof(path), VM_CAPTURE_MAP_FMT, (int)pid);
	err = sysroot_read_text(sr, path, VM_MAP_FILE_MAX, &text);
	if (err < 0)
		return err;
	s = strstr(text, "# source: ");
	if (s) {
		size_t n = strcspn(s + 10, " \n");

		snprintf(source, sizeof(source), "capture:%.*s", (int)(n < 40 ? n : 40),
			 s + 10);
		exact = strncmp(s + 10 + n, " (exact)", 8) == 0;
	}
	err = guest_map_parse(text, gm, badline);
	if (err < 0) {
		guest_map_free(gm);
		return err;
	}
	return guest_map_set_source(gm, source, exact);
}

static int hva_from_qemu(uint64_t gpa, uint64_t *hva, char *region, size_t len, void *ud)
{
	struct qmp *q = ud;
	_cleanup_free_ char *reply = NULL;
	char cmd[64];
	int err;

	snprintf(cmd, sizeof(cmd), "gpa2hva 0x%" PRIx64, gpa);
	err = qmp_hmp(q, cmd, &reply);
	if (err < 0)
		return err == -EIO ? -ENOENT : err;
	return gpa2hva_parse(reply, hva, region, len);
}

/* Build the map over an open QMP connection. */
static int map_from_qmp(struct qmp *q, const struct vm_map_opts *o, struct guest_map *gm,
			char *note, size_t len)
{
	_cleanup_free_ char *mtree = NULL, *rbtext = NULL;
	struct mtree_flat flat = { 0 };
	struct ramblock_list rb = { 0 };
	unsigned bad = 0;
	int err;

	err = qmp_hmp(q, "info mtree -f", &mtree);
	if (err < 0) {
		if (err == -EIO)
			snprintf(note, len, "info mtree -f failed: %s", q->error);
		else
			snprintf(note, len, "%s",
				 q->error[0] ? q->error : strerror(-err));
		return err;
	}
	if (o->record)
		o->record(o->record_ud, "info-mtree-f", mtree);
	err = mtree_parse_flat(mtree, "memory", &flat, &bad);
	if (err < 0) {
		snprintf(note, len, "cannot parse info mtree -f (line %u): %s", bad,
			 strerror(-err));
		return err;
	}
	/* Optional: only QEMU versions with the HVA column spare the gpa2hva queries. */
	err = qmp_hmp(q, "info ramblock", &rbtext);
	if (err == 0) {
		if (o->record)
			o->record(o->record_ud, "info-ramblock", rbtext);
		if (ramblock_parse(rbtext, &rb, &bad) < 0)
			memset(&rb, 0, sizeof(rb));
	} else if (err != -EIO) {
		/* Not QEMU declining the command: the monitor itself failed. */
		snprintf(note, len, "info ramblock failed: %s", q->error);
		mtree_flat_free(&flat);
		return err;
	}
	err = mtree_build_map(&flat, &rb, hva_from_qemu, q, gm);
	if (err == 0)
		err = guest_map_set_source(gm, "qmp", true);
	if (err < 0) {
		snprintf(note, len, "cannot build the guest map from QMP: %s",
			 q->error[0] ? q->error : strerror(-err));
		guest_map_free(gm);
	}
	mtree_flat_free(&flat);
	ramblock_list_free(&rb);
	return err;
}

/* A socket path from the command line, made usable from here (relative to the VMM's cwd).
 */
static void socket_path(pid_t pid, const char *p, char *out, size_t len)
{
	if (p[0] == '/')
		snprintf(out, len, "%s", p);
	else
		snprintf(out, len, "/proc/%d/cwd/%s", (int)pid, p);
}

static int try_qmp(const struct vm_info *vi, const struct vm_map_opts *o,
		   struct guest_map *gm, char *note, size_t len)
{
	const char *paths[ARRAY_SIZE(vi->qmp) + 1];
	size_t n = 0;
	int err = -ENOENT;

	if (o->qmp_path)
		paths[n++] = o->qmp_path;
	else
		for (size_t i = 0; i < vi->nqmp; i++)
			paths[n++] = vi->qmp[i];
	if (!n) {
		snprintf(note, len,
			 vi->hidden_monitor ? "its QMP monitor is an inherited "
					      "descriptor (libvirt?) that pfnclass "
					      "cannot reach; add a second monitor (-qmp "
					      "unix:PATH,server=on,wait=off) "
					      "and use --qmp PATH, or give --map FILE"
					    : "no QMP socket on its command line; start "
					      "QEMU with -qmp "
					      "unix:PATH,server=on,wait=off and use "
					      "--qmp PATH, or give --map FILE");
		return -ENOENT;
	}
	for (size_t i = 0; i < n; i++) {
		struct qmp q;
		char path[4096];

		socket_path(vi->pid, paths[i], path, sizeof(path));
		err = qmp_open(&q, path, o->timeout_ms);
		if (err == -EBUSY) {
			snprintf(
				note, len,
				"the QMP monitor %s is taken by another client "
				"(libvirt?) (%s): add a second QMP monitor and use --qmp "
				"PATH, or give --map FILE",
				path, q.error);
			continue;
		}
		if (err < 0) {
			snprintf(note, len, "cannot use the QMP monitor %s: %s", path,
				 q.error[0] ? q.error : strerror(-err));
			continue;
		}
		err = map_from_qmp(&q, o, gm, note, len);
		qmp_close(&q);
		if (err == 0)
			return 0;
	}
	return err;
}

int vm_map_acquire(const struct sysroot *sr, const struct vm_info *vi,
		   const struct vm_map_opts *o, struct guest_map *gm, char *note,
		   size_t len, unsigned *badline)
{
	struct vma *v = NULL;
	size_t nv = 0;
	int err;

	note[0] = '\0';
	if (o->map_file)
		return vm_map_read_file(o->map_file, gm, badline);
	if (!sr->live) {
		err = read_capture_map(sr, vi->pid, gm, badline);
		if (err != -ENOENT)
			return err;
	}
	if (vi->vmm == VMM_QEMU || o->qmp_path) {
		if (!sr->live)
			snprintf(note, len, "QMP is not used with --sysroot");
		else if (try_qmp(vi, o, gm, note, len) == 0)
			return 0;
	}
	err = guest_read_vmas(sr, vi->pid, &v, &nv);
	if (err < 0)
		return err;
	err = layout_infer(vi->vmm, &vi->qa, v, nv, gm);
	guest_free_vmas(v, nv);
	if (err == -ENOENT && !note[0])
		snprintf(note, len,
			 "no layout rule recognises its guest RAM; give --map FILE");
	return err;
}
