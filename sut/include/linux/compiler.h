/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/compiler.h>: likely/unlikely, READ_ONCE/WRITE_ONCE,
 * and (through <linux/compiler_types.h>) the attributes such as __packed.
 * Leaves out: data-race annotations, barriers, the type checks of
 * READ_ONCE. Stricter: nothing.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <linux/compiler_types.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* _LINUX_COMPILER_H */
