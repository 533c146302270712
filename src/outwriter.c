// SPDX-License-Identifier: GPL-2.0-or-later
#include "outwriter.h"

#include <errno.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

int outwriter_init(struct outwriter *w, size_t ncols, size_t lines, size_t recsize,
		   outwriter_fn consume, void *ud, FILE *stream)
{
	memset(w, 0, sizeof(*w));
	w->stream = stream;
	w->ncols = ncols;
	w->lines = lines;
	w->recsize = recsize;
	w->consume = consume;
	w->ud = ud;
	for (int i = 0; i < OUTWRITER_CHUNKS; i++) {
		w->chunk[i].off = malloc((ncols ? ncols : 1) * lines * sizeof(uint32_t));
		w->chunk[i].rec = malloc((recsize ? recsize : 1) * lines);
		if (!w->chunk[i].off || !w->chunk[i].rec) {
			outwriter_free(w);
			return -ENOMEM;
		}
	}
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		outwriter_free(w);
		return -ENOMEM;
	}
	if (pthread_cond_init(&w->cond, NULL) != 0) {
		pthread_mutex_destroy(&w->lock);
		outwriter_free(w);
		return -ENOMEM;
	}
	w->fill = &w->chunk[0]; /* from here on outwriter_free() tears the lock down */
	return 0;
}

static int grow(struct out_chunk *ch, size_t need)
{
	size_t cap = ch->cap ? ch->cap * 2 : 64 * 1024;
	char *t;

	while (cap < need)
		cap *= 2;
	if (cap >= OUTWRITER_NULL)
		return -E2BIG;
	t = realloc(ch->text, cap);
	if (!t)
		return -ENOMEM;
	ch->text = t;
	ch->cap = cap;
	return 0;
}

int outwriter_cell(struct outwriter *w, const char *v, size_t len)
{
	struct out_chunk *ch = w->fill;
	uint32_t *off;
	int err;

	if (w->cell >= w->ncols)
		return -EINVAL;
	off = &ch->off[ch->nlines * w->ncols + w->cell++];
	if (!v) {
		*off = OUTWRITER_NULL;
		return 0;
	}
	if (ch->len + len + 1 > ch->cap) {
		err = grow(ch, ch->len + len + 1);
		if (err < 0)
			return err;
	}
	*off = (uint32_t)ch->len;
	memcpy(ch->text + ch->len, v, len + 1); /* V is NUL-terminated at LEN */
	ch->len += len + 1;
	return 0;
}

void *outwriter_record(struct outwriter *w)
{
	return w->fill->rec + w->fill->nlines * w->recsize;
}

static void *writer_main(void *arg)
{
	struct outwriter *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct out_chunk *ch;
		int err;

		while (!w->queued && !w->quit)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->queued)
			break;
		ch = &w->chunk[w->tail];
		pthread_mutex_unlock(&w->lock);
		err = w->err ? 0 : w->consume(ch, w->ncols, w->ud);
		pthread_mutex_lock(&w->lock);
		if (err < 0 && !w->err)
			w->err = err;
		w->tail = (w->tail + 1) % OUTWRITER_CHUNKS;
		w->queued--;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static int start_thread(struct outwriter *w)
{
	sigset_t all, old;
	int rc;

	/*
	 * Asynchronous signals stay with the main thread; the ones the writer itself
	 * causes do not (SIGPIPE on a closed pipe must end the program as before).
	 */
	sigfillset(&all);
	sigdelset(&all, SIGPIPE);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, writer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -rc;
	/* Only the writer touches the stream until the join (the handoff orders it). */
	if (w->stream)
		__fsetlocking(w->stream, FSETLOCKING_BYCALLER);
	w->started = true;
	return 0;
}

/* Wait until at most MAX chunks are queued; returns the first error. Lock held. */
static int wait_queued(struct outwriter *w, unsigned max)
{
	while (w->queued > max)
		pthread_cond_wait(&w->cond, &w->lock);
	return w->err;
}

/* Queue the filled chunk (or consume it here) and start filling the next one. */
static int submit(struct outwriter *w)
{
	struct out_chunk *ch = w->fill;
	int err;

	if (!w->started && start_thread(w) < 0) {
		/* No thread: consume on this one. */
		err = w->err ? w->err : w->consume(ch, w->ncols, w->ud);
		if (err < 0)
			w->err = err;
		ch->nlines = ch->len = 0;
		return w->err;
	}
	pthread_mutex_lock(&w->lock);
	/* The next chunk must not be in the writer's hands. */
	err = wait_queued(w, OUTWRITER_CHUNKS - 2);
	if (err == 0) {
		w->queued++;
		pthread_cond_broadcast(&w->cond);
		w->head = (w->head + 1) % OUTWRITER_CHUNKS;
		w->fill = &w->chunk[w->head];
		w->fill->nlines = w->fill->len = 0;
	}
	pthread_mutex_unlock(&w->lock);
	return err;
}

int outwriter_end_line(struct outwriter *w)
{
	while (w->cell < w->ncols)
		w->fill->off[w->fill->nlines * w->ncols + w->cell++] = OUTWRITER_NULL;
	w->cell = 0;
	if (++w->fill->nlines < w->lines)
		return 0;
	return submit(w);
}

static void stop_thread(struct outwriter *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	wait_queued(w, 0);
	w->quit = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	if (w->stream)
		__fsetlocking(w->stream, FSETLOCKING_INTERNAL);
	w->started = false;
}

int outwriter_finish(struct outwriter *w)
{
	struct out_chunk *ch = w->fill;

	stop_thread(w);
	if (!w->err && ch->nlines) {
		int err = w->consume(ch, w->ncols, w->ud);

		if (err < 0)
			w->err = err;
	}
	ch->nlines = ch->len = 0;
	return w->err;
}

void outwriter_free(struct outwriter *w)
{
	if (w->fill) {
		stop_thread(w);
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
	}
	for (int i = 0; i < OUTWRITER_CHUNKS; i++) {
		free(w->chunk[i].text);
		free(w->chunk[i].off);
		free(w->chunk[i].rec);
	}
	memset(w, 0, sizeof(*w));
}
