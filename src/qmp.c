// SPDX-License-Identifier: GPL-2.0-or-later
/* QMP client over a UNIX socket with poll()-bounded waits (see qmp.h). */
#include "config.h"

#include "qmp.h"

#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "macro.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long long left = deadline - now_ms();
		int n;

		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n > 0)
			return 0;
	}
}

/* The deadline of one wait: the per-wait timeout, within the session's budget. */
static long long deadline_of(const struct qmp *q)
{
	long long d = now_ms() + q->timeout_ms;

	return d < q->session_end ? d : q->session_end;
}

static int send_all(struct qmp *q, const char *s, size_t len)
{
	long long deadline = deadline_of(q);

	while (len) {
		ssize_t n = send(q->fd, s, len, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			int err = wait_fd(q->fd, POLLOUT, deadline);

			if (err < 0)
				return err;
			continue;
		}
		if (n < 0)
			return -errno;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Parse one complete JSON value from the received bytes, if there is one. The tokener
 * keeps its state between calls and is fed each byte once, so a large reply costs time
 * in proportion to its size; MSG_BYTES counts the bytes of the value being parsed.
 */
static int take_message(struct qmp *q, struct json_object **out)
{
	struct json_object *o;
	enum json_tokener_error e;
	size_t used;

	*out = NULL;
	if (!q->len)
		return 0;
	if (!q->tok) {
		q->tok = json_tokener_new_ex(QMP_MAX_DEPTH);
		if (!q->tok)
			return -ENOMEM;
	}
	o = json_tokener_parse_ex(q->tok, q->buf, (int)q->len);
	e = json_tokener_get_error(q->tok);
	if (!o && e == json_tokener_continue) {
		q->msg_bytes += q->len;
		q->len = 0;
		return q->msg_bytes > QMP_MAX_REPLY ? -EMSGSIZE : 0;
	}
	if (!o) {
		json_tokener_reset(q->tok);
		return -EPROTO;
	}
	used = json_tokener_get_parse_end(q->tok);
	json_tokener_reset(q->tok);
	if (q->msg_bytes + used > QMP_MAX_REPLY) {
		json_object_put(o);
		return -EMSGSIZE;
	}
	memmove(q->buf, q->buf + used, q->len - used);
	q->len -= used;
	q->msg_bytes = 0;
	*out = o;
	return 1;
}

/* Next message from QEMU, waiting until DEADLINE. */
static int read_message(struct qmp *q, long long deadline, struct json_object **out)
{
	if (!q->buf) {
		q->buf = malloc(QMP_READ_CHUNK);
		if (!q->buf)
			return -ENOMEM;
		q->cap = QMP_READ_CHUNK;
	}
	for (;;) {
		ssize_t n;
		int err = take_message(q, out);

		if (err)
			return err < 0 ? err : 0;
		err = wait_fd(q->fd, POLLIN, deadline);
		if (err < 0)
			return err;
		n = recv(q->fd, q->buf + q->len, q->cap - q->len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ECONNRESET;
		q->len += (size_t)n;
	}
}

/* Say in q->error what went wrong while waiting for WHAT. */
static int explain(struct qmp *q, int err, const char *what)
{
	char *e = q->error;
	size_t n = sizeof(q->error);

	switch (err) {
	case -ETIMEDOUT:
		if (q->events)
			snprintf(e, n,
				 "no reply to %s within %d ms (%u asynchronous events "
				 "skipped)",
				 what, q->timeout_ms, q->events);
		else
			snprintf(e, n, "no reply to %s within %d ms", what,
				 q->timeout_ms);
		break;
	case -ECONNRESET:
	case -EPIPE:
		snprintf(e, n, "the peer closed the connection during %s", what);
		break;
	case -EPROTO:
		snprintf(e, n,
			 "the answer to %s is not QMP (not JSON or not a QMP message)",
			 what);
		break;
	case -EMSGSIZE:
		snprintf(e, n, "the answer to %s is larger than %u MiB", what,
			 QMP_MAX_REPLY >> 20);
		break;
	default:
		if (err < 0 && err != -EIO)
			snprintf(e, n, "%s: %s", what, strerror(-err));
		break;
	}
	return err;
}

/* Send CMD (a JSON object with "id" = ID) and wait for the reply carrying that id. */
static int execute(struct qmp *q, struct json_object *cmd, unsigned id, const char *what,
		   struct json_object **ret)
{
	const char *s = json_object_to_json_string_ext(cmd, JSON_C_TO_STRING_PLAIN);
	long long deadline;
	int err;

	*ret = NULL;
	if (!s)
		return -ENOMEM;
	q->events = 0;
	err = send_all(q, s, strlen(s));
	if (!err)
		err = send_all(q, "\n", 1);
	if (err < 0)
		return explain(q, err, what);
	deadline = deadline_of(q);
	for (;;) {
		struct json_object *m, *v;

		err = read_message(q, deadline, &m);
		if (err < 0)
			return explain(q, err, what);
		if (!json_object_is_type(m, json_type_object)) {
			json_object_put(m);
			return explain(q, -EPROTO, what);
		}
		if (json_object_object_get_ex(m, "event", NULL) ||
		    !json_object_object_get_ex(m, "id", &v) ||
		    (unsigned)json_object_get_int64(v) != id) {
			q->events++;
			json_object_put(m); /* events and stale replies */
			continue;
		}
		if (json_object_object_get_ex(m, "error", &v)) {
			struct json_object *d;
			const char *desc = "error";

			if (json_object_object_get_ex(v, "desc", &d))
				desc = json_object_get_string(d);
			snprintf(q->error, sizeof(q->error), "%s", desc ? desc : "error");
			json_object_put(m);
			return -EIO;
		}
		if (!json_object_object_get_ex(m, "return", &v)) {
			json_object_put(m);
			return explain(q, -EPROTO, what);
		}
		*ret = json_object_get(v);
		json_object_put(m);
		return 0;
	}
}

static struct json_object *new_command(const char *name, unsigned id)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_object_object_add(o, "execute", json_object_new_string(name));
	json_object_object_add(o, "id", json_object_new_int64(id));
	return o;
}

static int read_greeting(struct qmp *q)
{
	struct json_object *m, *g, *v, *x;
	int err = read_message(q, deadline_of(q), &m);

	if (err == -ETIMEDOUT) {
		/* Accepted into the backlog, but nobody serves us. */
		snprintf(q->error, sizeof(q->error), "no QMP greeting within %d ms",
			 q->timeout_ms);
		return -EBUSY;
	}
	if (err < 0)
		return explain(q, err, "the greeting");
	if (!json_object_is_type(m, json_type_object) ||
	    !json_object_object_get_ex(m, "QMP", &g)) {
		json_object_put(m);
		return explain(q, -EPROTO, "the greeting");
	}
	if (json_object_object_get_ex(g, "version", &v) &&
	    json_object_object_get_ex(v, "qemu", &v)) {
		static const char *const keys[] = { "major", "minor", "micro" };

		for (int i = 0; i < 3; i++)
			if (json_object_object_get_ex(v, keys[i], &x))
				q->version[i] = json_object_get_int(x);
	}
	json_object_put(m);
	return 0;
}

int qmp_open(struct qmp *q, const char *path, int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct json_object *cmd, *ret;
	int err;

	memset(q, 0, sizeof(*q));
	q->fd = -1;
	q->timeout_ms = timeout_ms;
	q->session_end = now_ms() + (long long)timeout_ms * QMP_SESSION_TIMEOUTS;
	q->next_id = 1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return -errno;
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno == EAGAIN) {
			err = -EBUSY;
			snprintf(q->error, sizeof(q->error), "listen backlog full");
		} else if (errno != EINPROGRESS)
			err = -errno;
		else
			err = wait_fd(q->fd, POLLOUT, deadline_of(q));
		if (err == -ETIMEDOUT)
			snprintf(q->error, sizeof(q->error), "no connection within %d ms",
				 timeout_ms);
		if (err < 0)
			goto fail;
	}
	err = read_greeting(q);
	if (err < 0)
		goto fail;
	cmd = new_command("qmp_capabilities", q->next_id);
	if (!cmd) {
		err = -ENOMEM;
		goto fail;
	}
	err = execute(q, cmd, q->next_id++, "qmp_capabilities", &ret);
	json_object_put(cmd);
	json_object_put(ret);
	if (err < 0)
		goto fail;
	return 0;
fail:
	qmp_close(q);
	return err;
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	free(q->buf);
	q->buf = NULL;
	q->len = q->cap = 0;
	if (q->tok)
		json_tokener_free(q->tok);
	q->tok = NULL;
}

int qmp_hmp(struct qmp *q, const char *cmdline, char **out)
{
	struct json_object *cmd = new_command("human-monitor-command", q->next_id);
	struct json_object *args = json_object_new_object(), *ret = NULL;
	int err;

	*out = NULL;
	if (!cmd || !args) {
		json_object_put(cmd);
		json_object_put(args);
		return -ENOMEM;
	}
	json_object_object_add(args, "command-line", json_object_new_string(cmdline));
	json_object_object_add(cmd, "arguments", args);
	err = execute(q, cmd, q->next_id++, cmdline, &ret);
	json_object_put(cmd);
	if (err < 0)
		return err;
	if (!json_object_is_type(ret, json_type_string)) {
		json_object_put(ret);
		return explain(q, -EPROTO, cmdline);
	}
	*out = strdup(json_object_get_string(ret));
	json_object_put(ret);
	return *out ? 0 : -ENOMEM;
}
