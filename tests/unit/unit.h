/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tiny assertion helper for the C unit tests. Each test program includes it once, runs
 * its checks and returns unit_exit(): 0 when every check held, 1 otherwise. A failing
 * check prints file:line, the expression and both values, then carries on.
 */
#ifndef PFNCLASS_UNIT_H
#define PFNCLASS_UNIT_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Per-program counters (a test binary is one translation unit). */
static unsigned unit_checks, unit_failed;

static inline void unit_fail_hdr(const char *file, int line, const char *expr)
{
	unit_failed++;
	fprintf(stderr, "%s:%d: FAIL: %s\n", file, line, expr);
}

#define CHECK(cond)                                                                      \
	do {                                                                             \
		unit_checks++;                                                           \
		if (!(cond))                                                             \
			unit_fail_hdr(__FILE__, __LINE__, #cond);                        \
	} while (0)

#define CHECK_U64(actual, expected)                                                      \
	do {                                                                             \
		uint64_t _a = (uint64_t)(actual), _e = (uint64_t)(expected);             \
		unit_checks++;                                                           \
		if (_a != _e) {                                                          \
			unit_fail_hdr(__FILE__, __LINE__, #actual " == " #expected);     \
			fprintf(stderr,                                                  \
				"\tgot 0x%" PRIx64 " (%" PRIu64 "), want 0x%" PRIx64     \
				" (%" PRIu64 ")\n",                                      \
				_a, _a, _e, _e);                                         \
		}                                                                        \
	} while (0)

#define CHECK_INT(actual, expected)                                                      \
	do {                                                                             \
		long long _a = (long long)(actual), _e = (long long)(expected);          \
		unit_checks++;                                                           \
		if (_a != _e) {                                                          \
			unit_fail_hdr(__FILE__, __LINE__, #actual " == " #expected);     \
			fprintf(stderr, "\tgot %lld, want %lld\n", _a, _e);              \
		}                                                                        \
	} while (0)

#define CHECK_STR(actual, expected)                                                      \
	do {                                                                             \
		const char *_a = (actual), *_e = (expected);                             \
		unit_checks++;                                                           \
		if (!_a || !_e ? _a != _e : strcmp(_a, _e) != 0) {                       \
			unit_fail_hdr(__FILE__, __LINE__, #actual " == " #expected);     \
			fprintf(stderr, "\tgot \"%s\", want \"%s\"\n",                   \
				_a ? _a : "(null)", _e ? _e : "(null)");                 \
		}                                                                        \
	} while (0)

static inline int unit_exit(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, unit_checks, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
