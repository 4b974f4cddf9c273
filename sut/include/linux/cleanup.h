/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/cleanup.h>: scope-based release with guard(),
 * scoped_guard() and __free(), built on the compiler's cleanup attribute.
 * Leaves out: DEFINE_CLASS with extra arguments, no_free_ptr()/retain.
 * Stricter: nothing here; the mutex itself checks ownership. A fatal event
 * unwinds past these scopes without running them (the world is discarded).
 */
#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H

#include <linux/compiler.h>
#include <linux/mutex.h>

#define DEFINE_GUARD(_name, _type, _lock, _unlock)                           \
	typedef _type class_##_name##_t;                                     \
	static inline void class_##_name##_destructor(_type *p)              \
	{                                                                    \
		_type _T = *p;                                               \
		if (_T) {                                                    \
			_unlock;                                             \
		}                                                            \
	}                                                                    \
	static inline _type class_##_name##_constructor(_type _T)            \
	{                                                                    \
		_lock;                                                       \
		return _T;                                                   \
	}

#define guard(_name)                                                         \
	class_##_name##_t __UNIQUE_ID(guard)                                 \
		__cleanup(class_##_name##_destructor) =                      \
			class_##_name##_constructor

#define __scoped_guard(_name, _id, ...)                                      \
	for (class_##_name##_t _id __cleanup(class_##_name##_destructor) =   \
		     class_##_name##_constructor(__VA_ARGS__),               \
		     *__PASTE(_id, _done) = NULL;                            \
	     !__PASTE(_id, _done); __PASTE(_id, _done) = (void *)1)

#define scoped_guard(_name, ...) \
	__scoped_guard(_name, __UNIQUE_ID(scope), __VA_ARGS__)

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#define __free(_name) __cleanup(__free_##_name)
#define DEFINE_FREE(_name, _type, _free) \
	static inline void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }

#endif /* _LINUX_CLEANUP_H */
