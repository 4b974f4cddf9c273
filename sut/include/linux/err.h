/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/err.h>: errors encoded in the top page of pointers.
 * Leaves out: PTR_ERR_OR_ZERO's __must_check. Stricter: nothing; an ERR_PTR
 * that is dereferenced faults and is reported as an oops by the runtime.
 */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#define ERR_CAST(ptr) ((void *)(ptr))

#endif /* _LINUX_ERR_H */
