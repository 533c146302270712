// SPDX-License-Identifier: GPL-2.0-or-later
/* VMM layout rules for inferred guest maps (see layout.h). */
#include "layout.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

#define MAX_BLOCKS 256

/* A run of VMAs that belong together: contiguous in HVA and in file offset. */
struct block {
	uint64_t start, end, offset, inode;
	const struct vma *v; /* first VMA */
	bool used;
};

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_rw(const struct vma *v)
{
	return v->perms[0] == 'r' && v->perms[1] == 'w';
}

static bool same_backing(const struct vma *a, const struct vma *b)
{
	if (!a->path != !b->path || a->inode != b->inode)
		return false;
	return !a->path || strcmp(a->path, b->path) == 0;
}

typedef bool (*vma_pred)(const struct vma *v, const void *arg);

/* Collect the VMAs accepted by PRED into merged blocks. */
static size_t collect(const struct vma *v, size_t n, vma_pred pred, const void *arg,
		      struct block *b, size_t max)
{
	size_t nb = 0;

	for (size_t i = 0; i < n; i++) {
		struct block *last = nb ? &b[nb - 1] : NULL;

		if (!pred(&v[i], arg))
			continue;
		if (last && last->end == v[i].start && same_backing(last->v, &v[i]) &&
		    (!v[i].path ||
		     last->offset + (last->end - last->start) == v[i].offset)) {
			last->end = v[i].end;
			continue;
		}
		if (nb == max)
			break;
		b[nb++] = (struct block){ v[i].start, v[i].end, v[i].offset,
					  v[i].inode, &v[i],	false };
	}
	return nb;
}

static bool pred_memfd(const struct vma *v, const void *arg)
{
	return is_rw(v) && v->perms[3] == 's' && starts_with(v->path, arg);
}

static int cmp_inode_offset(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->offset > y->offset) - (x->offset < y->offset);
}

static int cmp_start_desc(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return (x->start < y->start) - (x->start > y->start);
}

/* First block at GPA 0, the rest one after another from 4 GiB. */
static int low_then_high(struct block *b, size_t nb, const char *name,
			 struct guest_map *gm)
{
	uint64_t gpa = 0;

	for (size_t i = 0; i < nb; i++) {
		uint64_t size = b[i].end - b[i].start;
		int err;

		if (i == 1)
			gpa = LAYOUT_4G;
		err = gm_add(gm, gpa, size, GM_RAM, true, b[i].start, name);
		if (err < 0)
			return err;
		gpa += size;
	}
	return nb ? 0 : -ENOENT;
}

static int rule_memfd(const struct vma *v, size_t n, const char *prefix, const char *name,
		      struct guest_map *gm)
{
	struct block b[MAX_BLOCKS];
	size_t nb = collect(v, n, pred_memfd, prefix, b, MAX_BLOCKS);

	qsort(b, nb, sizeof(*b), cmp_inode_offset);
	return low_then_high(b, nb, name, gm);
}

static bool pred_ch_anon(const struct vma *v, const void *arg)
{
	return is_rw(v) && !v->path && v->have_vmflags && (v->vmflags & VMF(VMF_DD));
}

static int rule_cloud_hypervisor(const struct vma *v, size_t n, struct guest_map *gm)
{
	struct block b[MAX_BLOCKS];
	size_t nb;

	if (rule_memfd(v, n, "/memfd:ch_ram", "memfd:ch_ram", gm) == 0)
		return 0;
	/* Anonymous slots are MADV_DONTDUMP; mmap hands out addresses top-down. */
	nb = collect(v, n, pred_ch_anon, NULL, b, MAX_BLOCKS);
	qsort(b, nb, sizeof(*b), cmp_start_desc);
	return low_then_high(b, nb, "ram", gm);
}

static bool pred_kvmtool(const struct vma *v, const void *arg)
{
	bool anon = !v->path || starts_with(strrchr(v->path, '/'), "/kvmtool");

	return anon && v->perms[3] == 'p' && v->have_vmflags &&
	       (v->vmflags & VMF(VMF_MG));
}

