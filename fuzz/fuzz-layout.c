// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: inferred guest maps (layout_infer). Input: one byte picking the VMM,
 * a NUL-separated command line ended by an empty argument ("\0\0"), then smaps text.
 */
#include <errno.h>

#include "fuzz.h"
#include "layout.h"
#include "maps.h"
#include "vmfind.h"

#define MAX_VMAS 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vma vmas[MAX_VMAS];
	struct vm_info vi;
	struct guest_map gm = { 0 };
	struct maps_iter it;
	const uint8_t *sep;
	size_t n = 0, cl;
	FILE *f;

	if (size < 1)
		return 0;
	memset(&vi, 0, sizeof(vi));
	vi.vmm = (enum vmm_type)(data[0] % VMM__COUNT);
	data++;
	size--;
	sep = memmem(data, size, "\0\0", 2);
	cl = sep ? (size_t)(sep - data) + 1 : size;
	(void)vm_parse_cmdline((const char *)data, cl, &vi);
	data += sep ? cl + 1 : size;
	size -= sep ? cl + 1 : size;

	f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
	if (f) {
		maps_init_stream(&it, f, true);
		while (n < MAX_VMAS && maps_next(&it, &vmas[n]) > 0)
			n++;
		maps_close(&it);
	}
	if (layout_infer(vi.vmm, &vi.qa, vmas, n, &gm) == 0) {
		for (size_t i = 0; i < gm.n; i++) {
			FUZZ_ASSERT(gm.r[i].size > 0);
			if (i)
				FUZZ_ASSERT(gm.r[i - 1].gpa + (gm.r[i - 1].size - 1) <
					    gm.r[i].gpa);
			FUZZ_ASSERT(guest_map_find(&gm, gm.r[i].gpa) == &gm.r[i]);
		}
	}
	guest_map_free(&gm);
	for (size_t i = 0; i < n; i++)
		vma_clear(&vmas[i]);
	vm_info_free(&vi);
	return 0;
}
