// SPDX-License-Identifier: GPL-2.0
/*
 * kzalloc/kfree for the port: host heap blocks, tracked per world so that
 * frees are validated, held mutexes inside freed blocks are caught, leaks
 * are countable, and a kexec can throw away the old kernel's heap.
 */
#include <stdlib.h>

#include <linux/bug.h>
#include <linux/slab.h>
#include <lu/world.h>

struct lu_kmem {
	struct lu_kmem *next, *prev;
	const struct lu_alloc_site *site;
	size_t size;
	unsigned long long data[];
};

void lu_mutex_free_range(const void *start, size_t size);

void *lu_kzalloc(size_t size, gfp_t flags, const struct lu_alloc_site *at)
{
	struct lu_world *w = lu_cur;
	struct lu_kmem *b;

	lu_sched_point(LU_SCHED_alloc, NULL);
	if (lu_should_fail(LU_SITE_kzalloc))
		return NULL;
	b = calloc(1, sizeof(*b) + size);
	if (!b)
		lu_fatal(LU_EV_mem, "host out of memory (%zu bytes)", size);
	b->size = size;
	b->site = at;
	b->prev = NULL;
	b->next = w->kmem;
	if (w->kmem)
		w->kmem->prev = b;
	w->kmem = b;
	w->kmem_live++;
	if (lu_site_in_series(at))
		w->series_kmem++;
	return b->data;
}

void (kfree)(const void *p)
{
	struct lu_world *w = lu_cur;
	struct lu_kmem *b;

	if (!p)
		return;
	for (b = w->kmem; b; b = b->next)
		if ((const void *)b->data == p)
			break;
	if (!b)
		lu_fatal(LU_EV_mem, "kfree(%p): not allocated by kzalloc, or already freed",
			 p);
	lu_mutex_free_range(b->data, b->size);
	if (b->prev)
		b->prev->next = b->next;
	else
		w->kmem = b->next;
	if (b->next)
		b->next->prev = b->prev;
	w->kmem_live--;
	if (lu_site_in_series(b->site))
		w->series_kmem--;
	free(b);
}

/* Drop the whole heap of the running kernel (kexec, or world teardown). */
void lu_kmem_free_all(struct lu_world *w)
{
	struct lu_kmem *b = w->kmem, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	w->kmem = NULL;
	w->kmem_live = 0;
	w->series_kmem = 0;
	w->nr_mutexes = 0;
}

void lu_kmem_for_each(const struct lu_world *w,
		      void (*fn)(void *ctx, const struct lu_alloc_site *at,
				 size_t size),
		      void *ctx)
{
	const struct lu_kmem *b;

	for (b = w->kmem; b; b = b->next)
		fn(ctx, b->site, b->size);
}
