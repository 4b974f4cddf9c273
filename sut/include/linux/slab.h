/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/slab.h>: kzalloc/kmalloc/kfree and friends, the
 * typed kzalloc_obj(P [, gfp]) / kzalloc_objs(P, n [, gfp]) family (P is a
 * type or an expression; the result points to its type; GFP_KERNEL when no
 * flags are given), and __free(kfree).
 * Leaves out: caches, GFP semantics (flags are accepted and ignored),
 * kmalloc's uninitialised contents (every block is zeroed).
 * Stricter: every allocation is the fault site "kzalloc" and a scheduling
 * point; kfree of a pointer not handed out (or already freed) is reported;
 * freeing a block that holds a locked mutex is reported; blocks are tracked
 * per world with the line that allocated them (kzalloc is a macro passing
 * its caller's site), so memory the series still holds when the model says
 * it should be gone is a failure that names where it was allocated.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/cleanup.h>
#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/alloc_tag.h>
#include <linux/types.h>

void *lu_kzalloc(size_t size, gfp_t flags, const struct lu_alloc_site *at);
void kfree(const void *p);

#define kzalloc(size, flags) lu_kzalloc(size, flags, LU_ALLOC_SITE())
#define kfree(p) LU_FROM_CALLER(kfree(p))

#define kmalloc(size, flags) kzalloc(size, flags)
#define kcalloc(n, size, flags) kzalloc(size_mul(n, size), flags)
#define kmalloc_array(n, size, flags) kzalloc(size_mul(n, size), flags)

/* The optional flags argument of the *_obj helpers. */
#define __lu_obj_gfp(...) __lu_obj_gfp_pick(, ##__VA_ARGS__, GFP_KERNEL)
#define __lu_obj_gfp_pick(_none, _gfp, ...) _gfp

#define __lu_alloc_objs(_alloc, _type, _n, _gfp) \
	((_type *)_alloc(size_mul(sizeof(_type), _n), _gfp))

#define kmalloc_obj(P, ...) \
	__lu_alloc_objs(kmalloc, __typeof__(P), 1, __lu_obj_gfp(__VA_ARGS__))
#define kmalloc_objs(P, n, ...) \
	__lu_alloc_objs(kmalloc, __typeof__(P), n, __lu_obj_gfp(__VA_ARGS__))
#define kzalloc_obj(P, ...) \
	__lu_alloc_objs(kzalloc, __typeof__(P), 1, __lu_obj_gfp(__VA_ARGS__))
#define kzalloc_objs(P, n, ...) \
	__lu_alloc_objs(kzalloc, __typeof__(P), n, __lu_obj_gfp(__VA_ARGS__))

DEFINE_FREE(kfree, void *, if (_T) kfree(_T))

#endif /* _LINUX_SLAB_H */
