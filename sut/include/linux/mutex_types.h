/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/mutex_types.h>: struct mutex alone, for headers that
 * embed one (<linux/mutex.h> includes it).
 * Leaves out: wait lists, spinning and lockdep maps; the fields are the
 * simulation's (owning task, liveness magic, waiters, name). Stricter: see
 * <linux/mutex.h>.
 */
#ifndef _LINUX_MUTEX_TYPES_H
#define _LINUX_MUTEX_TYPES_H

struct mutex {
	int owner;            /* task id, 0 when free */
	unsigned int magic;
	unsigned int waiters;
	const char *name;
};

#endif /* _LINUX_MUTEX_TYPES_H */
