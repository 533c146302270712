/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small QMP client (json-c) for QEMU's UNIX-socket monitor: connect with a timeout,
 * read the greeting, negotiate capabilities and run HMP commands through
 * human-monitor-command. Every wait is bounded by the timeout and every reply by a size
 * cap; asynchronous events are skipped. Only read-only "info" and "gpa2hva" commands are
 * ever sent by pfnclass.
 */
#ifndef PFNCLASS_QMP_H
#define PFNCLASS_QMP_H

#include <stddef.h>

#define QMP_MAX_REPLY (16u << 20)

struct qmp {
	int fd;
	char *buf; /* received bytes not parsed yet */
	size_t len, cap;
	int timeout_ms;
	unsigned next_id;
	int version[3]; /* QEMU major, minor, micro from the greeting */
	char error[256]; /* last error text from QEMU */
};

/*
 * Connect to PATH and negotiate. Errors: -ENOENT, -ECONNREFUSED (nobody listening),
 * -EBUSY (connected but no greeting: another client holds the monitor), -ETIMEDOUT,
 * -EPROTO (not QMP), -errno.
 */
int qmp_open(struct qmp *q, const char *path, int timeout_ms);
void qmp_close(struct qmp *q);
/* Run an HMP command; *OUT receives its text (free it). -EIO with q->error on error. */
int qmp_hmp(struct qmp *q, const char *cmdline, char **out);

#endif
