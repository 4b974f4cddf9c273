/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/gfp.h> / <linux/gfp_types.h>: allocation flags.
 * Leaves out: zones, reclaim and mobility modifiers (all accepted, ignored).
 * Stricter: memory allocated without __GFP_ZERO is filled with a pattern
 * (0xa5), so a reader of uninitialised memory sees garbage, not zeros.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#define GFP_KERNEL 0u
#define __GFP_ZERO 1u

#endif /* _LINUX_GFP_H */
