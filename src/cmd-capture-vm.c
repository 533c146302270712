// SPDX-License-Identifier: GPL-2.0-or-later
/* `pfnclass capture`, VM part: guest maps (QMP answers kept) and guest memory. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-capture.h"
#include "cmd-vm.h"
#include "commands.h"
#include "exitcodes.h"
#include "guestmap.h"
#include "macro.h"
#include "vm-map.h"
#include "vmfind.h"

struct recorder {
	struct cap_writer *w;
	pid_t pid;
};

static int record_qmp(void *ud, const char *what, const char *text)
{
	struct recorder *r = ud;
	char name[96];

	snprintf(name, sizeof(name), "pfnclass/vm/%d/%s.txt", (int)r->pid, what);
	return cap_put_text(r->w, name, text, strlen(text));
}

/* Store the VM's map as the capture-held map file that replays read. */
static int put_map(struct cap_writer *w, pid_t pid, const struct guest_map *gm)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	char name[64];
	int err;

	if (!f)
		return -errno;
	err = guest_map_write(f, gm);
	if (fclose(f) != 0 && !err)
		err = -EIO;
	if (err < 0)
		return err;
	snprintf(name, sizeof(name), VM_CAPTURE_MAP_FMT, (int)pid);
	return cap_put_text(w, name, text, len);
}

/* The HVA ranges behind a guest map's RAM and ROM: what the capture reads pagemap for. */
static int map_ranges(const struct guest_map *gm, struct addr_range **out, size_t *n)
{
	struct addr_range *r = calloc(gm->n ? gm->n : 1, sizeof(*r));
	size_t k = 0;

	if (!r)
		return -ENOMEM;
	for (size_t i = 0; i < gm->n; i++)
		if (gm->r[i].kind != GM_IO && gm->r[i].has_hva && gm->r[i].size)
			r[k++] = (struct addr_range){ gm->r[i].hva,
						      gm->r[i].hva + gm->r[i].size };
	*n = addr_ranges_normalize(r, k);
	*out = r;
	return 0;
}

static int capture_one(struct cap_writer *w, const struct sysroot *sr,
		       const struct capture_cli *c, struct vm_info *vi,
		       struct capture_vm *out, struct addr_range **runs, size_t *nruns,
		       struct capture_stats *st)
{
	struct recorder rec = { .w = w, .pid = vi->pid };
	struct vm_map_opts mo = {
		.map_file = c->map,
		.qmp_path = c->qmp,
		.timeout_ms = 5000,
		.record = record_qmp,
		.record_ud = &rec,
	};
	struct guest_map gm = { 0 };
	_cleanup_free_ struct addr_range *ranges = NULL;
	size_t nranges = 0;
	char note[512];
	unsigned bad = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->pid = vi->pid;
	snprintf(out->vmm, sizeof(out->vmm), "%s", vmm_name(vi->vmm));
	snprintf(out->name, sizeof(out->name), "%s", vi->name ? vi->name : "");
	/* Names in the metadata are one word. */
	for (char *p = out->name; *p; p++)
		if (*p == ' ' || *p == '\n')
			*p = '_';
	err = vm_map_acquire(sr, vi, &mo, &gm, note, sizeof(note), &bad);
	if (err == 0) {
		out->have_map = true;
		out->exact = gm.exact;
		if (note[0])
			fprintf(stderr, "pfnclass: VM %d: map inferred: %s\n",
				(int)vi->pid, note);
		err = put_map(w, vi->pid, &gm);
		if (!err)
			err = map_ranges(&gm, &ranges, &nranges);
	} else if (c->map || c->qmp) {
		/* A map the user asked for must work: no silent fallback. */
		if (err == -EINVAL && c->map)
			fprintf(stderr, "pfnclass: %s:%u: malformed guest map line\n",
				c->map, bad);
		else
			fprintf(stderr, "pfnclass: VM %d: %s%s%s\n", (int)vi->pid,
				c->map ? c->map : c->qmp, note[0] ? ": " : ": ",
				note[0] ? note : strerror(-err));
		guest_map_free(&gm);
		return -EBADMSG;
	} else {
		/* No map: keep the whole VMM so that a --map can be applied later. */
		fprintf(stderr,
			"pfnclass: VM %d: no guest map (%s); capturing the whole "
			"process\n",
			(int)vi->pid, note[0] ? note : strerror(-err));
		err = 0;
	}
	guest_map_free(&gm);
	if (!err)
		err = capture_process(w, sr, vi->pid, ranges, nranges, runs, nruns, st);
	if (err == 0 && out->have_map && nranges == 0)
		fprintf(stderr, "pfnclass: VM %d: its map has no host memory\n",
			(int)vi->pid);
	return err;
}

int capture_vms(struct cap_writer *w, const struct sysroot *sr,
		const struct capture_cli *c, struct capture_vm **vms, size_t *nvms,
		struct addr_range **runs, size_t *nruns, struct capture_stats *st)
{
	struct vm_info *list = NULL;
	size_t n = 0;
	int err, status = PFN_EXIT_OK;

	if (c->nvms) {
		list = calloc(c->nvms, sizeof(*list));
		if (!list)
			return pfn_fail(PFN_EXIT_FAILURE, "out of memory");
		for (; n < c->nvms; n++) {
			status = vm_resolve(sr, c->vms[n], &list[n]);
			if (status)
				goto out;
		}
	} else {
		err = vm_find_all(sr, &list, &n);
		if (err < 0)
			return pfn_fail(PFN_EXIT_FAILURE, "cannot list processes: %s",
					strerror(-err));
		if (!n) {
			status = pfn_fail(PFN_EXIT_NOTFOUND,
					  "no virtual machine found: give --pid PID or "
					  "--vm PID|NAME");
			goto out;
		}
	}
	*vms = calloc(n, sizeof(**vms));
	if (!*vms) {
		status = pfn_fail(PFN_EXIT_FAILURE, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		err = capture_one(w, sr, c, &list[i], &(*vms)[i], runs, nruns, st);
		if (err == -EBADMSG) { /* capture_one said why */
			status = PFN_EXIT_FAILURE;
			goto out;
		}
		if (err < 0) {
			status = pfn_fail(err == -ENOENT || err == -ESRCH
						  ? PFN_EXIT_NOTFOUND
						  : PFN_EXIT_FAILURE,
					  "capture of VM %d failed: %s", (int)list[i].pid,
					  strerror(-err));
			goto out;
		}
		(*nvms)++;
	}
out:
	vm_list_free(list, n);
	return status;
}
