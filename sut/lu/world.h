/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One simulated machine: physical memory, the KHO ledger, LUO state, the
 * IOMMU state of the running kernel, the event log and the hooks. Every
 * piece of state the kernel keeps in globals lives here instead, so that
 * many worlds can exist in one process; lu_cur names the one running.
 */
#ifndef LU_WORLD_H
#define LU_WORLD_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include <lu/bugs.h>
#include <lu/hooks.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LU_MAX_TASKS 16
#define LU_MAX_EVENTS 64
#define LU_EVENT_MSG 192
#define LU_MAX_MUTEXES 64
#define LU_MAX_FLBS 4

struct page;
struct mutex;
struct lu_chunk;
struct lu_vmap;
struct luo_flb_state;
struct lu_kmem;
struct lu_alloc_site;

struct lu_event {
	enum lu_event_kind kind;
	int task;
	char msg[LU_EVENT_MSG];
};

/* Physical memory: struct page metadata in never-moving blocks. */
struct lu_mem {
	struct page **blocks;        /* blocks of LU_PAGE_BLOCK struct pages */
	unsigned long nr_blocks;
	unsigned long next_pfn;      /* pfns are handed out in order, never reused */
	struct lu_chunk *chunks;     /* host memory backing the frames */
	struct lu_chunk *dead_chunks;/* mappings of earlier kernels, poisoned */
	struct lu_vmap *vmap;        /* host page -> pfn, running kernel only */
	unsigned long frames_live;   /* allocated or restored frames */
	unsigned long series_frames; /* of those, allocated or restored by the series */
	unsigned long kho_marked;    /* ledger: frames preserved (head pages) */
	unsigned long kho_incoming;  /* frames with a KHO marker, not restored */
};

/* What the running kernel's IOMMU layer keeps in globals. */
struct lu_iommu_globals {
	void *flb;                   /* struct liveupdate_flb registered here */
	void *fh;                    /* the iommufd-like file handler */
	uint32_t next_domain_id;         /* the mock driver's domain ids */
};

struct lu_world {
	struct lu_hooks hooks;
	uint64_t bugs;
	bool kho_enabled;
	unsigned int boot;           /* 0: first kernel; +1 per kexec */
	bool dead;                   /* a fatal event happened */
	bool faults_off;             /* kexec re-probe: sites neither fail nor count */

	struct lu_mem mem;
	struct lu_kmem *kmem;        /* live kzalloc blocks */
	unsigned long kmem_live;
	unsigned long series_kmem;   /* of those, allocated by the series */

	/* LUO: registered FLBs and their outgoing/incoming state. */
	struct luo_flb_state *flbs[LU_MAX_FLBS];
	unsigned int nr_flbs;
	struct lu_iommu_globals iommu;
	struct mutex *luo_session_lock; /* LUO's session mutex (one session) */

	/* Mutexes that exist, so that freeing a held one is caught. */
	struct mutex *mutexes[LU_MAX_MUTEXES];
	unsigned int nr_mutexes;
	unsigned int locks_held[LU_MAX_TASKS + 1];

	unsigned long site_calls[LU_NR_SITES];
	unsigned long sched_points;

	struct lu_event events[LU_MAX_EVENTS];
	unsigned int nr_events;      /* total, may exceed LU_MAX_EVENTS */
	unsigned int nr_by_kind[LU_NR_EVENT_KINDS];

	/* The series' line in the primitive each task is in (<linux/alloc_tag.h>). */
	const struct lu_alloc_site *call_site[LU_MAX_TASKS + 1];
	const struct lu_alloc_site *last_site[LU_MAX_TASKS + 1];
	const struct lu_alloc_site *nosleep_site; /* in a translation, any task */

	/* Where a fatal event unwinds to, per task. */
	jmp_buf *landing[LU_MAX_TASKS + 1];
};

extern __thread struct lu_world *lu_cur;

int lu_current_task(void);

/* Count a call of @site and ask the hooks whether it fails. */
bool lu_should_fail(enum lu_site site);
void lu_sched_point(enum lu_sched_kind kind, const void *obj);

/* Record an event and nothing more. */
void lu_log(enum lu_event_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record an event; fatal kinds unwind and do not return. */
void lu_report(enum lu_event_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
__attribute__((noreturn)) void lu_fatal(enum lu_event_kind kind,
					const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Back to the running task's entry point, recording nothing (dead world). */
__attribute__((noreturn)) void lu_unwind(void);

/* World lifetime, used by the facade. */
struct lu_world *lu_world_create(uint64_t bugs);
void lu_world_destroy(struct lu_world *w);

/* Memory (kho_mem.c). */
void lu_mem_init(struct lu_mem *mem);
void lu_mem_destroy(struct lu_mem *mem);
/* Host memory of earlier kernels stays mapped but poisoned. */
void lu_mem_kexec(struct lu_mem *mem);
struct page *lu_pfn_to_page(unsigned long pfn);
unsigned long lu_virt_to_pfn(const void *addr);
unsigned long lu_mem_first_pfn(void);

/* Slab (lu_runtime.c). */
void lu_kmem_free_all(struct lu_world *w);
/* Each live kzalloc block of @w: its site (NULL: the simulation's) and size. */
void lu_kmem_for_each(const struct lu_world *w,
		      void (*fn)(void *ctx, const struct lu_alloc_site *at,
				 size_t size),
		      void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* LU_WORLD_H */
