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

#define QMP_MAX_REPLY  (16u << 20) /* bytes of one message */
#define QMP_MAX_DEPTH  64	   /* JSON nesting */
#define QMP_READ_CHUNK 65536
/* A whole session (greeting and every command) ends within this many timeouts. */
#define QMP_SESSION_TIMEOUTS 4

struct json_tokener;

struct qmp {
	int fd;
	char *buf; /* received bytes not fed to the tokener yet */
	size_t len, cap;
	struct json_tokener *tok; /* the message being parsed */
	size_t msg_bytes;	  /* its bytes parsed so far */
	int timeout_ms;		  /* bound of every single wait */
	long long session_end;	  /* CLOCK_MONOTONIC ms: bound of the whole session */
	unsigned events;	  /* messages skipped while waiting for a reply */
	unsigned next_id;
	int version[3];	 /* QEMU major, minor, micro from the greeting */
	char error[256]; /* what went wrong: QEMU's error, or what a wait ended on */
};

/*
 * Connect to PATH and negotiate. Errors: -ENOENT, -ECONNREFUSED (nobody listening),
 * -EBUSY (connected but no greeting: another client holds the monitor), -ETIMEDOUT,
 * -EPROTO (not QMP), -ECONNRESET (closed), -EMSGSIZE (a message over QMP_MAX_REPLY),
 * -errno. q->error says what happened, also after a failed qmp_open().
 */
int qmp_open(struct qmp *q, const char *path, int timeout_ms);
void qmp_close(struct qmp *q);
/*
 * Run an HMP command; *OUT receives its text (free it). -EIO when QEMU answers with an
 * error, the errors of qmp_open() otherwise; q->error says what happened.
 */
int qmp_hmp(struct qmp *q, const char *cmdline, char **out);

#endif
