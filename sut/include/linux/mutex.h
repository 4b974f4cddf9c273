/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/mutex.h> and lockdep_assert_held() of
 * <linux/lockdep.h>: sleeping locks with an owner, and guard(mutex) /
 * scoped_guard(mutex, ...) of <linux/cleanup.h>, which it includes.
 * Leaves out: lock classes, spinning, interruptible and killable variants.
 * Stricter: every mutex records its owning task; locking one you hold,
 * unlocking one you do not hold, using one never initialised or destroyed,
 * a NULL-based mutex pointer, and freeing memory that holds a locked or
 * waited-on mutex are all reported (fatal); lockdep_assert_held() is always
 * on. Lock and unlock are scheduling points; a held mutex blocks the task
 * through the hooks, and a wait no task can end is reported as a deadlock.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/alloc_tag.h>
#include <linux/cleanup.h>
#include <linux/mutex_types.h>
#include <linux/types.h>

void lu_mutex_init(struct mutex *lock, const char *name);
void mutex_lock(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
void mutex_destroy(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
void lu_lockdep_assert_held(struct mutex *lock, const char *expr,
			    const char *file, int line);

#define mutex_init(lock) lu_mutex_init(lock, #lock)
#define mutex_lock(lock) LU_FROM_CALLER(mutex_lock(lock))
#define mutex_unlock(lock) LU_FROM_CALLER(mutex_unlock(lock))
#define mutex_destroy(lock) LU_FROM_CALLER(mutex_destroy(lock))
#define lockdep_assert_held(lock) \
	lu_lockdep_assert_held(lock, #lock, __FILE__, __LINE__)

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#endif /* _LINUX_MUTEX_H */
