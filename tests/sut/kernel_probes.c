// SPDX-License-Identifier: GPL-2.0
/*
 * Direct calls into the port's kernel layer for the unit tests: misuse of
 * KHO, the direct map, mutexes, the slab and BUG/WARN, each of which must be
 * reported (and, where fatal, unwind to the caller as LU_FATAL).
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "kernel_probes.h"

int probe_double_preserve(void *arg)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	kho_preserve_folio(folio);
	kho_preserve_folio(folio);
	return 0;
}

int probe_unpreserve_unpreserved(void *arg)
{
	kho_unpreserve_folio(folio_alloc(GFP_KERNEL, 0));
	return 0;
}

int probe_unpreserve_wrong_order(void *arg)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 1);

	kho_preserve_folio(folio);
	kho_unpreserve_pages(&folio->page, 1);
	return 0;
}

int probe_alloc_preserve(void *arg)
{
	struct lu_op_args *a = arg;
	void *p = kho_alloc_preserve(a->x ? a->x : PAGE_SIZE);

	if (IS_ERR(p))
		return PTR_ERR(p);
	a->out = virt_to_phys(p);
	a->y = (unsigned long)p;
	return 0;
}

int probe_alloc_plain(void *arg)
{
	struct lu_op_args *a = arg;

	a->out = page_to_phys(alloc_pages(GFP_KERNEL, 0));
	return 0;
}

int probe_alloc_errors(void *arg)
{
	void *zero = kho_alloc_preserve(0);
	void *huge = kho_alloc_preserve(PAGE_SIZE << (MAX_PAGE_ORDER + 1));

	if (!zero || !huge)
		return -1;
	if (PTR_ERR(zero) != -EINVAL || PTR_ERR(huge) != -E2BIG)
		return -2;
	return 0;
}

int probe_restore(void *arg)
{
	struct lu_op_args *a = arg;

	a->out = kho_restore_folio(a->x) != NULL;
	return 0;
}

int probe_phys_to_virt(void *arg)
{
	struct lu_op_args *a = arg;

	phys_to_virt(a->x);
	a->out = 1;
	return 0;
}

int probe_virt_to_phys(void *arg)
{
	struct lu_op_args *a = arg;

	a->out = virt_to_phys((void *)(unsigned long)a->x);
	return 0;
}

struct locked {
	struct mutex lock;
	int value;
};

int probe_recursive_lock(void *arg)
{
	struct locked *l = kzalloc(sizeof(*l), GFP_KERNEL);

	mutex_init(&l->lock);
	mutex_lock(&l->lock);
	mutex_lock(&l->lock);
	return 0;
}

int probe_return_locked(void *arg)
{
	struct locked *l = kzalloc(sizeof(*l), GFP_KERNEL);

	mutex_init(&l->lock);
	mutex_lock(&l->lock);
	return 0;
}

int probe_assert_unheld(void *arg)
{
	struct locked *l = kzalloc(sizeof(*l), GFP_KERNEL);

	mutex_init(&l->lock);
	lockdep_assert_held(&l->lock);
	return 0;
}

int probe_free_held_mutex(void *arg)
{
	struct locked *l = kzalloc(sizeof(*l), GFP_KERNEL);

	mutex_init(&l->lock);
	mutex_lock(&l->lock);
	kfree(l);
	return 0;
}

int probe_lock_destroyed(void *arg)
{
	struct locked *l = kzalloc(sizeof(*l), GFP_KERNEL);

	mutex_init(&l->lock);
	mutex_destroy(&l->lock);
	mutex_lock(&l->lock);
	return 0;
}

int probe_lock_null(void *arg)
{
	struct locked *l = NULL;

	mutex_lock(&l->lock);
	return 0;
}

int probe_kfree_twice(void *arg)
{
	void *p = kzalloc(16, GFP_KERNEL);

	kfree(p);
	kfree(p);
	return 0;
}

int probe_kzalloc(void *arg)
{
	struct lu_op_args *a = arg;
	void *p = kzalloc(16, GFP_KERNEL);

	a->out = p != NULL;
	kfree(p);
	return 0;
}

int probe_bug_on(void *arg)
{
	BUG_ON(arg != NULL);
	return 0;
}

int probe_warn_on(void *arg)
{
	struct lu_op_args *a = arg;

	WARN_ON(a->x == 1);
	a->out = 1;
	return 0;
}

static struct mutex foreign_lock;

int probe_unlock_foreign(void *arg)
{
	struct lu_op_args *a = arg;

	/* a->a selects the step: 1 = init and lock (task 1), 2 = unlock. */
	if (a->a == 1) {
		mutex_init(&foreign_lock);
		mutex_lock(&foreign_lock);
	} else {
		mutex_unlock(&foreign_lock);
	}
	return 0;
}
