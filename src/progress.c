// SPDX-License-Identifier: GPL-2.0-or-later
#include "progress.h"

#include <unistd.h>

#define FIRST_NS 1000000000LL /* nothing for scans shorter than a second */
#define EVERY_NS 200000000LL

static long long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

void progress_init(struct progress *p, FILE *fp, bool on, const char *what,
		   const char *unit, double scale, uint64_t total)
{
	*p = (struct progress){
		.on = on && fp && isatty(fileno(fp)),
		.what = what,
		.unit = unit,
		.scale = scale,
		.total = total,
		.fp = fp,
	};
	if (p->on)
		clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void progress_add(struct progress *p, uint64_t units)
{
	struct timespec now;

	if (!p || !p->on)
		return;
	p->done += units;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ns_between(&p->start, &now) < FIRST_NS ||
	    ns_between(&p->last, &now) < EVERY_NS)
		return;
	p->last = now;
	p->shown = true;
	if (p->total)
		fprintf(p->fp, "\rpfnclass: %s: %.1f of %.1f %s (%u%%)\033[K", p->what,
			(double)p->done / p->scale, (double)p->total / p->scale, p->unit,
			(unsigned)(p->done * 100 / p->total));
	else
		fprintf(p->fp, "\rpfnclass: %s: %.1f %s\033[K", p->what,
			(double)p->done / p->scale, p->unit);
	fflush(p->fp);
}

void progress_end(struct progress *p)
{
	if (!p || !p->on || !p->shown)
		return;
	fputs("\r\033[K", p->fp);
	fflush(p->fp);
	p->shown = false;
}
