/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/kernel.h>, <linux/container_of.h>, <linux/minmax.h>
 * and <linux/bits.h>: the helpers the port uses. It brings <linux/bug.h>,
 * <linux/export.h> and <linux/printk.h>, which kernel code gets along with
 * it in the kernel (export.h through linkage.h).
 * Leaves out: the type checks of min()/max() and container_of().
 * Stricter: nothing.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/printk.h>
#include <linux/types.h>

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1UL << (n))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#endif /* _LINUX_KERNEL_H */
