// SPDX-License-Identifier: GPL-2.0
/*
 * The world: creation and teardown, the running-world pointer, the hook
 * trampolines with their defaults, and the event log. A fatal event
 * records itself and unwinds the running task to its entry point.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/alloc_tag.h>
#include <lu/world.h>

__thread struct lu_world *lu_cur;

static const char *const site_names[] = {
#define LU_SITE_NAME(name) #name,
	LU_SITES(LU_SITE_NAME)
#undef LU_SITE_NAME
};

static const char *const sched_names[] = {
#define LU_SCHED_NAME(name) #name,
	LU_SCHED_KINDS(LU_SCHED_NAME)
#undef LU_SCHED_NAME
};

static const char *const event_names[] = {
#define LU_EVENT_NAME(name) #name,
	LU_EVENT_KINDS(LU_EVENT_NAME)
#undef LU_EVENT_NAME
};

const char *lu_site_name(enum lu_site site)
{
	return site < LU_NR_SITES ? site_names[site] : "?";
}

const char *lu_sched_kind_name(enum lu_sched_kind kind)
{
	return kind < LU_NR_SCHED_KINDS ? sched_names[kind] : "?";
}

const char *lu_event_kind_name(enum lu_event_kind kind)
{
	return kind < LU_NR_EVENT_KINDS ? event_names[kind] : "?";
}

bool lu_event_is_fatal(enum lu_event_kind kind)
{
	return kind == LU_EV_bug || kind == LU_EV_panic || kind == LU_EV_oops ||
	       kind == LU_EV_mem || kind == LU_EV_lock;
}

bool lu_site_in_series(const struct lu_alloc_site *at)
{
	if (!at)
		return false;
	/* Every site is a static of LU_ALLOC_SITE(), writable: cache the answer. */
	if (at->series < 0)
		((struct lu_alloc_site *)at)->series =
			!!strstr(at->file, "drivers/iommu/liveupdate");
	return at->series;
}

static const struct lu_alloc_site **call_site_slot(void)
{
	struct lu_world *w = lu_cur;
	int task = lu_current_task();

	if (!w || task < 0 || task > LU_MAX_TASKS)
		return NULL;
	return &w->call_site[task];
}

void lu_call_site_enter_nosleep(struct lu_call_frame *f,
				const struct lu_alloc_site *at)
{
	struct lu_world *w = lu_cur;

	if (!w || !lu_site_in_series(at))
		return;
	f->slot = &w->nosleep_site;
	f->prev = w->nosleep_site;
	w->nosleep_site = at;
}

void lu_call_site_enter(struct lu_call_frame *f, const struct lu_alloc_site *at)
{
	if (!lu_site_in_series(at))
		return;
	f->slot = call_site_slot();
	if (f->slot) {
		f->prev = *f->slot;
		*f->slot = at;
		lu_cur->last_site[f->slot - lu_cur->call_site] = at;
	}
}

int lu_current_task(void)
{
	struct lu_world *w = lu_cur;

	if (w && w->hooks.current_task)
		return w->hooks.current_task(w->hooks.ctx);
	return 1;
}

bool lu_should_fail(enum lu_site site)
{
	struct lu_world *w = lu_cur;
	unsigned long nth;

	if (w->faults_off)
		return false;
	nth = ++w->site_calls[site];
	return w->hooks.should_fail && w->hooks.should_fail(w->hooks.ctx, site, nth);
}

void lu_sched_point(enum lu_sched_kind kind, const void *obj)
{
	struct lu_world *w = lu_cur;

	w->sched_points++;
	if (w->hooks.sched_point)
		w->hooks.sched_point(w->hooks.ctx, kind, obj);
	/*
	 * Other tasks ran meanwhile, and entries and exits of simulated threads
	 * do not nest: this task's world is the running one again.
	 */
	lu_cur = w;
	/* Another task killed the machine while this one was preempted. */
	if (w->dead)
		lu_unwind();
}

void lu_unwind(void)
{
	struct lu_world *w = lu_cur;
	int task = lu_current_task();

	if (task >= 0 && task <= LU_MAX_TASKS && w->landing[task])
		longjmp(*w->landing[task], 1);
	fprintf(stderr, "lu: task %d has no entry point to unwind to\n", task);
	abort();
}

static void lu_record(enum lu_event_kind kind, const char *fmt, va_list ap)
{
	struct lu_world *w = lu_cur;
	struct lu_event *ev;
	char msg[LU_EVENT_MSG];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (w && kind != LU_EV_warn) {
		const struct lu_alloc_site **slot = call_site_slot();
		const struct lu_alloc_site *at = w->nosleep_site;
		const char *file;
		size_t len = strlen(msg);

		if (!at && slot)
			at = *slot;
		file = at ? strstr(at->file, "drivers/") : NULL;
		if (at && len < sizeof(msg))
			snprintf(msg + len, sizeof(msg) - len, " [from %s() at %s:%d]",
				 at->func, file ? file : at->file, at->line);
	}
	if (!w) {
		fprintf(stderr, "lu: %s outside a world: %s\n",
			lu_event_kind_name(kind), msg);
		abort();
	}
	if (w->nr_events < LU_MAX_EVENTS) {
		ev = &w->events[w->nr_events];
		ev->kind = kind;
		ev->task = lu_current_task();
		snprintf(ev->msg, sizeof(ev->msg), "%s", msg);
	}
	w->nr_events++;
	w->nr_by_kind[kind]++;
	if (w->hooks.report)
		w->hooks.report(w->hooks.ctx, kind, msg);
}

void lu_log(enum lu_event_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lu_record(kind, fmt, ap);
	va_end(ap);
}

void lu_report(enum lu_event_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lu_record(kind, fmt, ap);
	va_end(ap);
	if (lu_event_is_fatal(kind))
		lu_fatal(kind, "(fatal event above)");
}

void lu_fatal(enum lu_event_kind kind, const char *fmt, ...)
{
	struct lu_world *w = lu_cur;
	int task = lu_current_task();
	va_list ap;

	if (fmt[0] != '(') {
		va_start(ap, fmt);
		lu_record(kind, fmt, ap);
		va_end(ap);
	}
	w->dead = true;
	if (task >= 0 && task <= LU_MAX_TASKS && w->landing[task])
		longjmp(*w->landing[task], 1);
	fprintf(stderr, "lu: fatal %s with no entry point to unwind to\n",
		lu_event_kind_name(kind));
	abort();
}

struct lu_world *lu_world_create(uint64_t bugs)
{
	struct lu_world *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->bugs = bugs;
	w->kho_enabled = true;
	lu_mem_init(&w->mem);
	return w;
}

void lu_world_destroy(struct lu_world *w)
{
	struct lu_world *prev = lu_cur;
	unsigned int i;

	if (!w)
		return;
	lu_cur = w;
	lu_kmem_free_all(w);
	for (i = 0; i < w->nr_flbs; i++)
		free(w->flbs[i]);
	free(w->luo_session_lock);
	lu_mem_destroy(&w->mem);
	lu_cur = prev == w ? NULL : prev;
	free(w);
}
