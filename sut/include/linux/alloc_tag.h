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
};

/* A pointer to a static record of the calling line. */
#define LU_ALLOC_SITE()                                                       \
	({                                                                    \
		static const struct lu_alloc_site __lu_site = {               \
			__FILE__, __func__, __LINE__                          \
		};                                                            \
		&__lu_site;                                                   \
	})

/*
 * The series under test is the code of drivers/iommu/liveupdate*.c (the
 * port's files, or a kernel tree's liveupdate.c); everything else (KHO, LUO,
 * the mock driver, the iommufd stand-in) belongs to the simulation.
 */
bool lu_site_in_series(const struct lu_alloc_site *at);

#endif /* _LINUX_ALLOC_TAG_H */
