/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by every pfnclass source file. */
#ifndef PFNCLASS_MACRO_H
#define PFNCLASS_MACRO_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define _cleanup_(fn)  __attribute__((cleanup(fn)))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _unused_       __attribute__((unused))
#define _must_check_   __attribute__((warn_unused_result))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

#define _cleanup_free_	 _cleanup_(freep)
#define _cleanup_fclose_ _cleanup_(fclosep)
#define _cleanup_close_	 _cleanup_(closep)

/* Hand ownership of a cleanup-managed pointer to the caller. */
#define TAKE_PTR(p)                                                                      \
	({                                                                               \
		__typeof__(p) _p = (p);                                                  \
		(p) = NULL;                                                              \
		_p;                                                                      \
	})

#define PAGE_SHIFT_4K 12
#define PAGE_SIZE_4K  4096ULL

#endif
