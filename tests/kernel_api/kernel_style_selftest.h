/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points of kernel_style_selftest.c for the C++ test: each runs as
 * one kernel operation under lu_world_enter(), with plain C types only so
 * that the test needs none of the kernel headers.
 */
#ifndef _KERNEL_STYLE_SELFTEST_H
#define _KERNEL_STYLE_SELFTEST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kclient_selftest {
	unsigned int nr_devs;	/* records to add, one per fake device */
	uint64_t handle;	/* out: physical address of the chain */
	unsigned int found;	/* out: records found again by lookup */
};

/* Store @nr_devs records, keep them preserved; the handle comes back. */
int kclient_selftest_preserve(void *arg);
/* Store @nr_devs records and let go of them in the same kernel. */
int kclient_selftest_unpreserve(void *arg);
/* In the next kernel: take the chain back, look every record up, finish. */
int kclient_selftest_restore(void *arg);

#ifdef __cplusplus
}
#endif

#endif /* _KERNEL_STYLE_SELFTEST_H */
