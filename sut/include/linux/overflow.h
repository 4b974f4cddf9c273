/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/overflow.h>: checked arithmetic and the sizes of
 * arrays and of structs with a flexible array, which saturate at SIZE_MAX
 * so that an allocation of an overflowing size fails instead of being
 * short.
 * Leaves out: the signed and wrapping helpers, overflows_type(). Stricter:
 * nothing.
 */
#ifndef _LINUX_OVERFLOW_H
#define _LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d) __builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)

static inline size_t size_mul(size_t a, size_t b)
{
	size_t bytes;

	if (check_mul_overflow(a, b, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t size_add(size_t a, size_t b)
{
	size_t bytes;

	if (check_add_overflow(a, b, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define array_size(n, size) size_mul(n, size)
#define flex_array_size(p, member, count) \
	size_mul(count, sizeof(*(p)->member))
#define struct_size(p, member, count) \
	size_add(sizeof(*(p)), flex_array_size(p, member, count))

#endif /* _LINUX_OVERFLOW_H */
