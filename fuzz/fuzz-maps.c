// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: /proc/PID/smaps and maps streams (maps_next, maps_parse_header). */
#include <errno.h>

#include "classify.h"
#include "fuzz.h"
#include "maps.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maps_iter it;
	struct vma v = { 0 }, copy;
	char buf[256];
	bool smaps;
	FILE *f;
	int err, n = 0;

	if (size < 1)
		return 0;
	/* First byte: smaps or maps format. */
	smaps = data[0] & 1;
	data++;
	size--;
	f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
	if (!f)
		return 0;
	maps_init_stream(&it, f, smaps);
	while ((err = maps_next(&it, &v)) > 0) {
		FUZZ_ASSERT(v.start <= v.end);
		FUZZ_ASSERT(!(v.start & 0xfff) && !(v.end & 0xfff));
		FUZZ_ASSERT(strlen(v.perms) == 4);
		FUZZ_ASSERT(!v.path || !strchr(v.path, '\n'));
		FUZZ_ASSERT(smaps || !v.have_vmflags);
		FUZZ_ASSERT((unsigned)vma_map_kind(&v) < MK__COUNT);
		FUZZ_ASSERT(vma_name(&v) != NULL);
		FUZZ_ASSERT(vmflags_format(v.vmflags, buf, sizeof(buf)) == 0);
		FUZZ_ASSERT((maps_parse_vmflags(buf) | VMF(VMF_OTHER)) ==
			    (v.vmflags | VMF(VMF_OTHER)));
		FUZZ_ASSERT(vma_copy(&copy, &v) == 0);
		FUZZ_ASSERT(!v.path == !copy.path &&
			    (!v.path || !strcmp(v.path, copy.path)));
		vma_clear(&copy);
		vma_clear(&v);
		n++;
	}
	FUZZ_ASSERT(err == 0 || err == -EBADMSG || err == -ENOMEM);
	maps_close(&it);
	return 0;
}
