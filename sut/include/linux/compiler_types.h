/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/compiler_types.h> and <linux/compiler_attributes.h>,
 * which Kbuild force-includes into every kernel file (here <linux/types.h>
 * includes this, so every shim user has it), and for part of the kernel's
 * default warning set (scripts/Makefile.extrawarn): in C, four warnings of
 * -Wall that the kernel's default build turns off are off from here on, as
 * kernel code relies on that (the address of a member of a __packed struct,
 * a variable only assigned, an unused static const, pointer signedness).
 * Also brings <linux/kconfig.h>, as Kbuild does.
 * Leaves out: sparse annotations (defined empty), the attributes no shim
 * user needs. Stricter: nothing.
 */
#ifndef _LINUX_COMPILER_TYPES_H
#define _LINUX_COMPILER_TYPES_H

#include <linux/kconfig.h>

#ifndef __cplusplus
#ifdef __clang__
#if __has_warning("-Waddress-of-packed-member")
#pragma clang diagnostic ignored "-Waddress-of-packed-member"
#endif
#if __has_warning("-Wunused-but-set-variable")
#pragma clang diagnostic ignored "-Wunused-but-set-variable"
#endif
#pragma clang diagnostic ignored "-Wunused-const-variable"
#pragma clang diagnostic ignored "-Wpointer-sign"
#else
#pragma GCC diagnostic ignored "-Waddress-of-packed-member"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#pragma GCC diagnostic ignored "-Wpointer-sign"
#endif
#endif /* !__cplusplus */

#define __packed __attribute__((packed))
#define __must_check __attribute__((warn_unused_result))
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __cleanup(fn) __attribute__((cleanup(fn)))
#define __counted_by(m)
#define __iomem
#define __user
#define __force

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#endif /* _LINUX_COMPILER_TYPES_H */
