/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/compiler.h> and <linux/compiler_attributes.h>:
 * __packed, __must_check, likely/unlikely, READ_ONCE/WRITE_ONCE.
 * Leaves out: sparse annotations (defined empty). Stricter: nothing.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __packed __attribute__((packed))
#define __must_check __attribute__((warn_unused_result))
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __cleanup(fn) __attribute__((cleanup(fn)))
#define __counted_by(m)
#define __iomem
#define __user
#define __force
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#endif /* _LINUX_COMPILER_H */
