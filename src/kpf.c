// SPDX-License-Identifier: GPL-2.0-or-later
#include "kpf.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

static const char *const kpf_names[64] = {
	[KPF_LOCKED] = "locked",
	[KPF_ERROR] = "error",
	[KPF_REFERENCED] = "referenced",
	[KPF_UPTODATE] = "uptodate",
	[KPF_DIRTY] = "dirty",
	[KPF_LRU] = "lru",
	[KPF_ACTIVE] = "active",
	[KPF_SLAB] = "slab",
	[KPF_WRITEBACK] = "writeback",
	[KPF_RECLAIM] = "reclaim",
	[KPF_BUDDY] = "buddy",
	[KPF_MMAP] = "mmap",
	[KPF_ANON] = "anon",
	[KPF_SWAPCACHE] = "swapcache",
	[KPF_SWAPBACKED] = "swapbacked",
	[KPF_COMPOUND_HEAD] = "compound_head",
	[KPF_COMPOUND_TAIL] = "compound_tail",
	[KPF_HUGE] = "huge",
	[KPF_UNEVICTABLE] = "unevictable",
	[KPF_HWPOISON] = "hwpoison",
	[KPF_NOPAGE] = "nopage",
	[KPF_KSM] = "ksm",
	[KPF_THP] = "thp",
	[KPF_OFFLINE] = "offline",
	[KPF_ZERO_PAGE] = "zero_page",
	[KPF_IDLE] = "idle",
	[KPF_PGTABLE] = "pgtable",
	[KPF_RESERVED] = "reserved",
	[KPF_MLOCKED] = "mlocked",
	[KPF_OWNER_2] = "owner_2",
	[KPF_PRIVATE] = "private",
	[KPF_PRIVATE_2] = "private_2",
	[KPF_OWNER_PRIVATE] = "owner_private",
	[KPF_ARCH] = "arch",
	[KPF_UNCACHED] = "uncached",
	[KPF_SOFTDIRTY] = "softdirty",
	[KPF_ARCH_2] = "arch_2",
	[KPF_ARCH_3] = "arch_3",
};

const char *kpf_name(unsigned bit)
{
	return bit < ARRAY_SIZE(kpf_names) ? kpf_names[bit] : NULL;
}

int kpf_format(uint64_t flags, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (unsigned bit = 0; bit < 64; bit++) {
		char tmp[16];
		const char *name;
		int n;

		if (!(flags & KPF(bit)))
			continue;
		name = kpf_name(bit);
		if (!name) {
			snprintf(tmp, sizeof(tmp), "bit%u", bit);
			name = tmp;
		}
		n = snprintf(buf + off, len - off, "%s%s", off ? "," : "", name);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += (size_t)n;
	}
	return 0;
}

int kpf_parse(const char *s, uint64_t *out)
{
	uint64_t mask = 0;
	char *end;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	mask = strtoull(s, &end, 0);
	/* strtoull would also take "-1", " 1" and "+1". */
	if (isdigit((unsigned char)*s) && errno == 0 && *end == '\0' && end != s) {
		*out = mask;
		return 0;
	}
	mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		bool found = false;

		for (unsigned bit = 0; bit < ARRAY_SIZE(kpf_names); bit++) {
			if (kpf_names[bit] && strlen(kpf_names[bit]) == n &&
			    strncmp(kpf_names[bit], s, n) == 0) {
				mask |= KPF(bit);
				found = true;
				break;
			}
		}
		if (!found)
			return -EINVAL;
		s += n;
		if (*s == ',')
			s++;
	}
	*out = mask;
	return 0;
}
