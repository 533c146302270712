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

static int send_all(struct qmp *q, const char *s, size_t len)
{
	long long deadline = now_ms() + q->timeout_ms;

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

/* Parse one complete JSON value from the front of the buffer, if there is one. */
static int take_message(struct qmp *q, struct json_object **out)
{
	struct json_tokener *tok;
	struct json_object *o;
	size_t skip = 0, used;

	*out = NULL;
	while (skip < q->len && strchr(" \t\r\n", q->buf[skip]))
		skip++;
	if (skip == q->len) {
		q->len = 0;
		return 0;
	}
	tok = json_tokener_new_ex(64);
	if (!tok)
		return -ENOMEM;
	o = json_tokener_parse_ex(tok, q->buf + skip, (int)(q->len - skip));
	if (!o && json_tokener_get_error(tok) == json_tokener_continue) {
		json_tokener_free(tok);
		return 0; /* need more bytes */
	}
	if (!o) {
		json_tokener_free(tok);
		return -EPROTO;
	}
	used = skip + json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	memmove(q->buf, q->buf + used, q->len - used);
	q->len -= used;
	*out = o;
	return 1;
}

/* Next message from QEMU, waiting until DEADLINE. */
static int read_message(struct qmp *q, long long deadline, struct json_object **out)
{
	for (;;) {
		ssize_t n;
		int err = take_message(q, out);

		if (err)
			return err < 0 ? err : 0;
		if (q->len >= QMP_MAX_REPLY)
			return -EMSGSIZE;
		if (q->cap - q->len < 65536) {
			size_t cap = q->cap ? q->cap * 2 : 131072;
			char *b;

			if (cap > QMP_MAX_REPLY + 65536)
				cap = QMP_MAX_REPLY + 65536;
			b = realloc(q->buf, cap);
			if (!b)
				return -ENOMEM;
			q->buf = b;
			q->cap = cap;
		}
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

/* Send CMD (a JSON object with "id" = ID) and wait for the reply carrying that id. */
static int execute(struct qmp *q, struct json_object *cmd, unsigned id,
		   struct json_object **ret)
{
	const char *s = json_object_to_json_string_ext(cmd, JSON_C_TO_STRING_PLAIN);
	long long deadline;
	int err;

	*ret = NULL;
	if (!s)
		return -ENOMEM;
	err = send_all(q, s, strlen(s));
	if (!err)
		err = send_all(q, "\n", 1);
	if (err < 0)
		return err;
	deadline = now_ms() + q->timeout_ms;
	for (;;) {
		struct json_object *m, *v;

		err = read_message(q, deadline, &m);
		if (err < 0)
			return err;
		if (!json_object_is_type(m, json_type_object) ||
		    json_object_object_get_ex(m, "event", NULL) ||
		    !json_object_object_get_ex(m, "id", &v) ||
		    (unsigned)json_object_get_int64(v) != id) {
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
			return -EPROTO;
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
	int err = read_message(q, now_ms() + q->timeout_ms, &m);

	if (err == -ETIMEDOUT)
		return -EBUSY; /* accepted into the backlog but nobody serves us */
	if (err < 0)
		return err;
	if (!json_object_object_get_ex(m, "QMP", &g)) {
		json_object_put(m);
		return -EPROTO;
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
	q->next_id = 1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return -errno;
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno == EAGAIN)
			err = -EBUSY; /* the listen backlog is full */
		else if (errno != EINPROGRESS)
			err = -errno;
		else
			err = wait_fd(q->fd, POLLOUT, now_ms() + timeout_ms);
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
	err = execute(q, cmd, q->next_id++, &ret);
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
	err = execute(q, cmd, q->next_id++, &ret);
	json_object_put(cmd);
	if (err < 0)
		return err;
	if (!json_object_is_type(ret, json_type_string)) {
		json_object_put(ret);
		return -EPROTO;
	}
	*out = strdup(json_object_get_string(ret));
	json_object_put(ret);
	return *out ? 0 : -ENOMEM;
}