static int rule_kvmtool(const struct vma *v, size_t n, struct guest_map *gm)
{
	int cand = -1, ncand = 0;

	for (size_t i = 0; i + 2 < n; i++) {
		const struct vma *a = &v[i], *h = &v[i + 1], *c = &v[i + 2];

		if (pred_kvmtool(a, NULL) && is_rw(a) && pred_kvmtool(h, NULL) &&
		    strcmp(h->perms, "---p") == 0 && pred_kvmtool(c, NULL) && is_rw(c) &&
		    a->end == h->start && h->end == c->start &&
		    a->end - a->start == KVMTOOL_GAP_START &&
		    h->end - h->start == KVMTOOL_GAP_SIZE) {
			int err = gm_add(gm, 0, KVMTOOL_GAP_START, GM_RAM, true, a->start,
					 "ram");

			if (!err)
				err = gm_add(gm, LAYOUT_4G, c->end - c->start, GM_RAM,
					     true, c->start, "ram");
			return err;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (pred_kvmtool(&v[i], NULL) && is_rw(&v[i])) {
			cand = (int)i;
			ncand++;
		}
	if (ncand != 1)
		return -ENOENT; /* none, or ambiguous */
	return gm_add(gm, 0, v[cand].end - v[cand].start, GM_RAM, true, v[cand].start,
		      "ram");
}

uint64_t layout_qemu_below_4g(const char *machine, uint64_t ram)
{
	bool q35 = machine && strstr(machine, "q35");
	uint64_t low;

	if (q35)
		low = ram >= 0xb0000000ULL ? 0x80000000ULL : 0xb0000000ULL;
	else
		low = ram >= 0xe0000000ULL ? 0xc0000000ULL : 0xe0000000ULL;
	return ram < low ? ram : low;
}

static bool pred_dc(const struct vma *v, const void *arg)
{
	return is_rw(v) && v->have_vmflags && (v->vmflags & VMF(VMF_DC)) &&
	       !starts_with(v->path, "anon_inode:");
}

static bool block_matches(const struct block *b, const struct qemu_backend *be)
{
	const char *p = b->v->path;

	if (strcmp(be->type, "ram") == 0)
		return !p;
	if (strcmp(be->type, "memfd") == 0)
		return starts_with(p, "/memfd:");
	if (strcmp(be->type, "file") == 0 && be->mem_path && p) {
		size_t l = strlen(be->mem_path);

		/* mem-path may be a directory (QEMU creates a temporary file in it). */
		return strncmp(p, be->mem_path, l) == 0 &&
		       (p[l] == '\0' || p[l] == '/' || strcmp(p + l, " (deleted)") == 0);
	}
	return false;
}

/*
 * The unused block for backend BE (or, without one, of SIZE bytes, anonymous preferred):
 * the first created one, i.e. the highest address, as mmap hands out addresses top-down.
 */
static struct block *pick(struct block *b, size_t nb, const struct qemu_backend *be,
			  uint64_t size)
{
	struct block *best = NULL;

	for (size_t i = 0; i < nb; i++) {
		if (b[i].used || b[i].end - b[i].start != size)
			continue;
		if (be && !block_matches(&b[i], be))
			continue;
		if (!best || (!b[i].v->path && best->v->path) ||
		    (!b[i].v->path == !best->v->path && b[i].start > best->start))
			best = &b[i];
	}
	if (best)
		best->used = true;
	return best;
}

static const struct qemu_backend *find_backend(const struct qemu_args *qa, const char *id)
{
	for (size_t i = 0; i < qa->nbe; i++)
		if (strcmp(qa->be[i].id, id) == 0)
			return &qa->be[i];
	return NULL;
}

/* Place LEN bytes of guest RAM starting at linear offset LIN (split at the 4 GiB hole).
 */
static int place(struct guest_map *gm, uint64_t lin, uint64_t len, uint64_t low,
		 uint64_t hva, const char *name)
{
	int err = 0;

	if (lin < low) {
		uint64_t n = len < low - lin ? len : low - lin;

		err = gm_add(gm, lin, n, GM_RAM, true, hva, name);
		lin += n;
		hva += n;
		len -= n;
	}
	if (!err && len)
		err = gm_add(gm, LAYOUT_4G + (lin - low), len, GM_RAM, true, hva, name);
	return err;
}

static int rule_qemu(const struct qemu_args *qa, const struct vma *v, size_t n,
		     struct guest_map *gm)
{
	static const struct qemu_args none;
	struct block b[MAX_BLOCKS];
	const struct qemu_backend *be[VM_MAX_LIST];
	const char *names[VM_MAX_LIST];
	size_t nb = collect(v, n, pred_dc, NULL, b, MAX_BLOCKS), nbe = 0;
	uint64_t total = 0, lin = 0, low;
	int err;

	if (!qa)
		qa = &none;
	if (qa->nnuma) {
		for (size_t i = 0; i < qa->nnuma; i++) {
			be[nbe] = find_backend(qa, qa->numa_memdev[i]);
			if (!be[nbe])
				return -ENOENT;
			names[nbe++] = qa->numa_memdev[i];
		}
	} else if (qa->memory_backend) {
		be[0] = find_backend(qa, qa->memory_backend);
		if (!be[0])
			return -ENOENT;
		names[nbe++] = qa->memory_backend;
	} else {
		be[0] = NULL;
		names[nbe++] = "pc.ram";
	}
	for (size_t i = 0; i < nbe; i++)
		total += be[i] ? be[i]->size
			       : (qa->ram_size ? qa->ram_size : 128ULL << 20);
	low = layout_qemu_below_4g(qa->machine, total);
	for (size_t i = 0; i < nbe; i++) {
		uint64_t size = be[i] ? be[i]->size : total;
		struct block *blk = pick(b, nb, be[i], size);

		if (!blk)
			return -ENOENT;
		err = place(gm, lin, size, low, blk->start, names[i]);
		if (err < 0)
			return err;
		lin += size;
	}
	return 0;
}

static const char *source_name(enum vmm_type t)
{
	switch (t) {
	case VMM_QEMU:
		return "layout:qemu";
	case VMM_FIRECRACKER:
		return "layout:firecracker";
	case VMM_CLOUD_HYPERVISOR:
		return "layout:cloud-hypervisor";
	case VMM_CROSVM:
		return "layout:crosvm";
	case VMM_KVMTOOL:
		return "layout:kvmtool";
	default:
		return "layout";
	}
}

static int try_rule(enum vmm_type t, const struct qemu_args *qa, const struct vma *v,
		    size_t n, struct guest_map *gm)
{
	int err;

	switch (t) {
	case VMM_QEMU:
		err = rule_qemu(qa, v, n, gm);
		break;
	case VMM_FIRECRACKER:
		err = rule_memfd(v, n, "/memfd:guest_mem", "memfd:guest_mem", gm);
		break;
	case VMM_CLOUD_HYPERVISOR:
		err = rule_cloud_hypervisor(v, n, gm);
		break;
	case VMM_CROSVM:
		err = rule_memfd(v, n, "/memfd:crosvm_guest", "memfd:crosvm_guest", gm);
		break;
	case VMM_KVMTOOL:
		err = rule_kvmtool(v, n, gm);
		break;
	default:
		return -ENOENT;
	}
	if (err == 0)
		err = guest_map_sort(gm, NULL);
	if (err == 0)
		err = guest_map_set_source(gm, source_name(t), false);
	if (err < 0) {
		guest_map_free(gm);
		return err;
	}
	return 0;
}

int layout_infer(enum vmm_type vmm, const struct qemu_args *qa, const struct vma *vmas,
		 size_t n, struct guest_map *gm)
{
	/* An unknown VMM: the unambiguous memfd names first, then the QEMU dc rule. */
	static const enum vmm_type order[] = { VMM_FIRECRACKER, VMM_CLOUD_HYPERVISOR,
					       VMM_CROSVM, VMM_QEMU };

	if (vmm != VMM_UNKNOWN)
		return try_rule(vmm, qa, vmas, n, gm);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		enum vmm_type t = order[i];

		/* Anonymous cloud-hypervisor slots are too weak a hint without the VMM's
		 * name. */
		if (t == VMM_CLOUD_HYPERVISOR) {
			if (rule_memfd(vmas, n, "/memfd:ch_ram", "memfd:ch_ram", gm) ==
				    0 &&
			    guest_map_sort(gm, NULL) == 0 &&
			    guest_map_set_source(gm, source_name(t), false) == 0)
				return 0;
			guest_map_free(gm);
			continue;
		}
		if (try_rule(t, qa, vmas, n, gm) == 0)
			return 0;
	}
	return -ENOENT;
}
