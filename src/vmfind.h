/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding VMs: every process holding an anon_inode:kvm-vm file descriptor, plus QEMU
 * processes without one (TCG guests). Names the VMM, the guest (-name, libvirt domain)
 * and the QMP sockets found on the QEMU command line. Reads proc through the sysroot.
 */
#ifndef PFNCLASS_VMFIND_H
#define PFNCLASS_VMFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysroot.h"

#define VM_MAX_ARGS 4096
#define VM_MAX_LIST 64 /* QMP sockets, backends, NUMA nodes kept per VM */

enum vmm_type {
	VMM_UNKNOWN,
	VMM_QEMU,
	VMM_FIRECRACKER,
	VMM_CLOUD_HYPERVISOR,
	VMM_CROSVM,
	VMM_KVMTOOL,
	VMM__COUNT
};

struct qemu_backend {
	char *id;
	char *type; /* "ram", "memfd", "file" (from memory-backend-TYPE) */
	uint64_t size;
	char *mem_path; /* file backends */
};

/* What the QEMU command line says about memory (for inferred maps). */
struct qemu_args {
	uint64_t ram_size; /* -m, bytes; 0 when not given */
	char *machine; /* -machine type ("q35", "pc-i440fx-7.2"), NULL for the default */
	char *memory_backend; /* -machine memory-backend=ID */
	struct qemu_backend be[VM_MAX_LIST];
	size_t nbe;
	char *numa_memdev[VM_MAX_LIST]; /* -numa node,memdev=ID in order */
	size_t nnuma;
};

struct vm_info {
	pid_t pid;
	enum vmm_type vmm;
	bool kvm; /* holds anon_inode:kvm-vm: accel kvm; else tcg (QEMU only) */
	char *comm;
	char *name;	     /* guest name when the VMM says it, else NULL */
	bool libvirt;	     /* started by libvirt */
	bool hidden_monitor; /* a QMP monitor exists but is passed as an fd (libvirt) */
	char *qmp[8]; /* QMP socket paths as given (may be relative to the VMM's cwd) */
	size_t nqmp;
	struct qemu_args qa;
};

const char *vmm_name(enum vmm_type t);
/* VMM from an executable or argv[0] path (basename matched). */
enum vmm_type vmm_from_exe(const char *path);

/* Parse a NUL-separated argv (as in /proc/PID/cmdline) into VI (vmm must be set). */
int vm_parse_cmdline(const char *args, size_t len, struct vm_info *vi);
/* Parse a QEMU size ("1024" = MiB, "4G", "512M", "size=1G,slots=2"). */
int qemu_parse_size(const char *s, bool default_mib, uint64_t *out);

/* Look at one process: 1 and VI filled when it is a VM, 0 when not, -errno. */
int vm_probe(const struct sysroot *sr, pid_t pid, struct vm_info *vi);
/* Every VM on the host, sorted by PID. */
int vm_find_all(const struct sysroot *sr, struct vm_info **out, size_t *n);
void vm_info_free(struct vm_info *vi);
void vm_list_free(struct vm_info *v, size_t n);

#endif
