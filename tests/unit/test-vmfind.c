// SPDX-License-Identifier: GPL-2.0-or-later
/* VM discovery: command lines of QEMU (plain, libvirt) and other VMMs, and a fake proc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "vmfind.h"

static int parse(const char *const *argv, struct vm_info *vi)
{
	char buf[4096];
	size_t len = 0;

	memset(vi, 0, sizeof(*vi));
	for (; *argv; argv++) {
		size_t n = strlen(*argv) + 1;

		memcpy(buf + len, *argv, n);
		len += n;
	}
	return vm_parse_cmdline(buf, len, vi);
}

static void test_qemu(void)
{
	static const char *const a[] = {
		"/usr/bin/qemu-system-x86_64",
		"-name",
		"guest=web1,debug-threads=on",
		"-machine",
		"pc-q35-7.2,accel=kvm,memory-backend=pc.ram,,x",
		"-m",
		"4G",
		"--qmp",
		"unix:/run/a.sock,server=on,wait=off",
		"-chardev",
		"socket,id=mon1,path=/run/b,,c.sock,server=on,wait=off",
		"-mon",
		"chardev=mon1,mode=control",
		"-chardev",
		"socket,id=hmp,path=/run/hmp.sock,server=on",
		"-mon",
		"chardev=hmp,mode=readline",
		"-qmp",
		"unix:/run/a.sock,server,nowait",
		"-object",
		"memory-backend-file,id=r1,size=512M,mem-path=/dev/hugepages",
		"-object",
		"memory-backend-ram,id=r0,size=1024",
		"-object",
		"iothread,id=io0",
		"-numa",
		"node,nodeid=0,memdev=r0",
		"-numa",
		"node,nodeid=1,memdev=r1",
		NULL
	};
	struct vm_info vi;

	CHECK_INT(parse(a, &vi), 0);
	CHECK_INT(vi.vmm, VMM_QEMU);
	CHECK_STR(vi.name, "web1");
	CHECK_STR(vi.qa.machine, "pc-q35-7.2");
	CHECK_STR(vi.qa.memory_backend, "pc.ram,x");
	CHECK_U64(vi.qa.ram_size, 4ULL << 30);
	CHECK_INT(vi.nqmp, 2); /* duplicates dropped, HMP monitor ignored */
	CHECK_STR(vi.qmp[0], "/run/a.sock");
	CHECK_STR(vi.qmp[1], "/run/b,c.sock");
	CHECK(!vi.hidden_monitor);
	CHECK_INT(vi.qa.nbe, 2);
	CHECK_STR(vi.qa.be[0].id, "r1");
	CHECK_STR(vi.qa.be[0].type, "file");
	CHECK_STR(vi.qa.be[0].mem_path, "/dev/hugepages");
	CHECK_U64(vi.qa.be[0].size, 512ULL << 20);
	CHECK_U64(vi.qa.be[1].size, 1024); /* bytes without a suffix for objects */
	CHECK_INT(vi.qa.nnuma, 2);
	CHECK_STR(vi.qa.numa_memdev[1], "r1");
	vm_info_free(&vi);
}

static void test_libvirt(void)
{
	static const char *const a[] = { "/usr/bin/qemu-system-x86_64",
					 "-name",
					 "guest=db,debug-threads=on",
					 "-S",
					 "-object",
					 "secret,id=masterKey0,format=raw,file=/var/lib/"
					 "libvirt/qemu/domain-3-db/master-key.aes",
					 "-m",
					 "2048",
					 "-chardev",
					 "socket,id=charmonitor,fd=31,server=on,wait=off",
					 "-mon",
					 "chardev=charmonitor,id=monitor,mode=control",
					 NULL };
	struct vm_info vi;

	CHECK_INT(parse(a, &vi), 0);
	CHECK_STR(vi.name, "db");
	CHECK(vi.libvirt);
	CHECK(vi.hidden_monitor);
	CHECK_INT(vi.nqmp, 0);
	CHECK_U64(vi.qa.ram_size, 2048ULL << 20);
	vm_info_free(&vi);
}

