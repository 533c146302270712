// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: VMM command lines (/proc/PID/cmdline) and QEMU sizes (src/vmfind.c).
 */
#include <errno.h>

#include "fuzz.h"
#include "vmfind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vm_info vi;
	uint64_t sz;
	char *s;

	if (size < 1)
		return 0;
	memset(&vi, 0, sizeof(vi));
	vi.vmm = (enum vmm_type)(data[0] % VMM__COUNT);
	/* The rest, as read from /proc: NUL-separated, possibly without the final NUL. */
	(void)vm_parse_cmdline((const char *)data + 1, size - 1, &vi);
	FUZZ_ASSERT(vi.nqmp <= 8);
	FUZZ_ASSERT(vi.qa.nbe <= VM_MAX_LIST && vi.qa.nnuma <= VM_MAX_LIST);
	vm_info_free(&vi);

	s = fuzz_str(data + 1, size - 1);
	(void)qemu_parse_size(s, data[0] & 0x80, &sz);
	(void)vmm_from_exe(s);
	free(s);
	return 0;
}
