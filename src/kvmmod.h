/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which KVM implementation the host runs: kvm, kvm_intel, kvm_amd, kvm_pvm, kvm_hv,
 * kvm_pr and the e500 variants, each built in, loaded or absent, with its version.
 * Read from proc/modules and sys/module below the sysroot; the live system can also be
 * asked through libkmod (kvmmod-kmod.c).
 */
#ifndef PFNCLASS_KVMMOD_H
#define PFNCLASS_KVMMOD_H

#include <stdbool.h>
#include <stddef.h>

#include "sysroot.h"

enum kvm_mod_state { KMS_ABSENT, KMS_BUILTIN, KMS_LOADED, KMS__COUNT };

struct kvm_mod {
	const char *name;
	enum kvm_mod_state state;
	char version[64]; /* "" when unknown */
};

#define KVM_NMODS 8

struct kvm_mods {
	struct kvm_mod m[KVM_NMODS];
	bool from_kmod; /* libkmod answered */
};

extern const char *const kvm_module_names[KVM_NMODS];

/*
 * Fill from the sysroot: a capture's own record (KVM_MODS_FILE) when there is one, else
 * proc/modules and sys/module/NAME/{initstate,version}.
 */
int kvm_mods_read(const struct sysroot *sr, struct kvm_mods *km);
/* The record a capture keeps: one "NAME STATE [VERSION]" line per module. */
#define KVM_MODS_FILE "pfnclass/kvm-modules"
int kvm_mods_format(const struct kvm_mods *km, char *buf, size_t len);
const char *kvm_mod_state_name(enum kvm_mod_state s);

#endif
