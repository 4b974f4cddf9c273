/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/slab.h>: kzalloc/kmalloc/kfree and friends.
 * Leaves out: caches, GFP semantics (flags are accepted and ignored).
 * Stricter: every allocation is the fault site "kzalloc" and a scheduling
 * point; kfree of a pointer not handed out (or already freed) is reported;
 * freeing a block that holds a locked mutex is reported; blocks are tracked
 * per world so a leak at the end of a run is visible.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/cleanup.h>
#include <linux/gfp.h>
#include <linux/types.h>

void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *p);

#define kmalloc(size, flags) kzalloc(size, flags)
#define kcalloc(n, size, flags) kzalloc((n) * (size), flags)

DEFINE_FREE(kfree, void *, if (_T) kfree(_T))

#endif /* _LINUX_SLAB_H */
