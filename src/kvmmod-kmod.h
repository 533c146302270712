/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFNCLASS_KVMMOD_KMOD_H
#define PFNCLASS_KVMMOD_KMOD_H

#include <errno.h>

#include "kvmmod.h"

/* Refine KM (already read from files) through libkmod: built-in detection, versions. */
int kvm_mods_read_kmod(struct kvm_mods *km);

#endif
