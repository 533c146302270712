/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A writer thread for the range table. The scan is bound by the kernel (pagemap and
 * kpageflags reads) while building and printing libsmartcols lines is pure user time, so
 * the two overlap: the scan copies each range (a record, plus the text of cells whose
 * inputs do not outlive the call) into a chunk, a full chunk goes to the writer thread,
 * which formats and prints it, and the scan fills the next chunk of a ring meanwhile. The
 * consumer callback sees the chunks one at a time and in order, always on one thread at a
 * time, so the output is byte for byte what a single thread would print.
 *
 * The thread starts with the first full chunk: short outputs never start it. When it
 * cannot be started, chunks are consumed on the caller's thread.
 */
#ifndef PFNCLASS_OUTWRITER_H
#define PFNCLASS_OUTWRITER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OUTWRITER_NULL UINT32_MAX /* offset of a cell without a value */
/* Chunks in the ring: the scan waits only when the writer is this far behind. */
#define OUTWRITER_CHUNKS 8

struct out_chunk {
	char *text; /* the cells' strings, each NUL-terminated */
	size_t len, cap;
	uint32_t *off; /* per cell: offset in text or OUTWRITER_NULL; ncols per line */
	unsigned char *rec; /* per line: a record of recsize bytes (the raw values) */
	size_t nlines;
};

/* Called with each chunk; returns 0 or -errno (which stops further output). */
typedef int (*outwriter_fn)(const struct out_chunk *ch, size_t ncols, void *ud);

struct outwriter {
	size_t ncols, lines; /* cells per line, lines per chunk */
	size_t recsize;	     /* bytes of record per line, 0: none */
	outwriter_fn consume;
	void *ud;
	FILE *stream; /* written by the consumer only, NULL: not known */
	struct out_chunk chunk[OUTWRITER_CHUNKS];
	struct out_chunk *fill; /* chunk[head], being filled by the scan */
	unsigned head;
	size_t cell; /* next cell of the current line */
	/* shared with the thread, under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool started, quit;
	unsigned tail, queued; /* the chunks handed over: chunk[tail] onwards */
	int err;
};

/*
 * STREAM is the one stream the consumer writes (may be NULL): while the thread runs, the
 * caller must leave it alone, and it is switched to FSETLOCKING_BYCALLER so that the
 * character-wise stdio calls of libsmartcols take no lock.
 */
int outwriter_init(struct outwriter *w, size_t ncols, size_t lines, size_t recsize,
		   outwriter_fn consume, void *ud, FILE *stream);
/* The record of the current line (RECSIZE bytes, uninitialised). */
void *outwriter_record(struct outwriter *w);
/* Append the next cell of the current line: V (NUL-terminated at LEN) or NULL. */
int outwriter_cell(struct outwriter *w, const char *v, size_t len);
/* Close the current line; a full chunk goes to the writer. Returns 0 or -errno. */
int outwriter_end_line(struct outwriter *w);
/* Consume what is left and stop the thread: returns the first error. */
int outwriter_finish(struct outwriter *w);
/* Stop the thread (after outwriter_finish or on error paths) and free everything. */
void outwriter_free(struct outwriter *w);

#endif
