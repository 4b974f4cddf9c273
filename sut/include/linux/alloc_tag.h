/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/alloc_tag.h>: allocation profiling, where each
 * allocation call is tagged with its file, line and function. As with
 * CONFIG_MEM_ALLOC_PROFILING, the allocators (kzalloc, alloc_pages,
 * kho_alloc_preserve, kho_restore_folio, ...) are macros over functions
 * that take the tag.
 * Leaves out: per-CPU counters, /proc/allocinfo, modules.
 * Stricter: the tag stays with the allocation, so memory the series still
 * holds when the model says it should be gone is named by where it was
 * allocated or restored, and the series' own holdings are counted.
 */
#ifndef _LINUX_ALLOC_TAG_H
#define _LINUX_ALLOC_TAG_H

#include <stdbool.h>

struct lu_alloc_site {
	const char *file;
	const char *func;
	int line;
	signed char series; /* lu_site_in_series(), once known; -1 before */
};

/* A pointer to a static record of the calling line. */
#define LU_ALLOC_SITE()                                                       \
	({                                                                    \
		static struct lu_alloc_site __lu_site = {                     \
			__FILE__, __func__, __LINE__, -1                      \
		};                                                            \
		&__lu_site;                                                   \
	})

/*
 * The series' line that called a primitive (kfree, folio_put, the KHO calls,
 * mutex_lock, ...), per task, so that the misuse the primitive reports names
 * it: "[from fn() at drivers/iommu/liveupdate.c:123]". Calls from the
 * simulation's own code leave it as it is (one test of a cached flag). The
 * last such line stays recorded as well, for a fault (an oops) in the
 * series' own code: "[after fn() at ...]".
 */
struct lu_call_frame {
	const struct lu_alloc_site **slot; /* the task's entry, when set */
	const struct lu_alloc_site *prev;
};
void lu_call_site_enter(struct lu_call_frame *f, const struct lu_alloc_site *at);
static inline void lu_call_site_leave(const struct lu_call_frame *f)
{
	if (f->slot)
		*f->slot = f->prev;
}
/*
 * The same, around a call that returns a value and never sleeps (the
 * direct-map translations): one entry for the world rather than per task.
 */
void lu_call_site_enter_nosleep(struct lu_call_frame *f,
				const struct lu_alloc_site *at);
/* Opens the frame __lu_f of the calling line, through @enter when it is the series'. */
#define __LU_CALL_FRAME(enter)                                                \
	struct lu_call_frame __lu_f = { 0, 0 };                               \
	const struct lu_alloc_site *__lu_at = LU_ALLOC_SITE();                \
	if (__lu_at->series)                                                  \
	enter(&__lu_f, __lu_at)
#define LU_FROM_CALLER_RET(call)                                              \
	({                                                                    \
		__LU_CALL_FRAME(lu_call_site_enter_nosleep);                  \
		__typeof__(call) __lu_r = call;                               \
		lu_call_site_leave(&__lu_f);                                  \
		__lu_r;                                                       \
	})
#define LU_FROM_CALLER(call)                                                  \
	({                                                                    \
		__LU_CALL_FRAME(lu_call_site_enter);                          \
		call;                                                         \
		lu_call_site_leave(&__lu_f);                                  \
	})

/*
 * The series under test is the code of drivers/iommu/liveupdate*.c (the
 * port's files, or a kernel tree's liveupdate.c); everything else (KHO, LUO,
 * the mock driver, the iommufd stand-in) belongs to the simulation.
 */
bool lu_site_in_series(const struct lu_alloc_site *at);

#endif /* _LINUX_ALLOC_TAG_H */