static void test_others(void)
{
	static const char *const fc[] = {
		"/usr/bin/firecracker", "--api-sock", "/tmp/fc", "--id", "vm7", NULL
	};
	static const char *const lk[] = { "./lkvm", "run", "-m", "4096",
					  "--name", "kt",  NULL };
	static const char *const plain[] = { "-name", "x", NULL };
	struct vm_info vi;

	CHECK_INT(parse(fc, &vi), 0);
	CHECK_INT(vi.vmm, VMM_FIRECRACKER);
	CHECK_STR(vi.name, "vm7");
	vm_info_free(&vi);
	CHECK_INT(parse(lk, &vi), 0);
	CHECK_INT(vi.vmm, VMM_KVMTOOL);
	CHECK_STR(vi.name, "kt");
	vm_info_free(&vi);
	CHECK_INT(parse(plain, &vi), 0);
	CHECK_INT(vi.vmm, VMM_UNKNOWN);
	CHECK(vi.name == NULL);
	vm_info_free(&vi);
	CHECK_INT(vmm_from_exe("/usr/bin/cloud-hypervisor (deleted)"),
		  VMM_CLOUD_HYPERVISOR);
	CHECK_INT(vmm_from_exe("crosvm"), VMM_CROSVM);
	CHECK_INT(vmm_from_exe("/usr/libexec/qemu-kvm"), VMM_QEMU);
	CHECK_INT(vmm_from_exe("/bin/bash"), VMM_UNKNOWN);
	/* A truncated (unterminated) last argument is ignored. */
	memset(&vi, 0, sizeof(vi));
	CHECK_INT(vm_parse_cmdline("qemu-system-x86_64\0-name\0abc", 28, &vi), 0);
	CHECK(vi.name == NULL);
	vm_info_free(&vi);
}

static void test_sizes(void)
{
	uint64_t v = 0;

	CHECK_INT(qemu_parse_size("1024", true, &v), 0);
	CHECK_U64(v, 1ULL << 30);
	CHECK_INT(qemu_parse_size("size=1G,slots=2,maxmem=4G", true, &v), 0);
	CHECK_U64(v, 1ULL << 30);
	CHECK_INT(qemu_parse_size("512M", false, &v), 0);
	CHECK_U64(v, 512ULL << 20);
	CHECK_INT(qemu_parse_size("x", true, &v), -EINVAL);
	CHECK_INT(qemu_parse_size("99999999999999999999", true, &v), -ERANGE);
	CHECK_INT(qemu_parse_size("20000000000000T", false, &v), -ERANGE);
}

static void put(const char *dir, const char *rel, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

/* A fake proc: a KVM VMM (kvm-vm fd), a TCG QEMU, and a plain shell. */
static void test_find(void)
{
	char dir[] = "/tmp/test-vmfind.XXXXXX", path[512];
	static const char fcargs[] = "firecracker\0--id\0fc1\0";
	static const char qargs[] = "/usr/bin/qemu-system-x86_64\0-name\0tcg1\0";
	static const char sh[] = "/bin/sh\0";
	struct sysroot sr = { .dirfd = -1 };
	struct vm_info *list = NULL;
	size_t n = 0;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path),
		 "mkdir -p %s/proc/100/fd %s/proc/200/fd %s/proc/300/fd", dir, dir, dir);
	CHECK_INT(system(path), 0);
	put(dir, "proc/100/cmdline", fcargs, sizeof(fcargs) - 1);
	put(dir, "proc/100/comm", "fc_vmm\n", 7);
	snprintf(path, sizeof(path), "%s/proc/100/fd/11", dir);
	CHECK_INT(symlink("anon_inode:kvm-vm", path), 0);
	snprintf(path, sizeof(path), "%s/proc/100/fd/3", dir);
	CHECK_INT(symlink("/dev/kvm", path), 0);
	put(dir, "proc/200/cmdline", qargs, sizeof(qargs) - 1);
	put(dir, "proc/200/comm", "qemu-system-x86\n", 16);
	put(dir, "proc/300/cmdline", sh, sizeof(sh) - 1);
	put(dir, "proc/300/comm", "sh\n", 3);
	CHECK_INT(sysroot_init(&sr, dir), 0);
	CHECK_INT(vm_find_all(&sr, &list, &n), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(list[0].pid, 100);
		CHECK(list[0].kvm);
		CHECK_STR(list[0].name, "fc1");
		CHECK_INT(list[1].pid, 200);
		CHECK(!list[1].kvm);
		CHECK_INT(list[1].vmm, VMM_QEMU);
		CHECK_STR(list[1].name, "tcg1");
	}
	vm_list_free(list, n);
	sysroot_fini(&sr);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	CHECK_INT(system(path), 0);
}

int main(void)
{
	test_qemu();
	test_libvirt();
	test_others();
	test_sizes();
	test_find();
	return unit_exit("test-vmfind");
}
