/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/types.h>: the fixed-width kernel integer types. It
 * also includes <linux/compiler_types.h>, which Kbuild would force-include
 * before any line of a kernel file: every shim includes this header.
 * Leaves out: __bitwise endian types, atomic_t. Stricter: nothing.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

/* The UAPI header of the same name (__u32, ...), which libc headers expect. */
#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/compiler_types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;

#endif /* _LINUX_TYPES_H */
