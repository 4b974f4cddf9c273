/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/errno.h>: the kernel's errno values are the host's
 * on Linux, so the UAPI header behind this one supplies them (glibc's own
 * <errno.h> reaches it through this path too).
 * Leaves out: kernel-internal codes above 511 (unused here). Stricter: nothing.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include_next <linux/errno.h>

#define MAX_ERRNO 4095

#endif /* _LINUX_ERRNO_H */
