/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/cleanup.h>: scope-based release with guard(),
 * scoped_guard(), __free(), no_free_ptr() and return_ptr(), built on the
 * compiler's cleanup attribute. The lock types define their guards where
 * the kernel does (guard(mutex) in <linux/mutex.h>).
 * Leaves out: DEFINE_CLASS with extra arguments, conditional guards, the
 * __must_check on no_free_ptr(). Stricter: nothing; the mutex itself checks
 * ownership. A fatal event unwinds past these scopes without running them
 * (the world is discarded).
 */
#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H

#include <linux/compiler.h>

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

/* The guard variable is used by its cleanup alone: older clang warns. */
#define guard(_name)                                                         \
	class_##_name##_t __UNIQUE_ID(guard) __maybe_unused                  \
		__cleanup(class_##_name##_destructor) =                      \
			class_##_name##_constructor

#define __scoped_guard(_name, _id, ...)                                      \
	for (class_##_name##_t _id __maybe_unused                            \
		     __cleanup(class_##_name##_destructor) =                 \
		     class_##_name##_constructor(__VA_ARGS__),               \
		     *__PASTE(_id, _done) = NULL;                            \
	     !__PASTE(_id, _done); __PASTE(_id, _done) = (void *)1)

#define scoped_guard(_name, ...) \
	__scoped_guard(_name, __UNIQUE_ID(scope), __VA_ARGS__)

#define __free(_name) __cleanup(__free_##_name)
#define DEFINE_FREE(_name, _type, _free) \
	static inline void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }

/* Take the pointer out of a __free() variable, so that it is not freed. */
#define no_free_ptr(p)                                                       \
	({                                                                   \
		__typeof__(p) __lu_ptr = (p);                                \
		(p) = NULL;                                                  \
		__lu_ptr;                                                    \
	})
#define return_ptr(p) return no_free_ptr(p)

#endif /* _LINUX_CLEANUP_H */
