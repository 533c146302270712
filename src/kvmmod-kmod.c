// SPDX-License-Identifier: GPL-2.0-or-later
/* libkmod view of the live system's KVM modules (program only; the core reads files). */
#include "config.h"

#include <string.h>

#ifdef HAVE_KMOD
#include <libkmod.h>
#endif

#include "kvmmod-kmod.h"

int kvm_mods_read_kmod(struct kvm_mods *km)
{
#ifdef HAVE_KMOD
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (!ctx)
		return -ENOMEM;
	for (size_t i = 0; i < KVM_NMODS; i++) {
		struct kvm_mod *m = &km->m[i];
		struct kmod_module *mod = NULL;
		struct kmod_list *info = NULL, *l;
		int st;

		if (kmod_module_new_from_name(ctx, m->name, &mod) < 0)
			continue;
		/*
		 * The files (proc/modules, sys/module/NAME/initstate) are authoritative
		 * for what they show; libkmod adds what they cannot (modules.builtin,
		 * versions).
		 */
		st = kmod_module_get_initstate(mod);
		if (m->state == KMS_ABSENT && st == KMOD_MODULE_BUILTIN)
			m->state = KMS_BUILTIN;
		else if (m->state == KMS_ABSENT &&
			 (st == KMOD_MODULE_LIVE || st == KMOD_MODULE_COMING))
			m->state = KMS_LOADED;
		if (m->state != KMS_ABSENT && !m->version[0] &&
		    kmod_module_get_info(mod, &info) >= 0) {
			kmod_list_foreach(l, info)
			{
				if (strcmp(kmod_module_info_get_key(l), "version") == 0) {
					const char *v = kmod_module_info_get_value(l);

					strncpy(m->version, v ? v : "",
						sizeof(m->version) - 1);
					break;
				}
			}
			kmod_module_info_free_list(info);
		}
		kmod_module_unref(mod);
	}
	kmod_unref(ctx);
	km->from_kmod = true;
	return 0;
#else
	(void)km;
	return -EOPNOTSUPP;
#endif
}
