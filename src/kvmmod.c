// SPDX-License-Identifier: GPL-2.0-or-later
#include "kvmmod.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

const char *const kvm_module_names[KVM_NMODS] = {
	"kvm",	  "kvm_intel", "kvm_amd",    "kvm_pvm",
	"kvm_hv", "kvm_pr",    "kvm_e500v2", "kvm_e500mc",
};

const char *kvm_mod_state_name(enum kvm_mod_state s)
{
	static const char *const n[KMS__COUNT] = { "absent", "builtin", "loaded" };

	return (unsigned)s < KMS__COUNT ? n[s] : "?";
}

/* proc/modules: "name size refcount deps state address" */
static bool listed(const char *modules, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = modules; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ' ')
			return true;
	return false;
}

int kvm_mods_format(const struct kvm_mods *km, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < KVM_NMODS; i++) {
		int n = snprintf(buf + off, len - off, "%s %s%s%s\n", km->m[i].name,
				 kvm_mod_state_name(km->m[i].state),
				 km->m[i].version[0] ? " " : "", km->m[i].version);

		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += (size_t)n;
	}
	return (int)off;
}

/* A capture's record: trust it as the state on the captured host. */
static bool read_record(const struct sysroot *sr, struct kvm_mods *km)
{
	_cleanup_free_ char *text = NULL;
	const char *p;

	if (sysroot_read_text(sr, KVM_MODS_FILE, 64 << 10, &text) < 0)
		return false;
	for (size_t i = 0; i < KVM_NMODS; i++)
		km->m[i].name = kvm_module_names[i];
	for (p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		char line[160], name[32], state[16], version[64] = "";

		/* One line at a time: a format's blank would skip the newline. */
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
		if (sscanf(line, "%31s %15s %63[^\n]", name, state, version) < 2)
			continue;
		for (size_t i = 0; i < KVM_NMODS; i++) {
			if (strcmp(name, kvm_module_names[i]) != 0)
				continue;
			for (unsigned s = 0; s < KMS__COUNT; s++)
				if (strcmp(state, kvm_mod_state_name(s)) == 0)
					km->m[i].state = s;
			snprintf(km->m[i].version, sizeof(km->m[i].version), "%s",
				 version);
		}
	}
	return true;
}

int kvm_mods_read(const struct sysroot *sr, struct kvm_mods *km)
{
	_cleanup_free_ char *modules = NULL;

	memset(km, 0, sizeof(*km));
	if (!sr->live && read_record(sr, km))
		return 0;
	sysroot_read_text(sr, "proc/modules", 8 << 20, &modules);
	for (size_t i = 0; i < KVM_NMODS; i++) {
		struct kvm_mod *m = &km->m[i];
		char path[128];
		_cleanup_free_ char *text = NULL;

		m->name = kvm_module_names[i];
		if (modules && listed(modules, m->name)) {
			m->state = KMS_LOADED;
		} else {
			/* Built-in modules have a sys/module directory but no initstate
			 * file. */
			snprintf(path, sizeof(path), "sys/module/%s", m->name);
			if (sysroot_exists(sr, path)) {
				snprintf(path, sizeof(path), "sys/module/%s/initstate",
					 m->name);
				m->state = sysroot_exists(sr, path) ? KMS_LOADED
								    : KMS_BUILTIN;
			}
		}
		snprintf(path, sizeof(path), "sys/module/%s/version", m->name);
		if (m->state != KMS_ABSENT &&
		    sysroot_read_text(sr, path, 256, &text) == 0) {
			text[strcspn(text, "\n")] = '\0';
			snprintf(m->version, sizeof(m->version), "%s", text);
		}
	}
	return 0;
}
