/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The port's only way out to whoever drives it: fault sites, scheduling
 * points, reported events and the identity of the running task. The sut
 * owns this interface; a harness fills it in per world. Every hook has a
 * harmless default, so the port runs on its own.
 */
#ifndef LU_HOOKS_H
#define LU_HOOKS_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fault sites, each counted per world. */
#define LU_SITES(X)                   \
	X(kho_alloc_preserve)         \
	X(kho_preserve_folio)         \
	X(kho_restore_folio)          \
	X(kzalloc)                    \
	X(alloc_pages)                \
	X(drv_domain_preserve)        \
	X(drv_domain_restore)         \
	X(drv_iommu_preserve)         \
	X(drv_device_preserve)

enum lu_site {
#define LU_SITE_ENUM(name) LU_SITE_##name,
	LU_SITES(LU_SITE_ENUM)
#undef LU_SITE_ENUM
	LU_NR_SITES
};

/* Scheduling points: where a simulated thread may be preempted. */
#define LU_SCHED_KINDS(X) \
	X(lock)           \
	X(unlock)         \
	X(alloc)          \
	X(driver)         \
	X(flb_get)        \
	X(flb_put)

enum lu_sched_kind {
#define LU_SCHED_ENUM(name) LU_SCHED_##name,
	LU_SCHED_KINDS(LU_SCHED_ENUM)
#undef LU_SCHED_ENUM
	LU_NR_SCHED_KINDS
};

/*
 * Reported events. The fatal ones (bug, panic, oops) never return to the
 * code that raised them: the world's current task unwinds to its entry.
 */
#define LU_EVENT_KINDS(X) \
	X(bug)            \
	X(panic)          \
	X(oops)           \
	X(warn)           \
	X(kho)            \
	X(lock)           \
	X(mem)

enum lu_event_kind {
#define LU_EVENT_ENUM(name) LU_EV_##name,
	LU_EVENT_KINDS(LU_EVENT_ENUM)
#undef LU_EVENT_ENUM
	LU_NR_EVENT_KINDS
};

struct lu_hooks {
	void *ctx;
	/* Return true to make this call of @site fail. */
	bool (*should_fail)(void *ctx, enum lu_site site, unsigned long nth);
	/* The running task may be preempted here. */
	void (*sched_point)(void *ctx, enum lu_sched_kind kind, const void *obj);
	/*
	 * The running task cannot proceed until @obj is released. Return
	 * false when no other task can release it (a deadlock).
	 */
	bool (*block_on)(void *ctx, const void *obj);
	/* @obj was released; tasks blocked on it may run again. */
	void (*wake)(void *ctx, const void *obj);
	/* An event was recorded (it is also kept in the world's log). */
	void (*report)(void *ctx, enum lu_event_kind kind, const char *msg);
	/* Identity of the running task, 1-based; 0 is never a task. */
	int (*current_task)(void *ctx);
};

const char *lu_site_name(enum lu_site site);
const char *lu_sched_kind_name(enum lu_sched_kind kind);
const char *lu_event_kind_name(enum lu_event_kind kind);
bool lu_event_is_fatal(enum lu_event_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* LU_HOOKS_H */
